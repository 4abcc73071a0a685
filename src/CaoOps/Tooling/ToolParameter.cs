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

/// <summary>
/// A pattern an argument must match, and the sentence that explains it when it does not. Every call is checked against
/// it; <paramref name="InSchema"/> also advertises it as the schema's <c>pattern</c> (worth its bytes only when short and
/// telling, like a terminal id: long name patterns cost every conversation context and the check explains itself).
/// </summary>
internal sealed record ParamRule(Regex Pattern, string Explanation, bool InSchema = false);

/// <summary>
/// One tool argument. The same declaration produces the JSON Schema advertised in tools/list and drives the
/// validation every call goes through, so the two cannot drift apart.
/// </summary>
internal sealed record ToolParameter(string Name, ParamKind Kind, string Description)
{
    public bool Required { get; init; }

    /// <summary>Allowed values, matched case-insensitively and normalised to the listed spelling.</summary>
    public IReadOnlyList<string>? Enum { get; init; }

    /// <summary>Whether <see cref="Enum"/> is advertised in the schema (a long list that a tool lists anyway can stay out).</summary>
    public bool EnumInSchema { get; init; } = true;

    /// <summary>Message for a value outside <see cref="Enum"/> (given the value); default names the allowed values.</summary>
    public Func<string, string>? EnumError { get; init; }

    public ParamRule? Rule { get; init; }

    public long? Minimum { get; init; }

    public long? Maximum { get; init; }

    /// <summary>Default as JSON: shown in the schema and applied by <see cref="ToolArguments"/> when the argument is absent.</summary>
    public string? DefaultJson { get; init; }

    /// <summary>The typed default (string, long, bool …), or null.</summary>
    internal object? DefaultValue => DefaultJson is null ? null : ToolArguments.DefaultOf(this);

    /// <summary>Text delivered to an agent's terminal: control characters other than tab and line breaks are refused (<see cref="AgentText"/>).</summary>
    public bool ForAgent { get; init; }

    /// <summary>Most characters a string (or each item, map key and value) may have; null: <see cref="ArgumentLimits.For"/>. Never advertised.</summary>
    public int? MaxLength { get; init; }

    /// <summary>When true an empty string counts as "not given" (upstream treats falsy values as absent).</summary>
    public bool EmptyIsAbsent { get; init; }
}
