using System.Text.Json;

namespace CaoOps.Testing.Internal.Workflows;

/// <summary>One journaled run of a script workflow. Guarded by <c>CaoState.Gate</c>.</summary>
internal sealed class WorkflowRun
{
    public required string RunId { get; init; }

    public required WorkflowSeed Spec { get; init; }

    /// <summary>The resolved inputs (defaults filled), a JSON object.</summary>
    public required JsonElement Inputs { get; init; }

    public string State { get; set; } = "running";

    public required DateTime StartedAt { get; init; }

    public DateTime? FinishedAt { get; set; }

    /// <summary>The journal's step rows, in first-execution order.</summary>
    public List<WorkflowStepRecord> Steps { get; } = [];

    /// <summary>The steps the current (or last) drive replayed or executed: the blocking routes' <c>steps</c>.</summary>
    public List<WorkflowStepRecord> DriveSteps { get; } = [];

    /// <summary>Bumped by every drive and by cancel, so timers of an earlier drive do nothing.</summary>
    public int Epoch { get; set; }

    /// <summary>The next transition, when it waits for <c>AdvanceWorkflowRun</c> instead of a timer.</summary>
    public Action? Manual { get; set; }

    /// <summary>The <c>cao-&lt;8hex&gt;</c> session of the running step.</summary>
    public string? StepSession { get; set; }

    /// <summary>Completed with the drive's WorkflowRunResult when it ends (blocking run and resume wait on it).</summary>
    public TaskCompletionSource<JObj>? Completion { get; set; }

    /// <summary>Whether the current drive is a resume (completed steps are replayed, not re-run).</summary>
    public bool Resuming { get; set; }

    public string? Kind { get; set; }

    public List<string> Warnings { get; } = [];

    public string WorkflowName => Spec.Name;
}

/// <summary>One journal step row.</summary>
internal sealed class WorkflowStepRecord
{
    public required string Id { get; init; }

    public required int Index { get; init; }

    public required string CallFingerprint { get; init; }

    public string State { get; set; } = "running";

    public int Attempts { get; set; }

    public string? Error { get; set; }
}
