using System.Diagnostics;
using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>The process ends promptly and cleanly however its client goes away.</summary>
public class LifecycleTests
{
    private const int SigInt = 2;
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
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"exit took {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Requests_sent_just_before_eof_are_still_answered()
    {
        // e.g. `cao-ops mcp < requests.jsonl`: the transport must not stop writing before it answered what it read.
        // The requests need no HTTP round trip, so the answer never depends on machine load (the grace is 0.3 s).
        await using var api = await CaoApiDouble.StartAsync();
        using var server = new RawServer(api.BaseAddress);
        server.Send("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        server.Send("""{"jsonrpc":"2.0","id":"p","method":"ping"}""");
        server.Send("""{"jsonrpc":"2.0","id":"l","method":"tools/list"}""");
        server.Send("""{"jsonrpc":"2.0","id":"c","method":"tools/call","params":{"name":"get_terminal_status","arguments":{"terminal_id":"nope"}}}""");
        server.CloseStdin();
        Assert.Equal(0, server.WaitForExit(TimeSpan.FromSeconds(5)));
        server.WaitForResponse("p");
        Assert.Equal(20, server.WaitForResponse("l").GetProperty("result").GetProperty("tools").GetArrayLength());
        Assert.True(server.WaitForResponse("c").GetProperty("result").GetProperty("isError").GetBoolean());
    }

    [Fact]
    public Task Stdin_eof_during_a_call_cancels_it_and_exits_0() => ExitsPromptlyDuringAHungCall(server => server.CloseStdin());

    [Theory]
    [InlineData(SigTerm)]
    [InlineData(SigInt)]
    public Task Signals_exit_0_quickly(int signal) => ExitsPromptlyDuringAHungCall(server => server.Signal(signal));

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
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1), $"exit took {clock.ElapsedMilliseconds} ms");
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
