using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol;

namespace CaoOps.E2E.Tests;

/// <summary>One cao-ops process for several CAO API doubles on distinct loopback addresses.</summary>
public sealed class FleetTests : IAsyncLifetime
{
    private CaoApiDouble _a = null!;
    private CaoApiDouble _b = null!;
    private CaoApiDouble _hung = null!;
    private string _fleetFile = null!;
    private int _refusedPort;

    public async Task InitializeAsync()
    {
        _a = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Host = "127.0.0.2", RequiredToken = "token-a" });
        _b = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Host = "127.0.0.3" });
        _hung = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Host = "127.0.0.5" });
        _hung.AddFault(new FaultRule("*", "/", FaultKind.Hang));
        _a.SeedSession("cao-on-a");
        _b.SeedSession("cao-on-b");
        var listener = new TcpListener(IPAddress.Parse("127.0.0.4"), 0);
        listener.Start();
        _refusedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        _fleetFile = Path.Combine(Path.GetTempPath(), $"cao-ops-fleet-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(_fleetFile, JsonSerializer.Serialize(new
        {
            port = 9889,
            machines = new object[]
            {
                new { name = "a", host = "127.0.0.2", port = _a.Port, label = "alpha", os = "linux", role = "worker", token_env = "NODE_A_TOKEN" },
                new { name = "b", url = _b.BaseAddress, label = "beta" },
                new { name = "down", host = "127.0.0.4", port = _refusedPort },
                new { name = "hung", host = "127.0.0.5", port = _hung.Port },
            },
        }));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        await _hung.DisposeAsync();
        File.Delete(_fleetFile);
    }

    private Task<McpHarness> Start(params string[] extra) =>
        McpHarness.StartAsync("http://127.0.0.1:9", new() { ["NODE_A_TOKEN"] = "token-a", ["CAO_OPS_NODE_TIMEOUT"] = "1" }, ["--fleet", _fleetFile, .. extra]);

    [Fact]
    public async Task Fleet_wide_list_sessions_survives_a_dead_and_a_hung_node()
    {
        await using var mcp = await Start();
        var clock = Stopwatch.StartNew();
        var r = await mcp.CallAsync("list_sessions");
        var elapsed = clock.Elapsed;
        Assert.False(r.IsError, r.Text());
        var sessions = r.Json().GetProperty("sessions").EnumerateArray().Select(s => $"{s.GetProperty("node").GetString()}:{s.GetProperty("name").GetString()}").ToList();
        Assert.Equal(["a:cao-on-a", "b:cao-on-b"], sessions);
        var status = r.Json().GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!, n => n.GetProperty("status").GetString()!);
        Assert.Equal("ok", status["a"]);
        Assert.Equal("ok", status["b"]);
        Assert.StartsWith("offline: List sessions failed: CAO server not reachable", status["down"], StringComparison.Ordinal);
        Assert.Equal("timeout", status["hung"]);
        Assert.True(elapsed < TimeSpan.FromSeconds(3), $"fleet-wide read took {elapsed}: a hung node must cost at most its own timeout (1 s)");
    }

    [Fact]
    public async Task Targeted_tools_reach_the_right_node_with_its_own_token()
    {
        await using var mcp = await Start();
        var launch = await mcp.CallAsync("launch_session", new { node = "b", agent_profile = "developer", provider = "mock_cli", session_name = "fleet" });
        Assert.False(launch.IsError, launch.Text());
        Assert.Equal("b", launch.Str("node"));
        var terminal = launch.Str("terminal_id");
        Assert.Contains("cao-fleet", _b.SessionNames);
        Assert.DoesNotContain("cao-fleet", _a.SessionNames);

        var send = await mcp.CallAsync("send_session_message", new { node = "b", terminal_id = terminal, message = "hi" });
        Assert.False(send.IsError, send.Text());
        var status = await mcp.CallAsync("get_terminal_status", new { node = "b", terminal_id = terminal });
        Assert.Equal("b", status.Str("node"));
        var shutdown = await mcp.CallAsync("shutdown_session", new { node = "b", session_name = "cao-fleet" });
        Assert.False(shutdown.IsError, shutdown.Text());
        Assert.DoesNotContain("cao-fleet", _b.SessionNames);

        var onA = await mcp.CallAsync("get_session_info", new { node = "a", session_name = "cao-on-a" });
        Assert.False(onA.IsError, onA.Text());

        Assert.All(_a.Requests, r => Assert.Equal("Bearer token-a", r.Headers["authorization"]));
        Assert.All(_b.Requests, r => Assert.False(r.Headers.ContainsKey("authorization")));
        Assert.DoesNotContain(_b.Requests, r => r.Path.Contains("on-a", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_or_unknown_node_lists_the_node_names()
    {
        await using var mcp = await Start();
        var missing = await mcp.CallAsync("get_session_info", new { session_name = "cao-on-a" });
        Assert.True(missing.IsError);
        Assert.Equal("get_session_info needs 'node' in a fleet of 4 nodes: one of a, b, down, hung (list_nodes describes them)", missing.Message());
        var unknown = await mcp.CallAsync("get_session_info", new { node = "zzz", session_name = "cao-on-a" });
        Assert.Contains("unknown node 'zzz' (nodes: a, b, down, hung)", unknown.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_nodes_reports_each_nodes_health()
    {
        await using var mcp = await Start();
        var r = await mcp.CallAsync("list_nodes");
        var nodes = r.Json().GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("node").GetString()!);
        Assert.True(nodes["a"].GetProperty("reachable").GetBoolean());
        Assert.Equal(1, nodes["a"].GetProperty("session_count").GetInt32());
        Assert.Equal("alpha", nodes["a"].GetProperty("label").GetString());
        Assert.Equal("tmux", nodes["b"].GetProperty("health").GetProperty("terminal_backend").GetString());
        Assert.False(nodes["down"].GetProperty("reachable").GetBoolean());
        Assert.Equal("timeout", nodes["hung"].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_bad_registry_stops_start_up_with_one_line_per_problem()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"cao-ops-badfleet-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(bad, "{\"machines\":[{\"name\":\"a\"},{\"name\":\"a\",\"host\":\"h\",\"token_env\":\"NOPE_UNSET\"}]}");
        try
        {
            var psi = new ProcessStartInfo(PublishedBinary.Path) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
            psi.ArgumentList.Add("mcp");
            psi.ArgumentList.Add("--fleet");
            psi.ArgumentList.Add(bad);
            using var p = Process.Start(psi)!;
            var stderr = await p.StandardError.ReadToEndAsync();
            var stdout = await p.StandardOutput.ReadToEndAsync();
            await p.WaitForExitAsync();
            Assert.Equal(2, p.ExitCode);
            Assert.Empty(stdout);
            var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains("fleet registry error", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, lines.Count);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public async Task Doctor_fleet_and_call_list_nodes_from_the_cli()
    {
        var psi = new ProcessStartInfo(PublishedBinary.Path) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "doctor", "--json", "--fleet", _fleetFile })
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["NODE_A_TOKEN"] = "token-a";
        psi.Environment["CAO_OPS_NODE_TIMEOUT"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        Assert.Equal(1, p.ExitCode); // two nodes are down
        using var doc = JsonDocument.Parse(stdout);
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(4, doc.RootElement.GetProperty("nodes").GetArrayLength());
        await Task.CompletedTask;
    }

    [Fact]
    public async Task Single_node_mode_has_no_node_argument()
    {
        await using var mcp = await McpHarness.StartAsync(_b);
        var tools = await mcp.Client.ListToolsAsync();
        Assert.DoesNotContain(tools, t => t.Name == "list_nodes");
        Assert.All(tools, t => Assert.False(t.ProtocolTool.InputSchema.GetProperty("properties").TryGetProperty("node", out _)));
        await Assert.ThrowsAsync<McpProtocolException>(() => mcp.CallAsync("list_nodes"));
    }
}
