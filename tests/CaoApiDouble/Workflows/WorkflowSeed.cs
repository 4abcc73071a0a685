using System.Text.Json;

namespace CaoOps.Testing;

/// <summary>
/// A script workflow (<c>&lt;CAO_HOME&gt;/workflows/&lt;name&gt;.py</c>) as the double models it: declared inputs,
/// lint findings, and a sequence of steps whose timing the test controls. Register with
/// <see cref="CaoApiDouble.SeedWorkflow"/>.
/// </summary>
public sealed record WorkflowSeed(string Name)
{
    /// <summary>The script text served by <c>GET /workflows/{name}</c>; its SHA-256 is the <c>content_hash</c>. Generated when null.</summary>
    public string? Source { get; init; }

    /// <summary>Declared <c>INPUTS</c>, in declaration order (the server validates them in this order).</summary>
    public IReadOnlyList<WorkflowInputSeed> Inputs { get; init; } = [];

    /// <summary>The <c>run_step</c> calls the script makes, in order.</summary>
    public IReadOnlyList<WorkflowStepSeed> Steps { get; init; } = [];

    /// <summary>Lint findings; any with severity <c>error</c> makes validate fail and submit answer 422.</summary>
    public IReadOnlyList<WorkflowFinding> Findings { get; init; } = [];

    /// <summary>
    /// What the script passes to <c>emit_output</c>, as JSON text, given the resolved inputs (a JSON object).
    /// Null: the script emits nothing (<c>output: null</c>).
    /// </summary>
    public Func<JsonElement, string>? Output { get; init; }

    /// <summary>Time from the run's start to its first step (the Python process starting). Null: wait for <see cref="CaoApiDouble.AdvanceWorkflowRunAsync"/>.</summary>
    public TimeSpan? StartDelay { get; init; } = TimeSpan.Zero;
}

/// <summary>One declared input: <c>{"type": …, "required": …, "default": …}</c>.</summary>
/// <param name="Name">Input name.</param>
/// <param name="Type"><c>string</c>, <c>int</c>, <c>bool</c> or <c>path</c>.</param>
/// <param name="Required">Whether a value must be given when there is no default.</param>
/// <param name="DefaultJson">The default as JSON text (e.g. <c>2</c>, <c>false</c>, <c>"x"</c>), or null for none.</param>
public sealed record WorkflowInputSeed(string Name, string Type, bool Required = false, string? DefaultJson = null);

/// <summary>One <c>run_step</c> call. Each step runs in its own <c>cao-&lt;8hex&gt;</c> session while it is running.</summary>
/// <param name="Id">The step id (<c>step_id=</c>); null gives <c>call-1</c>, <c>call-2</c>, … by position.</param>
public sealed record WorkflowStepSeed(string? Id = null)
{
    /// <summary>How long the first execution runs. Null: until <see cref="CaoApiDouble.AdvanceWorkflowRunAsync"/> (or a cancel).</summary>
    public TimeSpan? Duration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>How long a re-execution (resume with a <c>rerun</c> decision) runs; defaults to <see cref="Duration"/>.</summary>
    public TimeSpan? RerunDuration { get; init; }

    /// <summary>The step's agent ends in error: the step is <c>failed</c> and the script dies (run <c>failed</c>).</summary>
    public bool Fails { get; init; }

    /// <summary>Working directory of the step's session (default: the double's <see cref="CaoApiDoubleOptions.DefaultWorkingDirectory"/>).</summary>
    public string? WorkingDirectory { get; init; }
}

/// <summary>A lint finding as cao-server reports it.</summary>
public sealed record WorkflowFinding(string RuleId, string Severity, int Line, string Message);
