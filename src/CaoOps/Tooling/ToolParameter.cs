using System.Text.RegularExpressions;

namespace CaoOps.Tooling;

internal enum ParamKind
{
    String,
    Integer,
    Boolean,
    StringArray,
    StringMap,

    /// <summary>A JSON object with values of any type (e.g. a workflow's typed inputs).</summary>
    Object,
}

/// <summary>A pattern an argument must match, and the sentence that explains it when it does not.</summary>
internal sealed record ParamRule(Regex Pattern, string Explanation);

/// <summary>
/// One tool argument. The same declaration produces the JSON Schema advertised in tools/list and drives the
/// validation every call goes through, so the two cannot drift apart.
/// </summary>
internal sealed record ToolParameter(string Name, ParamKind Kind, string Description)
{
    public bool Required { get; init; }

    /// <summary>Allowed values, matched case-insensitively and normalised to the listed spelling.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>Message for a value outside <see cref="Enum"/> (given the value); default names the allowed values.</summary>
    public Func<string, string>? EnumError { get; init; }

    public ParamRule? Rule { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    /// <summary>Default as JSON: shown in the schema and applied by <see cref="ToolArguments"/> when the argument is absent.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>The typed default (string, long, bool …), or null.</summary>
    internal object? DefaultValue => DefaultJson is null ? null : ToolArguments.DefaultOf(this);

    /// <summary>When true an empty string counts as "not given" (upstream treats falsy values as absent).</summary>
    public bool EmptyIsAbsent { get; init; }
}
