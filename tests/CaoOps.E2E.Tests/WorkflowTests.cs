using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>The whole workflow an agent walks, through the published binary, against the API double.</summary>
public class WorkflowTests
{
    [Fact]
    public async Task Initialize_and_tools_list_describe_every_tool()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);
        Assert.Equal("cao-ops", mcp.Client.ServerInfo?.Name);
        Assert.Contains("launch_session", mcp.Client.ServerInstructions, StringComparison.Ordinal);
        var tools = await mcp.Client.ListToolsAsync();
        Assert.Equal(20, tools.Count);
        foreach (var tool in tools.Select(t => t.ProtocolTool))
        {
            Assert.NotNull(tool.Title);
            Assert.NotNull(tool.OutputSchema);
            Assert.NotNull(tool.Annotations);
            Assert.True(tool.Annotations.ReadOnlyHint is true || tool.Annotations.DestructiveHint is not null || tool.Annotations.OpenWorldHint is not null, tool.Name);
        }
    }

    [Fact]
    public async Task List_details_install_launch_send_wait_read_shutdown()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);

        var profiles = await mcp.CallAsync("list_profiles");
        Assert.False(profiles.IsError);
        Assert.Contains(profiles.Json().GetProperty("profiles").EnumerateArray(), p => p.GetProperty("name").GetString() == "developer");

        var details = await mcp.CallAsync("get_profile_details", new { name = "developer" });
        Assert.False(details.IsError);
        Assert.Equal("developer", details.Str("name"));

        var install = await mcp.CallAsync("install_profile", new { source = "developer", provider = "claude_code" });
        Assert.False(install.IsError, install.Text());
        Assert.Equal("claude_code", install.Str("provider"));
        var installRequest = api.Requests.Single(r => r.Path == "/agents/profiles/install");
        Assert.Equal("{\"source\":\"developer\",\"provider\":\"claude_code\"}", installRequest.Body);

        var launch = await mcp.CallAsync("launch_session", new { agent_profile = "developer", provider = "mock_cli", session_name = "wf" });
        Assert.False(launch.IsError, launch.Text());
        var session = launch.Str("session_name");
        var terminal = launch.Str("terminal_id");
        Assert.Equal("cao-wf", session); // the name the server created, not the one requested
        Assert.Matches("^[0-9a-f]{8}$", terminal);
        var create = api.Requests.Single(r => r.Method == "POST" && r.Path == "/sessions");
        Assert.Equal("developer", create.Query["agent_profile"]);
        Assert.Equal("wf", create.Query["session_name"]);
        Assert.Null(create.Body);

        var send = await mcp.CallAsync("send_session_message", new { terminal_id = terminal, message = "build the thing" });
        Assert.False(send.IsError, send.Text());
        var inbox = api.Requests.Single(r => r.Method == "POST" && r.Path.EndsWith("/inbox/messages", StringComparison.Ordinal));
        Assert.Equal("cao-ops-mcp", inbox.Query["sender_id"]);
        Assert.Equal("build the thing", inbox.Query["message"]);

        var wait = await mcp.CallAsync("wait_for_terminal", new { terminal_id = terminal, timeout_seconds = 20 });
        Assert.False(wait.IsError, wait.Text());
        Assert.True(wait.Json().GetProperty("reached").GetBoolean(), wait.Text());
        Assert.Equal("completed", wait.Str("status"));

        var status = await mcp.CallAsync("get_terminal_status", new { terminal_id = terminal });
        Assert.Equal("completed", status.Str("status"));

        var last = await mcp.CallAsync("get_terminal_output", new { terminal_id = terminal });
        Assert.False(last.IsError, last.Text());
        Assert.Equal("last", last.Str("mode"));
        Assert.Contains("build the thing", last.Str("output"), StringComparison.Ordinal);

        var bySession = await mcp.CallAsync("read_session_output", new { session_name = session, mode = "full", max_chars = 10 });
        Assert.False(bySession.IsError, bySession.Text());
        Assert.Equal(terminal, bySession.Str("terminal_id"));
        Assert.True(bySession.Json().GetProperty("truncated").GetBoolean());

        var sessions = await mcp.CallAsync("list_sessions");
        Assert.Contains(sessions.Json().GetProperty("sessions").EnumerateArray(), s => s.GetProperty("name").GetString() == session);

        var info = await mcp.CallAsync("get_session_info", new { session_name = session });
        Assert.Equal(terminal, info.Json().GetProperty("terminals")[0].GetProperty("id").GetString());

        var shutdown = await mcp.CallAsync("shutdown_session", new { session_name = session });
        Assert.False(shutdown.IsError, shutdown.Text());
        Assert.True(shutdown.Json().GetProperty("success").GetBoolean());

        var gone = await mcp.CallAsync("get_session_info", new { session_name = session });
        Assert.True(gone.IsError);
        Assert.Contains("not found", gone.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_with_initial_message_sends_it_in_the_body_and_returns_at_once()
    {
        // The agent takes 10 s to get ready: a launch that waited for it would take that long. No tight clock on a loaded machine.
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.FromSeconds(10) });
        await using var mcp = await McpHarness.StartAsync(api);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var launch = await mcp.CallAsync("launch_session", new { agent_profile = "developer", provider = "mock_cli", initial_message = "hello" });
        Assert.False(launch.IsError, launch.Text());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"a launch with initial_message must not wait for the agent ({clock.ElapsedMilliseconds} ms)");
        Assert.Equal("unknown", launch.Str("status"));
        Assert.EndsWith("initial message delivery is in progress", launch.Message(), StringComparison.Ordinal);
        var create = api.Requests.Single(r => r.Path == "/sessions" && r.Method == "POST");
        Assert.Equal("{\"initial_message\":\"hello\"}", create.Body);
        Assert.Equal("application/json", create.ContentType);
        Assert.DoesNotContain("hello", create.RawTarget, StringComparison.Ordinal);
        Assert.StartsWith("cao-", create.Query["session_name"], StringComparison.Ordinal);

        var wait = await mcp.CallAsync("wait_for_terminal", new { terminal_id = launch.Str("terminal_id"), timeout_seconds = 50 });
        Assert.True(wait.Json().GetProperty("reached").GetBoolean(), wait.Text());
        var output = await mcp.CallAsync("read_session_output", new { session_name = launch.Str("session_name"), clean = true });
        Assert.Contains("MOCK: hello", output.Str("output"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_run_concurrently()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { ResponseDelay = TimeSpan.FromMilliseconds(400) });
        var session = api.SeedSession("cao-par");
        await using var mcp = await McpHarness.StartAsync(api);
        await mcp.CallAsync("list_sessions"); // warm up the connection pool
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => mcp.CallAsync("get_session_info", new { session_name = "cao-par" })));
        Assert.All(results, r => Assert.False(r.IsError, r.Text()));
        Assert.True(clock.Elapsed < TimeSpan.FromMilliseconds(8 * 400 / 2), $"8 calls of 400 ms took {clock.ElapsedMilliseconds} ms: not concurrent");
        Assert.NotNull(session);
    }
}
