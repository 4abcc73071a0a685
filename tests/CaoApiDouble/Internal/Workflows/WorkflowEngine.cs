using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Workflows;

/// <summary>
/// Drives script runs through their states: running → completed / failed / cancelled. Each step runs in its own
/// <c>cao-&lt;8hex&gt;</c> session for its duration (a timer, or until the test advances it). Every member ending
/// in "Locked" must be called while holding <c>CaoState.Gate</c>.
/// </summary>
internal sealed class WorkflowEngine
{
    private readonly CaoState _state;
    private readonly CaoApiDoubleOptions _options;

    public WorkflowEngine(ServerContext ctx)
    {
        _state = ctx.State;
        _options = ctx.Options;
    }

    public static string Timestamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string? Timestamp(DateTime? utc) => utc is { } t ? Timestamp(t) : null;

    /// <summary>Starts a drive: a new run, or a resume (completed steps replay, authorised ones re-run).</summary>
    public void StartDriveLocked(WorkflowRun run, bool resume)
    {
        run.Epoch++;
        run.Resuming = resume;
        run.DriveSteps.Clear();
        run.Manual = null;
        run.State = "running";
        run.FinishedAt = null;
        run.Kind = null;
        run.Warnings.Clear();
        run.Completion = new TaskCompletionSource<JObj>(TaskCreationOptions.RunContinuationsAsynchronously);
        Schedule(run, resume ? TimeSpan.Zero : run.Spec.StartDelay, () => StepLocked(run, 0));
    }

    /// <summary>Runs the transition the run is waiting on; false when it waits on a timer (or nothing).</summary>
    public static bool TryAdvanceLocked(WorkflowRun run)
    {
        if (run.Manual is not { } next || run.State != "running")
        {
            return false;
        }

        run.Manual = null;
        next();
        return true;
    }

    public void CancelLocked(WorkflowRun run)
    {
        // The interrupted step keeps its journal state ("running"): that is what resume later trips over.
        FinishLocked(run, "cancelled", "cancelled", output: null, warning: null);
    }

    /// <summary>The WorkflowRunResult of the blocking routes (run and resume): the drive's steps and the emitted output.</summary>
    public static JObj BlockingResult(WorkflowRun run, object? output) => new()
    {
        { "run_id", run.RunId },
        { "workflow_name", run.WorkflowName },
        { "state", run.State },
        { "steps", run.DriveSteps.Select(ResultStep).ToList() },
        { "started_at", Timestamp(run.StartedAt) },
        { "finished_at", Timestamp(run.FinishedAt) },
        { "kind", run.Kind },
        { "output", output },
        { "warnings", run.Warnings.ToList() },
    };

    public static JObj ResultStep(WorkflowStepRecord step) => new()
    {
        { "id", step.Id },
        { "state", step.State },
        { "attempts", step.Attempts },
        { "output", null },
        { "error", step.Error },
    };

    private void StepLocked(WorkflowRun run, int index)
    {
        if (index >= run.Spec.Steps.Count)
        {
            object? output = run.Spec.Output is { } emit ? ParseOutput(emit(run.Inputs)) : null;
            FinishLocked(run, "completed", kind: null, output, warning: null);
            return;
        }

        var seed = run.Spec.Steps[index];
        var id = seed.Id ?? $"call-{index + 1}";
        var row = run.Steps.Find(s => s.Id == id);
        var rerun = false;
        if (run.Resuming && row is not null)
        {
            switch (row.State)
            {
                case "completed" or "completed_unvalidated" or "skipped":
                    run.DriveSteps.Add(row);
                    StepLocked(run, index + 1);
                    return;
                case "replay_authorized":
                    row.State = "skipped";
                    run.DriveSteps.Add(row);
                    StepLocked(run, index + 1);
                    return;
                case "rerun_authorized":
                    rerun = true;
                    break;
                default:
                    // Dispatched but never settled, no decision: the shim's run-step call is refused and the script dies.
                    FinishLocked(run, "failed", "error", output: null, Traceback(run, id, "ShimHTTPError: run-step returned HTTP 409"));
                    return;
            }
        }

        if (row is null)
        {
            row = new WorkflowStepRecord { Id = id, Index = index, CallFingerprint = Fingerprint(run.WorkflowName, index, id) };
            run.Steps.Add(row);
        }

        row.State = "running";
        row.Error = null;
        run.DriveSteps.Add(row);
        run.StepSession = _state.NewSessionNameLocked();
        var session = new SessionRecord { Name = run.StepSession };
        _state.Sessions[session.Name] = session;
        _state.AddTerminalLocked(session, new TerminalSpec("developer", "mock_cli", "processing")
        {
            WorkingDirectory = seed.WorkingDirectory ?? _options.DefaultWorkingDirectory,
        });
        Schedule(run, rerun ? seed.RerunDuration ?? seed.Duration : seed.Duration, () => EndStepLocked(run, index, row, seed));
    }

    private void EndStepLocked(WorkflowRun run, int index, WorkflowStepRecord row, WorkflowStepSeed seed)
    {
        RemoveStepSessionLocked(run);
        row.Attempts++;
        if (seed.Fails)
        {
            row.State = "failed";
            row.Error = $"step '{row.Id}' failed: the agent's terminal entered the error state";
            FinishLocked(run, "failed", "error", output: null, Traceback(run, row.Id, $"StepFailedError: {row.Error}"));
            return;
        }

        row.State = "completed";
        StepLocked(run, index + 1);
    }

    private void FinishLocked(WorkflowRun run, string state, string? kind, object? output, string? warning)
    {
        RemoveStepSessionLocked(run);
        run.Manual = null;
        run.State = state;
        run.Kind = kind;
        run.FinishedAt = DateTime.UtcNow;
        if (warning is not null)
        {
            run.Warnings.Add(warning);
        }

        run.Completion?.TrySetResult(BlockingResult(run, output));
    }

    private void RemoveStepSessionLocked(WorkflowRun run)
    {
        if (run.StepSession is { } name)
        {
            _state.RemoveSessionLocked(name);
            run.StepSession = null;
        }
    }

    private void Schedule(WorkflowRun run, TimeSpan? delay, Action next)
    {
        if (delay is null)
        {
            run.Manual = next;
            return;
        }

        var epoch = run.Epoch;
        _state.RunLater(delay.Value, () =>
        {
            lock (_state.Gate)
            {
                if (run.Epoch == epoch && run.State == "running")
                {
                    next();
                }
            }
        });
    }

    private static JsonElement ParseOutput(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static string Fingerprint(string workflow, int index, string id) =>
        "v2:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{workflow}\n{index}\n{id}")));

    private static string Traceback(WorkflowRun run, string stepId, string error) =>
        "Traceback (most recent call last):\n"
        + $"  File \"{CaoPaths.CaoHome}/workflow-script-scratch/{(run.Resuming ? "resume-" : string.Empty)}{run.RunId}.py\", line 4, in <module>\n"
        + $"    {stepId} = run_step(\"mock_cli\", \"developer\", ..., step_id=\"{stepId}\")\n"
        + "  File \"/opt/cao/site-packages/cao_workflow/__init__.py\", line 142, in _execute_step\n"
        + "    raise ShimHTTPError(response.status, response.body)\n"
        + $"cao_workflow.exceptions.{error}";
}
