using CaoOps.Tools;

namespace CaoOps.Control;

/// <summary>
/// Parameters the terminal-control tools share. Descriptions are short and some patterns are checked by the handler
/// (<see cref="Invalid"/>) instead of being spelled out in the schema: every byte of tools/list is in every conversation.
/// </summary>
internal static class ControlParameters
{
    public static readonly ToolParameter TerminalId = CommonParameters.TerminalId with { Description = "Terminal id (8 hex)." };

    /// <summary>The argument-error message for a value that breaks <paramref name="rule"/>, or null when it is absent or fine.</summary>
    public static string? Invalid(ToolCall call, string tool, string name, ParamRule rule) =>
        call.Args.String(name) is { } value && !rule.Pattern.IsMatch(value)
            ? $"Invalid arguments for {tool}: invalid {name} '{value}': {rule.Explanation}."
            : null;
}
