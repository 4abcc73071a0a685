using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>
/// Hostile stdin: the process never crashes, every stdout line is a UTF-8 JSON-RPC 2.0 object, every well-formed
/// request is answered, and ping still works afterwards.
/// </summary>
public class StdinFuzzTests
{
    private const int Seed = 20_240_611;
    private const int GeneratedLines = 4_000;

    [Fact]
    public async Task Thousands_of_hostile_lines_never_crash_the_server_or_corrupt_stdout()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var tools = ToolSchema.FromToolsList(await server.RequestAsync("list", "tools/list"));
        Assert.NotEmpty(tools);

        var lines = new FuzzCorpus(Seed, tools).Generate(GeneratedLines);
        Assert.True(lines.Count >= GeneratedLines);
        var mustAnswer = new List<string>();
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < lines.Count; i++)
        {
            server.SendBytes(lines[i].Bytes);
            if (lines[i].MustAnswerId is { } id)
            {
                mustAnswer.Add(id);
            }

            if (i % 500 == 499)
            {
                // Alive in the middle of the storm, not only at the end.
                await server.AssertPingAsync($"ping-{i}");
            }
        }

        Assert.True(mustAnswer.Count > 1_200, $"only {mustAnswer.Count} well-formed requests were generated");
        var missing = await server.WaitAllAsync(mustAnswer, TimeSpan.FromSeconds(60));
        Assert.False(server.HasExited, "the server exited during the fuzz run; stderr:\n" + server.StderrText());
        Assert.True(missing.Count == 0, $"{missing.Count} of {mustAnswer.Count} well-formed requests got no answer, e.g. {string.Join(", ", missing.Take(5))}: "
            + string.Join(" | ", missing.Take(5).Select(m => lines.First(l => l.MustAnswerId == m)).Select(l => $"{l.Category}: {Clip(l.Bytes)}")));

        await server.AssertPingAsync("final-ping");
        Assert.Empty(server.Violations);
        Assert.Equal(0, server.CloseAndWait(TimeSpan.FromSeconds(10)));
        Assert.Empty(server.Violations);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(90), $"fuzz run took {clock.Elapsed}");

        // Whatever got through validation stayed on the API's own endpoints.
        Assert.All(api.Requests, r => Assert.Matches("^/(sessions|terminals|agents/profiles|agents/providers)(/|$)", r.Path));
    }

    [Fact]
    public async Task Wrong_argument_types_for_every_tool_are_tool_errors_before_any_request()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var tools = ToolSchema.FromToolsList(await server.RequestAsync("list", "tools/list"));
        Assert.Equal(20, tools.Count);

        var expectations = new List<(string Id, string Tool, string Argument, string Value)>();
        var n = 0;
        foreach (var tool in tools)
        {
            var cases = tool.Properties.SelectMany(p => ToolSchema.WrongValues(p.Type).Select(v => (p.Name, v)))
                .Append(("no_such_argument", "\"x\""))
                .Append(("no_such_argument", "null"));
            foreach (var (argument, value) in cases)
            {
                var args = tool.ValidArguments();
                args[argument] = JsonNode.Parse(value);
                var id = $"wt-{n++}";
                expectations.Add((id, tool.Name, argument, value));
                server.Send(Rpc.ToolCall(id, tool.Name, args.ToJsonString()));
            }
        }

        var missing = await server.WaitAllAsync([.. expectations.Select(e => e.Id)], TimeSpan.FromSeconds(30));
        Assert.Empty(missing);
        foreach (var (id, tool, argument, value) in expectations)
        {
            Assert.True(server.TryGetResponse(id, out var response));
            var where = $"{tool}.{argument}={value}: {response.GetRawText()}";
            Assert.True(response.TryGetProperty("result", out var result), where);
            Assert.True(result.GetProperty("isError").GetBoolean(), where);
            var structured = result.GetProperty("structuredContent");
            Assert.False(structured.GetProperty("success").GetBoolean(), where);
            var message = structured.GetProperty("message").GetString()!;
            Assert.StartsWith($"Invalid arguments for {tool}: ", message, StringComparison.Ordinal);
            Assert.Contains(argument, message, StringComparison.Ordinal);
            using var text = JsonDocument.Parse(result.GetProperty("content")[0].GetProperty("text").GetString()!);
            Assert.Equal(message, text.RootElement.GetProperty("message").GetString());
        }

        Assert.Empty(api.Requests);
        await server.AssertPingAsync("after");
        Assert.Empty(server.Violations);
    }

    [Fact]
    public async Task Malformed_tools_call_params_get_an_answer_and_never_reach_the_api()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var tools = ToolSchema.FromToolsList(await server.RequestAsync("list", "tools/list"));
        var ids = new List<string>();
        var n = 0;
        foreach (var tool in tools)
        {
            foreach (var arguments in new[] { "[]", "\"{}\"", "42", "true", "[{}]" })
            {
                var id = $"shape-{n++}";
                ids.Add(id);
                server.Send(Rpc.ToolCall(id, tool.Name, arguments));
            }
        }

        foreach (var name in new[] { "42", "null", "{}", "[\"list_sessions\"]", "\"\"", "\"LIST_SESSIONS\"", "\"list_sessions \"" })
        {
            var id = $"shape-{n++}";
            ids.Add(id);
            server.Send(Rpc.Request(id, "tools/call", Rpc.ToolCallParams(name, "{}")));
        }

        Assert.Empty(await server.WaitAllAsync(ids, TimeSpan.FromSeconds(30)));
        foreach (var id in ids)
        {
            Assert.True(server.TryGetResponse(id, out var response));
            // Either a JSON-RPC error or a tool error: never a success and never silence.
            Assert.True(response.TryGetProperty("error", out _) || response.GetProperty("result").GetProperty("isError").GetBoolean(), response.GetRawText());
        }

        Assert.Empty(api.Requests);
        await server.AssertPingAsync("after");
        Assert.Empty(server.Violations);
    }

    [Theory]
    [InlineData("get_session_info", """{"session_name":"\ud800"}""")]
    [InlineData("send_session_message", """{"terminal_id":"deadbeef","message":"x\udfffy"}""")]
    [InlineData("wait_for_terminal", """{"terminal_id":"deadbeef","until":["\ud83d"]}""")]
    [InlineData("install_profile", """{"source":"developer","env_vars":{"K":"v\udc00"}}""")]
    public async Task Lone_surrogates_are_answered_and_the_server_survives(string tool, string arguments)
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var response = await server.RequestAsync("s", "tools/call", $$"""{"name":"{{tool}}","arguments":{{arguments}}}""");
        Assert.True(response.TryGetProperty("error", out _) || response.GetProperty("result").GetProperty("isError").GetBoolean(), response.GetRawText());
        Assert.Empty(api.Requests);
        await server.AssertPingAsync("after");
        Assert.Empty(server.Violations);
    }

    [Theory]
    [InlineData("get_session_info", """{"session_name":"\ud800"}""", "session_name")]
    [InlineData("send_session_message", """{"terminal_id":"deadbeef","message":"x\udfffy"}""", "message")]
    [InlineData("wait_for_terminal", """{"terminal_id":"deadbeef","until":["\ud83d"]}""", "until")]
    [InlineData("install_profile", """{"source":"developer","env_vars":{"K":"v\udc00"}}""", "env_vars")]
    public async Task Lone_surrogates_are_invalid_params_naming_the_argument(string tool, string arguments, string argument)
    {
        // The SDK cannot decode such params, so no tool runs: cao-ops answers -32602 naming the argument
        // (instead of the SDK's bare -32603 "An error occurred."). The CLI face reports a tool error instead.
        await using var api = await CaoApiDouble.StartAsync();
        using var server = RawStdio.Start(api.BaseAddress);
        await server.InitializeAsync();
        var response = await server.RequestAsync("s", "tools/call", $$"""{"name":"{{tool}}","arguments":{{arguments}}}""");
        var error = response.GetProperty("error");
        Assert.Equal(-32602, error.GetProperty("code").GetInt32());
        var message = error.GetProperty("message").GetString()!;
        Assert.Contains($"params.arguments.{argument}", message, StringComparison.Ordinal);
        Assert.Contains("unpaired UTF-16 surrogate", message, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    private static string Clip(byte[] bytes)
    {
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        return text.Length <= 200 ? text : text[..200] + "…";
    }
}
