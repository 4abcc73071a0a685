using CaoOps.Tools;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Tools.Workflows;

/// <summary>The flows and workflows toolsets in the catalogue: names, order, annotations, opt-in.</summary>
public class CatalogTests
{
    [Fact]
    public void The_toolsets_hold_exactly_the_issues_tools_in_order()
    {
        Assert.Equal(["list_flows", "get_flow", "create_flow", "set_flow_enabled", "run_flow", "delete_flow"],
            ToolCatalog.All.Where(t => t.Toolset == Toolsets.Flows).Select(t => t.Name));
        Assert.Equal(["list_workflows", "get_workflow", "validate_workflow", "run_workflow", "get_workflow_run", "list_workflow_runs", "cancel_workflow_run", "resume_workflow_run"],
            ToolCatalog.All.Where(t => t.Toolset == Toolsets.Workflows).Select(t => t.Name));
    }

    [Fact]
    public void Arguments_are_exactly_the_issues()
    {
        string[] Args(string tool) => [.. ToolCatalog.All.Single(t => t.Name == tool).Parameters.Select(p => p.Name)];
        Assert.Equal(["name", "schedule", "agent_profile", "provider", "prompt_template"], Args("create_flow"));
        Assert.Equal(["name", "enabled"], Args("set_flow_enabled"));
        Assert.Equal(["name", "shutdown_session"], Args("delete_flow"));
        Assert.Equal(["path"], Args("validate_workflow"));
        Assert.Equal(["name", "inputs", "run_id", "wait_seconds"], Args("run_workflow"));
        Assert.Equal(["run_id", "wait_seconds"], Args("get_workflow_run"));
        Assert.Equal(["state", "limit"], Args("list_workflow_runs"));
        Assert.Equal(["run_id", "decisions"], Args("resume_workflow_run"));
        Assert.Empty(Args("list_flows"));
        Assert.Empty(Args("list_workflows"));
    }

    [Fact]
    public void Running_agents_is_open_world_and_not_idempotent_and_cancel_is_destructive()
    {
        ToolHints Hints(string tool) => ToolCatalog.All.Single(t => t.Name == tool).Hints;
        foreach (var tool in new[] { "run_workflow", "resume_workflow_run", "run_flow" })
        {
            Assert.True(Hints(tool).OpenWorld, tool);
            Assert.False(Hints(tool).Idempotent, tool);
            Assert.False(Hints(tool).ReadOnly, tool);
        }

        Assert.True(Hints("cancel_workflow_run").Destructive);
        Assert.True(Hints("delete_flow").Destructive);
        Assert.All(["list_flows", "get_flow", "list_workflows", "get_workflow", "validate_workflow", "get_workflow_run", "list_workflow_runs"], t => Assert.True(Hints(t).ReadOnly, t));
        Assert.All(["run_workflow", "resume_workflow_run"], t => Assert.Contains("only when the user asked", ToolCatalog.All.Single(x => x.Name == t).Description, StringComparison.Ordinal));
    }

    [Fact]
    public void Both_toolsets_are_opt_in()
    {
        var tools = new ToolSelection().Apply(ToolCatalog.All, out _);
        Assert.DoesNotContain(tools, t => t.Toolset is Toolsets.Flows or Toolsets.Workflows);
        var chosen = new ToolSelection(Toolsets: ["flows", "workflows"]).Apply(ToolCatalog.All, out _);
        Assert.Equal(14, chosen.Count);
    }
}
