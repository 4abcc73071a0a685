using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary>
/// Waits for a workflow run: polls its journal (backing off to 1 s), reports the step states as progress when they
/// change, and ends when the run leaves <c>running</c>, the blocking request cao-ops holds for it answers, or time
/// is up. Then builds the answer: journal steps, plus the script's output when cao-ops holds the request that ran it.
/// </summary>
internal static class RunWaiter
{
    public static async Task<ToolOutcome> WaitAsync(ToolCall call, string runId, RunWatch? watch, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(200);
        string? reported = null;
        JsonElement? run = null;
        while (true)
        {
            // With a request in flight, its answer ends the wait: until then the journal may still show the state
            // before the run (re)started.
            var done = watch is { Response.IsCompleted: true };
            if (done && !watch!.Response.Result.Ok)
            {
                return ToolOutcome.Error(Results.Failure(WorkflowApi.Failure(watch.Response.Result)));
            }

            var response = await WorkflowApi.GetRunAsync(call, runId, ct).ConfigureAwait(false);
            if (response.Ok && response.Json.ValueKind == JsonValueKind.Object)
            {
                run = response.Json;
                var progress = WorkflowApi.Progress(WorkflowApi.Steps(response.Json));
                if (progress != reported && timeout > TimeSpan.Zero && !done)
                {
                    reported = progress;
                    await call.ReportAsync(clock.Elapsed.TotalSeconds, timeout.TotalSeconds, $"{runId}: {progress} after {Seconds(clock.Elapsed)} s").ConfigureAwait(false);
                }

                if (done || (watch is null && JsonFields.Str(response.Json, "state") != "running"))
                {
                    return Answer(runId, response.Json, watch, clock.Elapsed, timedOut: false);
                }
            }
            else if (done)
            {
                return Answer(runId, watch!.Response.Result.Json, watch, clock.Elapsed, timedOut: false);
            }
            else if (!(WorkflowApi.IsNotFound(response) && watch is not null))
            {
                // Not found is expected only while the request that starts the run has not journaled it yet.
                return ToolOutcome.Error(Results.Failure(WorkflowApi.Failure(response, "list_workflow_runs shows the runs cao-server keeps")));
            }

            if (clock.Elapsed + delay > timeout)
            {
                return run is { } last
                    ? Answer(runId, last, watch, clock.Elapsed, timedOut: true)
                    : ToolOutcome.Error(Results.Failure($"Run '{runId}' did not appear in cao-server's journal within {Seconds(timeout)} s; list_workflow_runs shows the runs it has"));
            }

            var pause = Task.Delay(delay, call.Services.Time, ct);
            await (watch is null ? pause : Task.WhenAny(pause, watch.Response)).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    private static ToolOutcome Answer(string runId, JsonElement run, RunWatch? watch, TimeSpan elapsed, bool timedOut)
    {
        var state = JsonFields.Str(run, "state") ?? "unknown";
        var workflow = JsonFields.Str(run, "workflow_name");
        var steps = WorkflowApi.Steps(run);
        JsonElement? output = null;
        IReadOnlyList<string>? warnings = null;
        var held = watch is { Response.IsCompletedSuccessfully: true } && watch.Response.Result.Ok && JsonFields.Str(watch.Response.Result.Json, "state") == state;
        if (held)
        {
            var result = watch!.Response.Result.Json;
            output = result.TryGetProperty("output", out var o) && o.ValueKind != JsonValueKind.Null ? o.Clone() : null;
            warnings = result.TryGetProperty("warnings", out var w) && w.ValueKind == JsonValueKind.Array && w.GetArrayLength() > 0
                ? [.. w.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
                : null;
        }

        var message = state switch
        {
            "running" when timedOut => $"Run '{runId}' is still running after {Seconds(elapsed)} s ({WorkflowApi.Progress(steps)}). Call get_workflow_run with wait_seconds to keep waiting{(watch is null ? string.Empty : "; cao-ops keeps the run's connection, so its output is not lost")}.",
            "running" => $"Run '{runId}' is running ({WorkflowApi.Progress(steps)}); get_workflow_run with wait_seconds waits for it.",
            "completed" => $"Run '{runId}' of {workflow} completed. " + (held
                ? output is null ? "The script emitted no output." : "'output' is what the script emitted."
                : watch is { Response.IsCompleted: false } ? "Its output is on its way: call get_workflow_run again."
                : "Its emitted output is not available: cao-server returns it only to the call that ran or resumed the run while it waited (run_workflow with wait_seconds > 0, resume_workflow_run)."),
            _ => $"Run '{runId}' of {workflow} is {state}.{Failure(steps, warnings)}{Recovery(state, steps)}",
        };
        var answer = new WorkflowRunResult(true, message)
        {
            RunId = runId,
            Workflow = workflow,
            State = state,
            Steps = steps,
            Output = output,
            Warnings = warnings,
            FinishedAt = JsonFields.Str(run, "finished_at"),
        };
        return ToolOutcome.Success(Results.Of(answer, WorkflowsJsonContext.Default.WorkflowRunResult));
    }

    private static string Failure(IReadOnlyList<RunStep> steps, IReadOnlyList<string>? warnings)
    {
        var failed = steps.FirstOrDefault(s => s.State == "failed" && s.Error is not null);
        var last = (warnings is { Count: > 0 } ? warnings[^1] : null)?.Split('\n').LastOrDefault(l => l.Length > 0);
        return (failed is null ? string.Empty : $" Step '{failed.Id}': {failed.Error}.") + (last is null ? string.Empty : $" The script ended with: {last}");
    }

    /// <summary>How to resume: steps that never settled (interrupted by a cancel, or failed) need a decision.</summary>
    public static string Recovery(string state, IReadOnlyList<RunStep> steps)
    {
        if (state is not ("cancelled" or "failed"))
        {
            return string.Empty;
        }

        var open = steps.Where(s => s.State is "running" or "failed" or "pending").Select(s => s.Id).ToList();
        if (open.Count == 0)
        {
            return " resume_workflow_run continues it.";
        }

        var names = string.Join(", ", open.Select(s => $"'{s}'"));
        var example = string.Join(",", open.Select(s => $"\"{s}\":\"rerun\""));
        return $" Step{(open.Count == 1 ? string.Empty : "s")} {names} did not finish{(state == "cancelled" ? " (the journal still shows it running)" : string.Empty)}: "
            + $"resume_workflow_run with decisions {{{example}}} runs {(open.Count == 1 ? "it" : "them")} again ('skip' skips).";
    }

    public static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
