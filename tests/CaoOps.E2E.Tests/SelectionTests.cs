using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol;

namespace CaoOps.E2E.Tests;

public class SelectionTests
{
    [Fact]
    public async Task Read_only_lists_only_read_only_tools_and_hides_the_rest()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api, extraArgs: "--read-only");
        var tools = await mcp.Client.ListToolsAsync();
        Assert.Equal(["list_profiles", "get_profile_details", "read_session_output", "get_terminal_status", "get_terminal_output", "wait_for_terminal", "list_sessions", "get_session_info",
            "list_inbox_messages", "list_providers", "find_profiles"],
            tools.Select(t => t.Name));
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations!.ReadOnlyHint));
        var ex = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.CallAsync("shutdown_session", new { session_name = "cao-x" }));
        Assert.Contains("Unknown tool: 'shutdown_session'", ex.Message, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Env_selection_and_read_only_beats_the_allow_list()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api, new() { ["CAO_OPS_TOOLS"] = "list_sessions,launch_session", ["CAO_OPS_READ_ONLY"] = "1" });
        Assert.Equal(["list_sessions"], (await mcp.Client.ListToolsAsync()).Select(t => t.Name));
    }
}
