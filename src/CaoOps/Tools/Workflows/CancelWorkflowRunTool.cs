using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary><c>cancel_workflow_run</c>: stops a running run (its step's agent session is removed).</summary>
internal static class CancelWorkflowRunTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "cancel_workflow_run",
        Title = "Cancel a workflow run",
        Toolset = Toolsets.Workflows,
        Description = "Cancel a running workflow run; its current step's agent work is lost. resume_workflow_run can continue it.",
        Hints = new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false),
        Parameters = [WorkflowApi.RunId],
        Output = OutputSchemas.For(WorkflowsJsonContext.Default.WorkflowRunResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var runId = call.Args.String("run_id")!;
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Post, CaoPath.Of("workflows", "runs", runId, "cancel"), $"Cancel workflow run '{runId}'"), ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            var hint = response.StatusCode == 409 ? " — nothing to cancel" : string.Empty;
            return ToolOutcome.Error(Results.Failure(WorkflowApi.Failure(response, "list_workflow_runs shows the runs cao-server keeps") + hint));
        }

        return await RunWaiter.WaitAsync(call, runId, watch: null, TimeSpan.Zero, ct).ConfigureAwait(false);
    }
}
