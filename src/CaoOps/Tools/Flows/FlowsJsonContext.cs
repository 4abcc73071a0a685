using System.ComponentModel;
using System.Text.Json.Serialization;

namespace CaoOps.Tools.Flows;

/// <summary>A scheduled flow as the flow tools report it.</summary>
internal sealed record FlowInfo(string Name, string Schedule, string AgentProfile, string? Provider, bool Enabled)
{
    public string? NextRun { get; init; }

    public string? LastRun { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PromptTemplate { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FilePath { get; init; }

    /// <summary>A script that fills [[placeholders]] (flows registered from files); used, not reported.</summary>
    [JsonIgnore]
    public string? Script { get; init; }
}

internal sealed record FlowListResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<FlowInfo>? Flows { get; init; }
}

internal sealed record FlowResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public FlowInfo? Flow { get; init; }
}

internal sealed record RunFlowResult(bool Success, string Message)
{
    [Description("false when cao-server skipped the run")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Executed { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TerminalId { get; init; }
}

internal sealed record DeleteFlowResult(bool Success, string Message)
{
    [Description("the flow file cao-server leaves on disk")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FileLeft { get; init; }

    [Description("the flow's session, if it still runs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? SessionLeft { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FlowListResult))]
[JsonSerializable(typeof(FlowResult))]
[JsonSerializable(typeof(RunFlowResult))]
[JsonSerializable(typeof(DeleteFlowResult))]
internal sealed partial class FlowsJsonContext : JsonSerializerContext;
