using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary><c>list_workflow_runs</c>: journaled runs, newest first.</summary>
internal static class ListWorkflowRunsTool
{
    private static readonly string[] States = ["running", "completed", "failed", "cancelled"];

    public static readonly ToolDefinition Definition = new()
    {
        Name = "list_workflow_runs",
        Title = "List workflow runs",
        Toolset = Toolsets.Workflows,
        Description = "List workflow runs, newest first.",
        Hints = ToolHints.Read,
        Parameters =
        [
            new("state", ParamKind.String, "Filter.") { Enum = States },
            new("limit", ParamKind.Integer, "Max runs.") { Minimum = 1, Maximum = 500, DefaultJson = "20" },
        ],
        Output = OutputSchemas.For(WorkflowsJsonContext.Default.RunListResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        List<KeyValuePair<string, string>> query = [new("limit", call.Args.Integer("limit")!.Value.ToString(CultureInfo.InvariantCulture))];
        if (call.Args.String("state") is { } state)
        {
            query.Add(new("state", state));
        }

        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, "/workflows/runs", "List workflow runs") { Query = query }, ct).ConfigureAwait(false);
        if (!response.Ok || response.Json.ValueKind != JsonValueKind.Array)
        {
            return ToolOutcome.Error(Results.Failure(response.Error ?? "List workflow runs failed: invalid response payload"));
        }

        var runs = response.Json.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object).Select(r => new RunSummary(
            JsonFields.Str(r, "run_id") ?? string.Empty,
            JsonFields.Str(r, "workflow_name") ?? string.Empty,
            JsonFields.Str(r, "state") ?? string.Empty,
            JsonFields.Str(r, "started_at"),
            JsonFields.Str(r, "finished_at"))).ToList();
        var message = runs.Count == 0 ? "No workflow runs" : $"{runs.Count} run{(runs.Count == 1 ? string.Empty : "s")}, newest first";
        return ToolOutcome.Success(Results.Of(new RunListResult(true, message) { Runs = runs }, WorkflowsJsonContext.Default.RunListResult));
    }
}
