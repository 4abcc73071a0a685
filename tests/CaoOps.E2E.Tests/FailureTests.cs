using System.Net;
using System.Net.Sockets;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol;

namespace CaoOps.E2E.Tests;

/// <summary>Every tool's main failure, as an agent sees it: an isError result that says what failed and what to do.</summary>
public class FailureTests
{
    [Fact]
    public async Task Each_tool_reports_its_main_failure()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);

        async Task Expect(string tool, object args, string expected)
        {
            var r = await mcp.CallAsync(tool, args);
            Assert.True(r.IsError, $"{tool}: {r.Text()}");
            Assert.False(r.Json().GetProperty("success").GetBoolean());
            Assert.Contains(expected, r.Message(), StringComparison.Ordinal);
            Assert.NotEmpty(r.Text());
        }

        await Expect("get_profile_details", new { name = "no-such-profile" }, "Get profile details for 'no-such-profile' failed: Agent profile not found: no-such-profile");
        await Expect("install_profile", new { source = "no-such-profile" }, "Install profile 'no-such-profile' failed: Agent profile not found: no-such-profile");
        await Expect("launch_session", new { agent_profile = "developer", provider = "mock_cli", session_name = "cao-../x" }, "Invalid arguments for launch_session: invalid session_name");
        await Expect("send_session_message", new { terminal_id = "deadbeef", message = "hi" }, "Send message to terminal 'deadbeef' failed: Terminal 'deadbeef' not found");
        await Expect("read_session_output", new { session_name = "cao-nosuch" }, "Resolve terminals for session 'cao-nosuch' failed: Session 'cao-nosuch' not found");
        await Expect("get_terminal_status", new { terminal_id = "deadbeef" }, "Get terminal status for 'deadbeef' failed: Terminal 'deadbeef' not found");
        await Expect("get_terminal_output", new { terminal_id = "deadbeef" }, "Get terminal output for 'deadbeef' failed: Terminal 'deadbeef' not found");
        await Expect("wait_for_terminal", new { terminal_id = "deadbeef" }, "Terminal 'deadbeef' not found");
        await Expect("get_session_info", new { session_name = "cao-nosuch" }, "Get session info for 'cao-nosuch' failed: Session 'cao-nosuch' not found");
        await Expect("shutdown_session", new { session_name = "cao-nosuch" }, "nothing was shut down");

        // No request for an invalid argument ever reached the server.
        Assert.DoesNotContain(api.Requests, r => r.RawTarget.Contains("..", StringComparison.Ordinal));
        // And the double never saw a DELETE for the missing session.
        Assert.DoesNotContain(api.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Duplicate_launch_and_list_failures()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.SeedSession("cao-dup");
        await using var mcp = await McpHarness.StartAsync(api);
        var dup = await mcp.CallAsync("launch_session", new { agent_profile = "developer", provider = "mock_cli", session_name = "dup" });
        Assert.True(dup.IsError);
        Assert.Equal("Launch session failed: Session 'cao-dup' already exists", dup.Message());
        Assert.Equal("cao-dup", dup.Str("session_name"));

        api.AddFault(new FaultRule("GET", "/sessions", FaultKind.Status) { StatusCode = 500, Body = "<html><body>Bad gateway</body></html>", ContentType = "text/html" });
        var list = await mcp.CallAsync("list_sessions");
        Assert.True(list.IsError);
        Assert.StartsWith("List sessions failed: HTTP 500 with an HTML page", list.Message(), StringComparison.Ordinal);
        Assert.Equal(0, list.Json().GetProperty("sessions").GetArrayLength());

        api.ClearFaults();
        api.AddFault(new FaultRule("GET", "/agents/profiles", FaultKind.InvalidJson));
        var profiles = await mcp.CallAsync("list_profiles");
        Assert.True(profiles.IsError);
        Assert.StartsWith("List profiles failed: invalid JSON response", profiles.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unreachable_server_is_named_with_a_fix()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var mcp = await McpHarness.StartAsync($"http://127.0.0.1:{port}");
        var r = await mcp.CallAsync("list_sessions");
        Assert.True(r.IsError);
        Assert.Equal($"List sessions failed: CAO server not reachable at http://127.0.0.1:{port} — is `cao-server` running? (connection refused; set CAO_API_URL or CAO_API_HOST/CAO_API_PORT if it listens elsewhere)", r.Message());
    }

    [Fact]
    public async Task A_hung_server_times_out_and_the_server_keeps_serving()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.AddFault(new FaultRule("GET", "/sessions", FaultKind.Hang));
        await using var mcp = await McpHarness.StartAsync(api, new() { ["CAO_OPS_TIMEOUT"] = "1" });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var r = await mcp.CallAsync("list_sessions");
        Assert.True(r.IsError);
        Assert.Contains("did not answer within 1 s", r.Message(), StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.NotEmpty(await mcp.Client.ListToolsAsync());
        Assert.False((await mcp.CallAsync("list_profiles")).IsError);
    }

    [Fact]
    public async Task Protocol_misuse_is_a_json_rpc_error_and_bad_arguments_are_tool_errors()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);
        var ex = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.CallAsync("no_such_tool"));
        Assert.Contains("Unknown tool: 'no_such_tool'", ex.Message, StringComparison.Ordinal);

        var bad = await mcp.CallAsync("get_terminal_output", new { terminal_id = 42, mode = "tail", extra = true });
        Assert.True(bad.IsError);
        Assert.Contains("'terminal_id' must be a string", bad.Message(), StringComparison.Ordinal);
        Assert.Contains("mode must be 'last' or 'full', got 'tail'", bad.Message(), StringComparison.Ordinal);
        Assert.Contains("unknown argument 'extra'", bad.Message(), StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }
}
