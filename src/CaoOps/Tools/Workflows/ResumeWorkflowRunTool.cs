using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary>
/// <c>resume_workflow_run</c>: continues a cancelled or failed run from its journal (finished steps are replayed, not
/// re-run). Decisions are checked against the run's steps first; the blocking resume request is held like a waited run.
/// </summary>
internal static class ResumeWorkflowRunTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "resume_workflow_run",
        Title = "Resume a workflow run",
        Toolset = Toolsets.Workflows,
        Description = $"Continue a cancelled or failed workflow run (finished steps are not re-run). {WorkflowApi.RunWarning} Unfinished steps need a decision, rerun or skip. Waits up to {RunWorkflowTool.DefaultWait} s with progress; returns the run and the script's output.",
        Hints = new ToolHints(ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: true),
        Parameters =
        [
            WorkflowApi.RunId,
            new("decisions", ParamKind.StringMap, "Step id to rerun or skip, e.g. {\"build\":\"rerun\"}."),
        ],
        Output = OutputSchemas.For(WorkflowsJsonContext.Default.WorkflowRunResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var runId = call.Args.String("run_id")!;
        var decisions = call.Args.StringMap("decisions") ?? new Dictionary<string, string>();
        if (decisions.FirstOrDefault(d => d.Value is not ("rerun" or "skip")) is { Key: not null } bad)
        {
            return Fail($"step '{bad.Key}': '{bad.Value}' is not a recovery decision (accepted: rerun, skip); nothing was resumed");
        }

        var run = await WorkflowApi.GetRunAsync(call, runId, ct).ConfigureAwait(false);
        if (!run.Ok || run.Json.ValueKind != JsonValueKind.Object)
        {
            return Fail(WorkflowApi.Failure(run, "list_workflow_runs shows the runs cao-server keeps"));
        }

        var state = JsonFields.Str(run.Json, "state");
        if (state is "running" or "completed")
        {
            return Fail($"Run '{runId}' is {state}; only a cancelled or failed run can be resumed{(state == "running" ? " (cancel_workflow_run stops it)" : string.Empty)}");
        }

        var steps = WorkflowApi.Steps(run.Json);
        if (decisions.Keys.FirstOrDefault(k => !steps.Any(s => s.Id == k)) is { } unknown)
        {
            return Fail($"Run '{runId}' has no step '{unknown}' (its steps: {string.Join(", ", steps.Select(s => s.Id))}); nothing was resumed");
        }

        var body = decisions.Count == 0 ? (JsonElement?)null : JsonBuild.Write(w =>
        {
            w.WriteStartObject();
            w.WriteStartObject("decisions");
            foreach (var (step, decision) in decisions)
            {
                w.WriteString(step, decision);
            }

            w.WriteEndObject();
            w.WriteEndObject();
        });
        var watch = RunWatches.Start(call.Services.Cao, runId, new ApiRequest(HttpMethod.Post, CaoPath.Of("workflows", "runs", runId, "resume"), $"Resume workflow run '{runId}'") { Body = body });

        return await RunWaiter.WaitAsync(call, runId, watch, TimeSpan.FromSeconds(RunWorkflowTool.DefaultWait), ct).ConfigureAwait(false);
    }

    private static ToolOutcome Fail(string message) => ToolOutcome.Error(Results.Failure(message));
}
