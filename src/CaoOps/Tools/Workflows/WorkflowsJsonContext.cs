using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Tools.Workflows;

internal sealed record WorkflowSummary(string Name)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    [Description("script or a YAML mode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mode { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Path { get; init; }
}

internal sealed record WorkflowListResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<WorkflowSummary>? Workflows { get; init; }
}

internal sealed record WorkflowInput(string Type, bool Required)
{
    [Shape(CaoShapes.InputDefault)]
    public JsonElement? Default { get; init; }
}

internal sealed record LintFinding(string RuleId, string Severity, int? Line, string Message);

internal sealed record WorkflowSpecResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Path { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ContentHash { get; init; }

    [Description("pass or fail (cannot run)")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Lint { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, WorkflowInput>? Inputs { get; init; }

    [Description("line, rule, severity, message")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Findings { get; init; }
}

internal sealed record ValidateResult(bool Success, string Message)
{
    [Description("pass or fail")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Findings { get; init; }
}

internal sealed record RunStep(string Id, string State, int Attempts)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Error { get; init; }
}

internal sealed record WorkflowRunResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RunId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Workflow { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? State { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RunStep>? Steps { get; init; }

    [Shape(CaoShapes.Emitted)]

    [Description("what the script emitted (emit_output)")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Output { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Warnings { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? FinishedAt { get; init; }
}

internal sealed record RunSummary(string RunId, string Workflow, string State, string? StartedAt, string? FinishedAt);

internal sealed record RunListResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<RunSummary>? Runs { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(WorkflowListResult))]
[JsonSerializable(typeof(WorkflowSpecResult))]
[JsonSerializable(typeof(ValidateResult))]
[JsonSerializable(typeof(WorkflowRunResult))]
[JsonSerializable(typeof(RunListResult))]
internal sealed partial class WorkflowsJsonContext : JsonSerializerContext;
