using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Flows;

/// <summary><c>list_flows</c>: the scheduled flows, without their prompts.</summary>
internal static class ListFlowsTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "list_flows",
        Title = "List scheduled flows",
        Toolset = Toolsets.Flows,
        Description = "List scheduled flows (cron schedules that launch an agent with a prompt): schedule, agent, enabled, next/last run.",
        Hints = ToolHints.Read,
        Output = OutputSchemas.For(FlowsJsonContext.Default.FlowListResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, "/flows", "List flows"), ct).ConfigureAwait(false);
        if (!response.Ok || response.Json.ValueKind != JsonValueKind.Array)
        {
            return ToolOutcome.Error(Results.Failure(response.Error ?? "List flows failed: invalid response payload"));
        }

        var flows = response.Json.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object).Select(f => FlowApi.Parse(f, withDetails: false)).ToList();
        var message = flows.Count == 0 ? "No flows; create_flow schedules one" : $"{flows.Count} flow{(flows.Count == 1 ? string.Empty : "s")}";
        return ToolOutcome.Success(Results.Of(new FlowListResult(true, message) { Flows = flows }, FlowsJsonContext.Default.FlowListResult));
    }
}
