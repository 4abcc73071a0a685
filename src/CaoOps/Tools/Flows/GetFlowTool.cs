namespace CaoOps.Tools.Flows;

/// <summary><c>get_flow</c>: one flow with its prompt and file.</summary>
internal static class GetFlowTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_flow",
        Title = "Get a flow",
        Toolset = Toolsets.Flows,
        Description = "Show a scheduled flow, with its prompt.",
        Hints = ToolHints.Read,
        Parameters = [FlowApi.Name],
        Output = OutputSchemas.For(FlowsJsonContext.Default.FlowResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var (flow, response) = await FlowApi.GetAsync(call, name, ct).ConfigureAwait(false);
        return flow is null
            ? ToolOutcome.Error(Results.Failure(FlowApi.Failure(response)))
            : ToolOutcome.Success(FlowApi.Of(new FlowResult(true, $"Flow '{name}' ({(flow.Enabled ? "enabled" : "disabled")})") { Flow = flow }));
    }
}
