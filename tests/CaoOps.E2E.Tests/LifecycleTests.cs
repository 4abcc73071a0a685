using System.Diagnostics;
using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>The process ends promptly and cleanly however its client goes away.</summary>
public class LifecycleTests
{
    private const int SigInt = 2;
    private const int SigHup = 1;
    private const int SigUsr1 = 10;
    private const int SigTerm = 15;

    [Fact]
    public async Task Stdin_eof_while_idle_exits_0_quickly()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = new RawServer(api.BaseAddress);
        server.Initialize();
        var clock = Stopwatch.StartNew();
        server.CloseStdin();
        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < Deadlines.Seconds(1), $"exit took {clock.ElapsedMilliseconds} ms"); // 1 s natively; scaled only under emulation
    }

    [Fact]
    public async Task Requests_sent_just_before_eof_are_still_answered()
    {
        // e.g. `cao-ops mcp < requests.jsonl`: the transport must not stop writing before it answered what it read.
        // The server reports EOF to the transport only once every request it read has been answered (no clock decides),
        // so this holds however loaded the machine is; the 30 s below only bounds a hang.
        await using var api = await CaoApiDouble.StartAsync();
        using var server = new RawServer(api.BaseAddress);
        server.Send("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        server.Send("""{"jsonrpc":"2.0","id":"p","method":"ping"}""");
        server.Send("""{"jsonrpc":"2.0","id":"l","method":"tools/list"}""");
        server.Send("""{"jsonrpc":"2.0","id":"c","method":"tools/call","params":{"name":"get_terminal_status","arguments":{"terminal_id":"nope"}}}""");
        server.Send("""{"jsonrpc":"2.0","id":"s","method":"tools/call","params":{"name":"list_sessions","arguments":{}}}""");
        server.CloseStdin();
        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(30)));
        Assert.Equal("cao-ops", server.WaitForResponse("init").GetProperty("result").GetProperty("serverInfo").GetProperty("name").GetString());
        Assert.Equal(JsonValueKind.Object, server.WaitForResponse("p").GetProperty("result").ValueKind);
        Assert.Equal(20, server.WaitForResponse("l").GetProperty("result").GetProperty("tools").GetArrayLength());
        var invalid = server.WaitForResponse("c").GetProperty("result");
        Assert.True(invalid.GetProperty("isError").GetBoolean());
        Assert.StartsWith("Invalid arguments for get_terminal_status:", invalid.GetProperty("structuredContent").GetProperty("message").GetString(), StringComparison.Ordinal);

        // A call that needs cao-server is answered too: with its result, or, had it still been running after the grace,
        // with an error saying it was cancelled because stdin closed. Either way it is answered, never dropped.
        var sessions = server.WaitForResponse("s").GetProperty("result");
        if (sessions.GetProperty("isError").GetBoolean())
        {
            Assert.Contains("list_sessions was cancelled: stdin closed", sessions.GetProperty("structuredContent").GetProperty("message").GetString(), StringComparison.Ordinal);
        }
        else
        {
            Assert.True(sessions.GetProperty("structuredContent").GetProperty("success").GetBoolean());
        }
    }

    [Fact]
    public Task Stdin_eof_during_a_call_cancels_it_and_exits_0() => ExitsPromptlyDuringAHungCall(server => server.CloseStdin());

    [Theory]
    [InlineData(SigTerm)]
    [InlineData(SigInt)]
    [InlineData(SigHup)]
    [InlineData(SigUsr1)]
    public Task Signals_exit_0_quickly(int signal) => ExitsPromptlyDuringAHungCall(server => server.Signal(signal));

    [Fact]
    public async Task A_call_still_running_at_eof_is_cancelled_and_answered_so()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.AddFault(new FaultRule("GET", "/sessions", FaultKind.Hang));
        using var server = new RawServer(api.BaseAddress);
        server.Initialize();
        server.Send("""{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"list_sessions","arguments":{}}}""");
        await api.WaitForRequestAsync(r => r.Path == "/sessions", TimeSpan.FromSeconds(10));
        server.CloseStdin();
        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(30)));
        var result = server.WaitForResponse("slow").GetProperty("result");
        Assert.True(result.GetProperty("isError").GetBoolean());
        Assert.Equal(
            "list_sessions was cancelled: stdin closed and it was still running 0.3 s later. Keep stdin open until every answer has arrived.",
            result.GetProperty("structuredContent").GetProperty("message").GetString());
    }

    /// <summary>Starts a call the API never answers, then ends the client's side with <paramref name="stop"/>.</summary>
    private static async Task ExitsPromptlyDuringAHungCall(Action<RawServer> stop)
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.AddFault(new FaultRule("GET", "/sessions", FaultKind.Hang));
        using var server = new RawServer(api.BaseAddress);
        server.Initialize();
        server.Send("""{"jsonrpc":"2.0","id":"slow","method":"tools/call","params":{"name":"list_sessions","arguments":{}}}""");
        await api.WaitForRequestAsync(r => r.Path == "/sessions", TimeSpan.FromSeconds(10));
        var clock = Stopwatch.StartNew();
        stop(server);
        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.True(clock.Elapsed < Deadlines.Seconds(1), $"exit took {clock.ElapsedMilliseconds} ms"); // 1 s natively; scaled only under emulation
    }

    [Fact]
    public async Task Stdout_carries_only_json_rpc()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = new RawServer(api.BaseAddress, "mcp");
        server.Initialize();
        server.Send("""{"jsonrpc":"2.0","id":"l","method":"tools/list"}""");
        server.Send("""{"jsonrpc":"2.0","id":"c","method":"tools/call","params":{"name":"list_sessions","arguments":{}}}""");
        server.Send("""{"jsonrpc":"2.0","id":"u","method":"tools/call","params":{"name":"get_terminal_status","arguments":{"terminal_id":"zz"}}}""");
        server.WaitForResponse("u");
        server.CloseStdin();
        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(5)));
        Assert.All(server.StdoutLines, line => Assert.Equal("2.0", JsonDocument.Parse(line).RootElement.GetProperty("jsonrpc").GetString()));
    }
}
