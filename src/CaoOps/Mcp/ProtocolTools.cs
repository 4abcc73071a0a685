using CaoOps.Tools.Sessions;
using CaoOps.Tools.Terminals;
using ModelContextProtocol.Protocol;

namespace CaoOps.Mcp;

/// <summary>Turns tool definitions and outcomes into MCP protocol objects.</summary>
internal static class ProtocolTools
{
    public static Tool ToProtocol(ToolDefinition tool) => new()
    {
        Name = tool.Name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = tool.InputSchema(),
        OutputSchema = tool.OutputSchema,
        Annotations = Annotations(tool.Hints),
    };

    /// <summary>
    /// Each hint that differs from MCP's default (readOnly false, destructive true, idempotent false, openWorld true);
    /// destructive and idempotent only for tools that write, the only ones they mean anything for. A client that applies
    /// the defaults reads every hint exactly as declared, and the catalogue is ~1 KB smaller than with every hint spelled out.
    /// </summary>
    public static ToolAnnotations Annotations(ToolHints hints) => new()
    {
        ReadOnlyHint = hints.ReadOnly ? true : null,
        DestructiveHint = !hints.ReadOnly && !hints.Destructive ? false : null,
        IdempotentHint = !hints.ReadOnly && hints.Idempotent ? true : null,
        OpenWorldHint = hints.OpenWorld ? null : false,
    };

    /// <summary>structuredContent is the complete answer; the text block carries the same JSON for clients that ignore it.</summary>
    public static CallToolResult ToResult(ToolOutcome outcome) => new()
    {
        StructuredContent = outcome.Result,
        Content = [new TextContentBlock { Text = JsonBuild.ToText(outcome.Result) }],
        IsError = outcome.IsError,
    };
}
