using System.Text.RegularExpressions;

namespace CaoOps.Tools;

internal enum ParamKind
{
    String,
    Integer,
    Boolean,
    StringArray,
    StringMap,
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

    /// <summary>Default shown in the schema (the handler applies it).</summary>
    public string? DefaultJson { get; init; }

    /// <summary>When true an empty string counts as "not given" (upstream treats falsy values as absent).</summary>
    public bool EmptyIsAbsent { get; init; }
}
