namespace CaoOps.Tools.Flows;

/// <summary>The <c>flows</c> toolset, in tools/list order.</summary>
internal static class FlowTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        ListFlowsTool.Definition,
        GetFlowTool.Definition,
        CreateFlowTool.Definition,
        SetFlowEnabledTool.Definition,
        RunFlowTool.Definition,
        DeleteFlowTool.Definition,
    ];
}
