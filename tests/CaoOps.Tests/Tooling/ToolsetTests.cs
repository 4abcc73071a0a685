using CaoOps.Tools;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Tooling;

public class ToolsetTests
{
    [Fact]
    public void Every_tool_belongs_to_a_known_toolset() =>
        Assert.All(ToolCatalog.All, t => Assert.Contains(t.Toolset, Toolsets.All));

    [Fact]
    public void Default_selection_is_the_default_toolsets()
    {
        var tools = new ToolSelection().Apply(ToolCatalog.All, out var error);
        Assert.Null(error);
        Assert.Equal(ToolCatalog.All.Where(t => Toolsets.Default.Contains(t.Toolset)).Select(t => t.Name), tools.Select(t => t.Name));
    }

    [Fact]
    public void One_toolset_lists_only_its_tools()
    {
        var tools = new ToolSelection(Toolsets: ["profiles"]).Apply(ToolCatalog.All, out var error);
        Assert.Null(error);
        Assert.NotEmpty(tools);
        Assert.All(tools, t => Assert.Equal(Toolsets.Profiles, t.Toolset));
    }

    [Fact]
    public void All_selects_every_tool()
    {
        var tools = new ToolSelection(Toolsets: ["all"]).Apply(ToolCatalog.All, out _);
        Assert.Equal(ToolCatalog.All.Count, tools.Count);
    }

    [Fact]
    public void Unknown_toolset_is_an_error_naming_the_valid_ones()
    {
        var tools = new ToolSelection(Toolsets: ["sessions", "bogus"]).Apply(ToolCatalog.All, out var error);
        Assert.Empty(tools);
        Assert.Equal("unknown toolset 'bogus'; valid toolsets: default, all, sessions, profiles, terminals, fleet, flows, workflows", error);
    }

    [Fact]
    public void Tools_and_read_only_apply_on_top_of_toolsets()
    {
        var narrowed = new ToolSelection(Include: ["list_sessions", "list_profiles"], Toolsets: ["sessions"]).Apply(ToolCatalog.All, out _);
        Assert.Equal(["list_sessions"], narrowed.Select(t => t.Name));

        var readOnly = new ToolSelection(ReadOnly: true, Toolsets: ["sessions"]).Apply(ToolCatalog.All, out _);
        Assert.All(readOnly, t => Assert.True(t.Hints.ReadOnly));
        Assert.DoesNotContain(readOnly, t => t.Name == "launch_session");
    }

    [Fact]
    public void Tools_alone_pick_from_every_toolset()
    {
        var tools = new ToolSelection(Include: ["list_profiles", "launch_session"]).Apply(ToolCatalog.All, out var error);
        Assert.Null(error);
        Assert.Equal(["list_profiles", "launch_session"], tools.Select(t => t.Name));
    }

    [Fact]
    public void Toolsets_come_from_the_environment()
    {
        var selection = ToolSelection.FromEnvironment(name => name == "CAO_OPS_TOOLSETS" ? " sessions , flows " : null);
        Assert.Equal(["sessions", "flows"], selection.Toolsets);
    }
}
