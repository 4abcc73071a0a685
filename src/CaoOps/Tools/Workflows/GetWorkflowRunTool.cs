namespace CaoOps.Tools.Workflows;

/// <summary><c>get_workflow_run</c>: a run's state and steps; waits with progress when asked; the output when cao-ops holds it.</summary>
internal static class GetWorkflowRunTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_workflow_run",
        Title = "Get a workflow run",
        Toolset = Toolsets.Workflows,
        Description = "A workflow run's state and steps; when finished, the script's output if this cao-ops ran it waiting. wait_seconds waits, with progress.",
        Hints = ToolHints.Read,
        Parameters = [WorkflowApi.RunId, WorkflowApi.WaitSeconds(0, "Seconds to wait while it runs.")],
        Output = OutputSchemas.For(WorkflowsJsonContext.Default.WorkflowRunResult),
        Handler = (call, ct) =>
        {
            var runId = call.Args.String("run_id")!;
            var watch = RunWatches.Find(call.Services.Cao, runId);
            return RunWaiter.WaitAsync(call, runId, watch, TimeSpan.FromSeconds(call.Args.Integer("wait_seconds")!.Value), ct);
        },
    };
}
