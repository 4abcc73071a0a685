using CaoOps.Cao;

namespace CaoOps.Tools.Flows;

/// <summary><c>set_flow_enabled</c>: enable (next run recomputed) or disable a flow's schedule.</summary>
internal static class SetFlowEnabledTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "set_flow_enabled",
        Title = "Enable or disable a flow",
        Toolset = Toolsets.Flows,
        Description = "Turn a flow's schedule on or off (run_flow still runs a disabled flow).",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: false),
        Parameters = [FlowApi.Name, new("enabled", ParamKind.Boolean, "true to enable, false to disable.") { Required = true }],
        Output = OutputSchemas.For(FlowsJsonContext.Default.FlowResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var enabled = call.Args.Boolean("enabled")!.Value;
        var verb = enabled ? "enable" : "disable";
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Post, CaoPath.Of("flows", name, verb), $"{(enabled ? "Enable" : "Disable")} flow '{name}'"), ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return ToolOutcome.Error(Results.Failure(FlowApi.Failure(response)));
        }

        var (flow, read) = await FlowApi.GetAsync(call, name, ct).ConfigureAwait(false);
        if (flow is null)
        {
            return ToolOutcome.Error(Results.Failure($"Flow '{name}' was {verb}d, but reading it back failed: {FlowApi.Failure(read)}"));
        }

        var message = enabled
            ? $"Enabled flow '{name}'; next run {flow.NextRun ?? "unknown"} (cao-server local time)"
            : $"Disabled flow '{name}': it will not run on schedule until enabled again (run_flow still runs it)";
        return ToolOutcome.Success(FlowApi.Of(new FlowResult(true, message) { Flow = flow }));
    }
}
