using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol.Protocol;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>
/// Every tool against every way the CAO API can fail: an isError result whose message says what failed, within the
/// tool's timeout, and the server keeps serving afterwards.
/// </summary>
public class ApiFaultTests
{
    private static readonly TimeSpan ShortTimeout = TimeSpan.FromSeconds(1);

    public static TheoryData<string> Faults => ["refused", "hang", "html500", "invalid-json", "huge-body", "trickle", "close"];

    [Fact]
    public async Task The_fault_matrix_covers_every_advertised_tool()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);
        var advertised = (await mcp.Client.ListToolsAsync()).Select(t => t.Name).Order(StringComparer.Ordinal);
        Assert.Equal(advertised, ToolCalls.EveryTool.Select(c => c.Tool).Distinct().Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Faults))]
    public async Task Every_tool_turns_the_fault_into_a_clear_error_and_the_server_keeps_serving(string fault)
    {
        var timesOut = fault is "hang" or "trickle";
        var env = new Dictionary<string, string?>
        {
            ["CAO_OPS_TIMEOUT"] = timesOut ? "1" : "20",
            ["CAO_OPS_LAUNCH_TIMEOUT"] = timesOut ? "1" : "20",
        };
        var bound = timesOut ? ShortTimeout + TimeSpan.FromSeconds(4) : TimeSpan.FromSeconds(15);

        CaoApiDouble? api = null;
        string baseAddress;
        if (fault == "refused")
        {
            baseAddress = $"http://127.0.0.1:{ClosedPort()}";
        }
        else
        {
            api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
            api.SeedSession("cao-healthy");
            api.AddFault(Rule(fault));
            baseAddress = api.BaseAddress;
        }

        try
        {
            await using var mcp = await McpHarness.StartAsync(baseAddress, env);
            using var gate = new SemaphoreSlim(fault == "huge-body" ? 4 : 16); // ten-megabyte bodies are read four at a time
            var outcomes = await Task.WhenAll(ToolCalls.EveryTool.Select(async call =>
            {
                await gate.WaitAsync();
                try
                {
                    var clock = Stopwatch.StartNew();
                    var result = await mcp.CallAsync(call.Tool, call.Arguments);
                    return (Call: call, Result: result, Elapsed: clock.Elapsed);
                }
                finally
                {
                    gate.Release();
                }
            }));

            foreach (var (call, result, elapsed) in outcomes)
            {
                var where = $"{fault} / {call.Label}: {Text(result)}";
                Assert.True(elapsed < bound, $"{where} took {elapsed.TotalSeconds:0.00} s (bound {bound.TotalSeconds} s)");
                switch (KnownBug(fault, call))
                {
                    case KnownIssue.NonObjectPayloadIsSuccess:
                        continue; // see Send_session_message_treats_a_non_object_payload_as_failure
                    case KnownIssue.VagueResetMessage:
                        // see A_reset_connection_is_named_in_the_message: an error naming the server, but not why
                        Assert.True(result.IsError, where);
                        Assert.Contains($"CAO server at {baseAddress}", result.Message(), StringComparison.Ordinal);
                        continue;
                }

                Assert.True(result.IsError, where);
                Assert.False(result.Json().GetProperty("success").GetBoolean(), where);
                var message = result.Message();
                Assert.True(Regex.IsMatch(message, ExpectedMessage(fault, call, baseAddress)), $"{where}\nexpected /{ExpectedMessage(fault, call, baseAddress)}/");
            }

            // The server is still serving: protocol requests, and real calls once the API behaves again.
            Assert.NotEmpty(await mcp.Client.ListToolsAsync());
            if (api is not null)
            {
                api.ClearFaults();
                var sessions = await mcp.CallAsync("list_sessions");
                Assert.False(sessions.IsError, Text(sessions));
                Assert.Contains("cao-healthy", Text(sessions), StringComparison.Ordinal);
                Assert.False((await mcp.CallAsync("get_session_info", new { session_name = "cao-healthy" })).IsError);
            }
            else
            {
                var again = await mcp.CallAsync("list_sessions");
                Assert.True(again.IsError);
            }
        }
        finally
        {
            if (api is not null)
            {
                await api.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task A_reset_connection_is_named_in_the_message()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.AddFault(Rule("close"));
        await using var mcp = await McpHarness.StartAsync(api);
        var r = await mcp.CallAsync("list_sessions");
        Assert.True(r.IsError);
        Assert.Matches(ExpectedMessage("close", ToolCalls.EveryTool[0], api.BaseAddress), r.Message());
    }

    [Fact]
    public async Task Send_session_message_treats_a_non_object_payload_as_failure()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.AddFault(new FaultRule("POST", "/terminals/", FaultKind.HugeBody) { Size = 64 });
        await using var mcp = await McpHarness.StartAsync(api);
        var r = await mcp.CallAsync("send_session_message", new { terminal_id = "deadbeef", message = "hi" });
        Assert.True(r.IsError, Text(r));
        Assert.Contains("invalid response payload", r.Message(), StringComparison.Ordinal);
    }

    private enum KnownIssue
    {
        None,
        NonObjectPayloadIsSuccess,
        VagueResetMessage,
    }

    private static KnownIssue KnownBug(string fault, ToolCallCase call) => (fault, call.Tool) switch
    {
        ("huge-body", "send_session_message") => KnownIssue.NonObjectPayloadIsSuccess,
        ("close", _) => KnownIssue.VagueResetMessage,
        _ => KnownIssue.None,
    };

    private static FaultRule Rule(string fault) => fault switch
    {
        "hang" => new FaultRule("*", "/", FaultKind.Hang),
        "html500" => new FaultRule("*", "/", FaultKind.Status)
        {
            StatusCode = 500,
            Body = "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>",
            ContentType = "text/html; charset=utf-8",
        },
        "invalid-json" => new FaultRule("*", "/", FaultKind.InvalidJson),
        "huge-body" => new FaultRule("*", "/", FaultKind.HugeBody) { Size = 10 * 1024 * 1024 },
        // One byte every 300 ms: headers arrive at once, the body would take many seconds.
        "trickle" => new FaultRule("*", "/", FaultKind.Trickle) { ChunkSize = 1, Delay = TimeSpan.FromMilliseconds(300) },
        "close" => new FaultRule("*", "/", FaultKind.CloseConnection),
        _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
    };

    private static string ExpectedMessage(string fault, ToolCallCase call, string baseAddress)
    {
        var waitsForReady = call.Tool == "launch_session" && !call.Arguments.ContainsKey("initial_message");
        return fault switch
        {
            "refused" => Regex.Escape($"CAO server not reachable at {baseAddress} — is `cao-server` running? (connection refused;"),
            "hang" or "trickle" => Regex.Escape($"did not answer within 1 s. If the operation is legitimately slow, raise {(waitsForReady ? "CAO_OPS_LAUNCH_TIMEOUT" : "CAO_OPS_TIMEOUT")} (seconds)."),
            "html500" => Regex.Escape("failed: HTTP 500 with an HTML page instead of a JSON error"),
            "invalid-json" => Regex.Escape("failed: invalid JSON response (") + ".*" + Regex.Escape("— is this a cao-server?"),
            "huge-body" => "(failed: invalid (response payload|session response|inbox payload)|^Session 'cao-faulty' returned an invalid response payload)",
            "close" => Regex.Escape($"failed: CAO server at {baseAddress} closed the connection without a valid HTTP response"),
            _ => throw new ArgumentOutOfRangeException(nameof(fault), fault, null),
        };
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Text(CallToolResult r) => r.Content.Count > 0 && r.Content[0] is TextContentBlock t ? t.Text : "(no text)";
}
