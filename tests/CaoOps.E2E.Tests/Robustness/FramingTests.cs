using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>
/// MCP framing on the published binary: every line the server reads is answered as JSON-RPC 2.0 requires (-32700,
/// -32600 with "id": null when the id itself is the problem, -32602 for params of the wrong shape) or, for
/// notifications and responses, ignored; a line over the cap is answered without costing its size in memory.
/// </summary>
public class FramingTests
{
    [Theory]
    [InlineData("not json", -32700)]
    [InlineData("{\"jsonrpc\":\"2.0\",", -32700)]
    [InlineData("[]", -32600)]
    [InlineData("""[{"jsonrpc":"2.0","id":"b1","method":"ping"}]""", -32600)]
    [InlineData("42", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":null,"method":"ping"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"ping"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":[1],"method":"ping"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":true,"method":"ping"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","id":99999999999999999999,"method":"ping"}""", -32600)]
    [InlineData("""{"jsonrpc":"2.0","method":1,"params":"bar"}""", -32600)]
    public async Task Lines_without_a_usable_id_are_answered_with_a_null_id(string line, int code)
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var before = server.Messages.Count;
        server.Send(line);
        await server.AssertPingAsync("after"); // answers to malformed lines are written before the next line is read
        var answers = server.Messages.Skip(before).Where(m => m.TryGetProperty("error", out _)).ToList();
        var answer = Assert.Single(answers);
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("id").ValueKind);
        Assert.Equal(code, answer.GetProperty("error").GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(answer.GetProperty("error").GetProperty("message").GetString()));
        Assert.Empty(server.Violations);
        Assert.Empty(api.Requests);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"ping",}""", -32700, "Parse error")]
    [InlineData("""{"jsonrpc":"1.0","id":"q","method":"ping"}""", -32600, "jsonrpc")]
    [InlineData("""{"jsonrpc":"2.0","id":"q"}""", -32600, "method")]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"tools/list","params":5}""", -32602, "\"params\" must be an object")]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"tools/call","params":{"arguments":{}}}""", -32602, "params.name")]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"tools/call","params":{"name":["list_sessions"]}}""", -32602, "params.name")]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"tools/call","params":{"name":"list_sessions","arguments":"{}"}}""", -32602, "params.arguments")]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"tools/call","params":{"name":"list_sessions","arguments":{},"_meta":"x"}}""", -32602, "_meta")]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"logging/setLevel","params":{"level":"loud"}}""", -32602, "params.level")]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"resources/read","params":{"uri":5}}""", -32602, "Invalid params")]
    [InlineData("""{"jsonrpc":"2.0","id":"q","method":"prompts/get","params":{"name":{}}}""", -32602, "Invalid params")]
    public async Task Malformed_requests_with_a_readable_id_are_answered_for_that_id(string line, int code, string says)
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        server.Send(line);
        var error = (await server.WaitAsync("q", TimeSpan.FromSeconds(15))).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Contains(says, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await server.AssertPingAsync("after");
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task A_byte_order_mark_is_ignored_and_notifications_are_never_answered()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var before = server.Messages.Count;
        server.SendBytes([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","id":"bom","method":"ping"}""")]);
        server.Send("""{"jsonrpc":"2.0","method":"notifications/initialized","params":5}""");
        server.Send("""{"jsonrpc":"2.0","method":"notifications/nothing"}""");
        server.Send("""{"jsonrpc":"2.0","id":"r","result":{}}""");
        server.Send("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"client could not parse"}}""");
        server.Send("   ");
        Assert.Equal(JsonValueKind.Object, (await server.WaitAsync("bom", TimeSpan.FromSeconds(15))).GetProperty("result").ValueKind);
        await server.AssertPingAsync("after");
        Assert.Equal(["bom", "after"], server.Messages.Skip(before).Where(m => m.TryGetProperty("id", out _)).Select(m => m.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task An_80_MB_line_is_answered_without_costing_its_size_in_memory()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var clock = Stopwatch.StartNew();
        var line = Encoding.UTF8.GetBytes(Rpc.ToolCall("huge", "find_profiles", "{\"query\":\"" + new string('q', 80 * 1024 * 1024) + "\"}"));
        server.SendBytes(line);
        line = null;
        var error = (await server.WaitAsync("huge", TimeSpan.FromSeconds(120))).GetProperty("error");
        Assert.Equal(-32600, error.GetProperty("code").GetInt32());
        Assert.Contains("at most 4,194,304 bytes", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        await server.AssertPingAsync("after");
        var peak = server.PeakRssBytes();
        Assert.True(peak < 150L * 1024 * 1024, $"peak RSS {peak / (1024 * 1024)} MiB for an 80 MB line");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(120), $"took {clock.Elapsed}");
        Assert.Empty(api.Requests);
        Assert.Equal(0, server.CloseAndWait(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_request_just_under_the_cap_is_still_served()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var response = await server.RequestAsync("big", "tools/call",
            "{\"name\":\"find_profiles\",\"arguments\":{\"query\":\"x\"},\"_meta\":{\"pad\":\"" + new string('p', 3 * 1024 * 1024) + "\"}}", TimeSpan.FromSeconds(60));
        Assert.True(response.TryGetProperty("result", out _), response.GetRawText()[..Math.Min(300, response.GetRawText().Length)]);
    }

    [Fact]
    public async Task A_seeded_fuzz_pass_gets_exactly_one_answer_per_line_that_needs_one()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var before = server.Messages.Count;
        var lines = new FramingFuzz(20_261_203).Generate(3_000);
        var clock = Stopwatch.StartNew();
        foreach (var line in lines)
        {
            server.SendBytes(line.Bytes);
        }

        await server.AssertPingAsync("final");
        var expected = lines.Count(l => l.Answered) + 1;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (server.Messages.Skip(before).Count(m => m.TryGetProperty("id", out _)) < expected && DateTime.UtcNow < deadline && !server.HasExited)
        {
            await Task.Delay(20);
        }

        Assert.Equal(0, server.CloseAndWait(TimeSpan.FromSeconds(15)));
        var messages = server.Messages.Skip(before).ToList();
        var answers = messages.Where(m => m.TryGetProperty("result", out _) || m.TryGetProperty("error", out _)).ToList();
        var others = messages.Where(m => !m.TryGetProperty("id", out _)).Select(m => m.GetProperty("method").GetString()).Distinct().ToList();
        Assert.True(others.All(m => m is not null && m.StartsWith("notifications/", StringComparison.Ordinal)), string.Join(", ", others));
        Assert.Empty(server.Violations);
        var ids = answers.Where(a => a.GetProperty("id").ValueKind == JsonValueKind.String).Select(a => a.GetProperty("id").GetString()!).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count()); // never two answers for one request
        var missing = lines.Where(l => l.Answered && l.Id is not null && !ids.Contains(l.Id)).Select(l => $"{l.Category}: {Encoding.UTF8.GetString(l.Bytes)[..Math.Min(160, l.Bytes.Length)]}").Take(5).ToList();
        Assert.True(missing.Count == 0, "unanswered: " + string.Join(" | ", missing));
        var unexpected = ids.Where(id => id != "final" && !id.StartsWith("t-", StringComparison.Ordinal) && lines.All(l => l.Id != id || !l.Answered)).Take(5).ToList();
        Assert.True(unexpected.Count == 0, "answered although JSON-RPC says not to: " + string.Join(", ", unexpected));
        Assert.Equal(expected, answers.Count);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"fuzz pass took {clock.Elapsed}");
    }
}
