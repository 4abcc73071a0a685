namespace CaoOps.Tools.Workflows;

/// <summary>The <c>workflows</c> toolset, in tools/list order.</summary>
internal static class WorkflowTools
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        ListWorkflowsTool.Definition,
        GetWorkflowTool.Definition,
        ValidateWorkflowTool.Definition,
        RunWorkflowTool.Definition,
        GetWorkflowRunTool.Definition,
        ListWorkflowRunsTool.Definition,
        CancelWorkflowRunTool.Definition,
        ResumeWorkflowRunTool.Definition,
    ];
}
