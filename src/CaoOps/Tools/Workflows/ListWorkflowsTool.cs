using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary><c>list_workflows</c>: the workflow specs cao-server finds in its workflows folder.</summary>
internal static class ListWorkflowsTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "list_workflows",
        Title = "List workflows",
        Toolset = Toolsets.Workflows,
        Description = "List saved workflows (multi-step agent pipelines). get_workflow shows one's inputs.",
        Hints = ToolHints.Read,
        Output = OutputSchemas.For(WorkflowsJsonContext.Default.WorkflowListResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, "/workflows", "List workflows"), ct).ConfigureAwait(false);
        if (!response.Ok || response.Json.ValueKind != JsonValueKind.Array)
        {
            return ToolOutcome.Error(Results.Failure(response.Error ?? "List workflows failed: invalid response payload"));
        }

        var workflows = response.Json.EnumerateArray().Where(w => w.ValueKind == JsonValueKind.Object).Select(w => new WorkflowSummary(JsonFields.Str(w, "name") ?? string.Empty)
        {
            Description = JsonFields.Str(w, "description") is { Length: > 0 } d ? d : null,
            Mode = JsonFields.Str(w, "mode"),
            Path = JsonFields.Str(w, "source_path"),
        }).ToList();
        var message = workflows.Count == 0
            ? "No workflows: cao-server runs scripts saved as <CAO_HOME>/workflows/<name>.py"
            : $"{workflows.Count} workflow{(workflows.Count == 1 ? string.Empty : "s")}";
        return ToolOutcome.Success(Results.Of(new WorkflowListResult(true, message) { Workflows = workflows }, WorkflowsJsonContext.Default.WorkflowListResult));
    }
}
