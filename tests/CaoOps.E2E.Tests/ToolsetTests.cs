using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>Toolsets on the published binary: what an agent loads (mcp, tools) and what a script may still call.</summary>
public class ToolsetTests
{
    private const string ValidToolsets = "valid toolsets: default, all, sessions, profiles, terminals, fleet, flows, workflows";

    /// <summary>name → toolset of every tool, as <c>cao-ops tools --toolsets all</c> prints them.</summary>
    private static async Task<Dictionary<string, string>> CatalogueAsync(string baseAddress)
    {
        var (exit, stdout, stderr) = await CliProcess.RunAsync(baseAddress, null, "tools", "--toolsets", "all");
        Assert.True(exit == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        return doc.RootElement.EnumerateArray().ToDictionary(t => t.GetProperty("name").GetString()!, t => t.GetProperty("toolset").GetString()!);
    }

    [Fact]
    public async Task Mcp_with_one_toolset_lists_exactly_that_toolset()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var catalogue = await CatalogueAsync(api.BaseAddress);
        var sessions = catalogue.Where(t => t.Value == "sessions").Select(t => t.Key).ToHashSet();
        Assert.Contains("launch_session", sessions);

        await using var mcp = await McpHarness.StartAsync(api, extraArgs: ["--toolsets", "sessions"]);
        var listed = (await mcp.Client.ListToolsAsync()).Select(t => t.Name).ToList();
        Assert.Equal(sessions.Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("list_profiles", listed);
        Assert.False((await mcp.CallAsync("list_sessions")).IsError);
    }

    [Fact]
    public async Task The_environment_chooses_toolsets_and_the_flag_wins_over_it()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var catalogue = await CatalogueAsync(api.BaseAddress);
        var env = new Dictionary<string, string?> { ["CAO_OPS_TOOLSETS"] = "profiles" };

        await using (var mcp = await McpHarness.StartAsync(api, env))
        {
            var listed = (await mcp.Client.ListToolsAsync()).Select(t => t.Name).ToList();
            Assert.Equal(catalogue.Where(t => t.Value == "profiles").Select(t => t.Key).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
            Assert.Contains("list_profiles", listed);
        }

        await using var flagged = await McpHarness.StartAsync(api, env, "--toolsets", "flows");
        Assert.All((await flagged.Client.ListToolsAsync()).Select(t => t.Name), name => Assert.Equal("flows", catalogue[name]));
    }

    [Theory]
    [InlineData("mcp")]
    [InlineData("tools")]
    [InlineData("call")]
    public async Task An_unknown_toolset_exits_2_naming_the_valid_ones(string command)
    {
        var args = command == "call" ? new[] { "call", "list_sessions", "--toolsets", "sessions,bogus" } : [command, "--toolsets", "sessions,bogus"];
        var (exit, stdout, stderr) = await CliProcess.RunAsync("http://127.0.0.1:9", null, args);
        Assert.Equal(2, exit);
        Assert.Equal("", stdout); // nothing served, nothing printed
        Assert.Contains($"cao-ops: unknown toolset 'bogus'; {ValidToolsets}", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await CliProcess.RunAsync("http://127.0.0.1:9", new() { ["CAO_OPS_TOOLSETS"] = "nope" }, "mcp");
        Assert.Equal(2, exit);
        Assert.Contains($"cao-ops: unknown toolset 'nope'; {ValidToolsets}", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_shows_each_tools_toolset_and_follows_the_selection()
    {
        var catalogue = await CatalogueAsync("http://127.0.0.1:9");
        Assert.Subset(new HashSet<string> { "sessions", "profiles", "terminals", "flows", "workflows" }, catalogue.Values.ToHashSet()); // fleet needs --fleet
        Assert.Superset(new HashSet<string> { "sessions", "profiles", "flows", "workflows" }, catalogue.Values.ToHashSet());
        Assert.Equal("flows", catalogue["list_flows"]);
        Assert.Equal("workflows", catalogue["run_workflow"]);
        Assert.Equal("profiles", catalogue["install_profile"]);

        var (exit, stdout, _) = await CliProcess.RunAsync("http://127.0.0.1:9", null, "tools");
        Assert.Equal(0, exit);
        using var defaults = JsonDocument.Parse(stdout);
        Assert.All(defaults.RootElement.EnumerateArray(), t => Assert.Contains(t.GetProperty("toolset").GetString()!, new[] { "sessions", "profiles", "terminals" }));

        (exit, stdout, _) = await CliProcess.RunAsync("http://127.0.0.1:9", new() { ["CAO_OPS_TOOLSETS"] = "workflows" }, "tools");
        Assert.Equal(0, exit);
        using var workflows = JsonDocument.Parse(stdout);
        Assert.Equal(catalogue.Count(t => t.Value == "workflows"), workflows.RootElement.GetArrayLength());
        Assert.All(workflows.RootElement.EnumerateArray(), t => Assert.Equal("workflows", t.GetProperty("toolset").GetString()));
    }

    [Fact]
    public async Task Call_runs_a_tool_outside_the_loaded_toolsets()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var agentEnv = new Dictionary<string, string> { ["CAO_OPS_TOOLSETS"] = "default" }; // what an agent config might export
        var (exit, stdout, stderr) = await CliProcess.RunAsync(api.BaseAddress, agentEnv, "call", "create_flow",
            "--arg", "name=nightly", "--arg", "schedule=0 3 * * *", "--arg", "agent_profile=developer", "--arg", "provider=mock_cli", "--arg", "prompt_template=Run the nightly check.");
        Assert.True(exit == 0, stderr);
        Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("success").GetBoolean());

        (exit, stdout, stderr) = await CliProcess.RunAsync(api.BaseAddress, agentEnv, "call", "list_flows");
        Assert.True(exit == 0, stderr);
        var flows = JsonDocument.Parse(stdout).RootElement.GetProperty("flows");
        Assert.Equal("nightly", Assert.Single(flows.EnumerateArray()).GetProperty("name").GetString());

        // The --toolsets flag does narrow call, and says which tools remain.
        (exit, _, stderr) = await CliProcess.RunAsync(api.BaseAddress, null, "call", "list_flows", "--toolsets", "sessions");
        Assert.Equal(2, exit);
        Assert.Contains("cao-ops: call: unknown tool 'list_flows'; available: ", stderr, StringComparison.Ordinal);
    }
}
