using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CaoOps.E2E.Tests.Http;

/// <summary><c>serve --http</c> through the published cao-ops-http with the SDK's Streamable HTTP client (loopback only).</summary>
public class HttpTransportTests
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private static async Task EventuallyAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(25);
        }
    }

    private static HttpRequestMessage Post(Uri endpoint, string body, string? sessionId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        if (sessionId is not null)
        {
            request.Headers.Add("Mcp-Session-Id", sessionId);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }

        return request;
    }

    [Fact]
    public async Task Tools_prompts_and_resources_are_listed_and_tools_called_like_over_stdio()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.SeedSession("cao-alpha");
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress);
        await using var client = await server.ConnectAsync();
        await using var stdio = await McpHarness.StartAsync(api);

        Assert.Equal((await stdio.Client.ListToolsAsync()).Select(t => t.Name), (await client.ListToolsAsync()).Select(t => t.Name));
        Assert.Equal((await stdio.Client.ListPromptsAsync()).Select(p => p.Name), (await client.ListPromptsAsync()).Select(p => p.Name));
        Assert.NotEmpty(await client.ListResourcesAsync());
        var result = await client.CallToolAsync("list_sessions", new Dictionary<string, object?>());
        Assert.False(result.IsError, ((TextContentBlock)result.Content[0]).Text);
        Assert.Contains("cao-alpha", result.StructuredContent!.Value.GetRawText(), StringComparison.Ordinal);
        Assert.NotNull(client.SessionId);
    }

    [Fact]
    public async Task Selection_flags_apply_as_for_cao_ops_mcp()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress, null, "--read-only");
        await using var client = await server.ConnectAsync();
        var tools = await client.ListToolsAsync();
        Assert.NotEmpty(tools);
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations!.ReadOnlyHint, t.Name));
    }

    [Fact]
    public async Task Progress_arrives_over_sse_while_a_call_runs()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(600) });
        var terminal = api.SeedSession("cao-wait", status: "completed");
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress);
        await using var client = await server.ConnectAsync();
        var raw = 0;
        await using var onProgress = client.RegisterNotificationHandler(NotificationMethods.ProgressNotification, (_, _) => { Interlocked.Increment(ref raw); return ValueTask.CompletedTask; });
        var send = await client.CallToolAsync("send_session_message", new Dictionary<string, object?> { ["terminal_id"] = terminal, ["message"] = "next task" });
        Assert.False(send.IsError);
        var progress = new List<ProgressNotificationValue>();
        var reporter = new SyncProgress(v => { lock (progress) { progress.Add(v); } });
        var r = await client.CallToolAsync("wait_for_terminal",
            new Dictionary<string, object?> { ["terminal_id"] = terminal, ["after_message_id"] = send.StructuredContent!.Value.GetProperty("message_id").GetInt64(), ["timeout_seconds"] = 20 },
            reporter);
        Assert.False(r.IsError, ((TextContentBlock)r.Content[0]).Text);
        // Progress went out on the call's SSE stream while it ran (which statuses it names depends on poll timing).
        await EventuallyAsync(() => { lock (progress) { return progress.Count > 0 && Volatile.Read(ref raw) > 0; } }, "notifications/progress for the call", 10);
        lock (progress)
        {
            Assert.All(progress, p => Assert.False(string.IsNullOrEmpty(p.Message)));
        }
    }

    private sealed class SyncProgress(Action<ProgressNotificationValue> report) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value) => report(value);
    }

    [Fact]
    public async Task A_subscription_notifies_its_own_session_only()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var a = api.SeedSession("cao-a");
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress);
        await using var one = await server.ConnectAsync();
        await using var two = await server.ConnectAsync();
        Assert.NotEqual(one.SessionId, two.SessionId);
        var seenOne = 0;
        var seenTwo = 0;
        await using var onTwo = two.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (_, _) => { Interlocked.Increment(ref seenTwo); return ValueTask.CompletedTask; });
        await using var sub = await one.SubscribeToResourceAsync($"cao://terminals/{a}", (_, _) => { Interlocked.Increment(ref seenOne); return ValueTask.CompletedTask; });

        api.SetTerminalStatus(a, "processing");
        await EventuallyAsync(() => Volatile.Read(ref seenOne) > 0, "notifications/resources/updated on the subscribing session");
        // The other session keeps working and heard nothing.
        Assert.False((await two.CallToolAsync("list_sessions", new Dictionary<string, object?>())).IsError);
        Assert.Equal(0, Volatile.Read(ref seenTwo));
    }

    [Fact]
    public async Task Delete_ends_a_session_and_leaves_others_alone()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress);
        await using var other = await server.ConnectAsync();
        using var http = new HttpClient();
        using var init = await http.SendAsync(Post(server.Endpoint, Initialize));
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();
        using (var initialized = await http.SendAsync(Post(server.Endpoint, """{"jsonrpc":"2.0","method":"notifications/initialized"}""", session)))
        {
            Assert.Equal(HttpStatusCode.Accepted, initialized.StatusCode);
        }

        using (var list = await http.SendAsync(Post(server.Endpoint, """{"jsonrpc":"2.0","id":2,"method":"tools/list"}""", session)))
        {
            Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        }

        using var delete = new HttpRequestMessage(HttpMethod.Delete, server.Endpoint);
        delete.Headers.Add("Mcp-Session-Id", session);
        using (var deleted = await http.SendAsync(delete))
        {
            Assert.True(deleted.IsSuccessStatusCode, $"DELETE answered {(int)deleted.StatusCode}");
        }

        using (var after = await http.SendAsync(Post(server.Endpoint, """{"jsonrpc":"2.0","id":3,"method":"tools/list"}""", session)))
        {
            Assert.Equal(HttpStatusCode.NotFound, after.StatusCode);
        }

        Assert.NotEmpty(await other.ListToolsAsync());
    }

    [Theory]
    [InlineData("Origin", "http://evil.example.com", HttpStatusCode.Forbidden)]
    [InlineData("Origin", "null", HttpStatusCode.Forbidden)]
    [InlineData("Host", "evil.example.com", HttpStatusCode.Forbidden)]
    [InlineData("Origin", "http://localhost:3000", HttpStatusCode.OK)]
    [InlineData("Host", "localhost", HttpStatusCode.OK)]
    public async Task Foreign_origins_and_hosts_are_refused(string header, string value, HttpStatusCode expected)
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress);
        using var http = new HttpClient();
        using var request = Post(server.Endpoint, Initialize);
        if (header == "Host")
        {
            request.Headers.Host = value;
        }
        else
        {
            request.Headers.Add(header, value);
        }

        using var response = await http.SendAsync(request);
        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.Forbidden)
        {
            Assert.Contains("DNS rebinding protection", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Allowed_origins_widen_the_origin_check()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress, null, "--allowed-origins", "https://app.example.com");
        using var http = new HttpClient();
        using var request = Post(server.Endpoint, Initialize);
        request.Headers.Add("Origin", "https://app.example.com");
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_non_loopback_address_without_auth_is_refused_at_start()
    {
        var (code, stderr) = await HttpServerProcess.RunToExitAsync(HttpServerProcess.BinaryPath, [], "serve", "--http", "0.0.0.0:8765");
        Assert.Equal(2, code);
        Assert.Contains("refusing to serve on 0.0.0.0:8765: it is not a loopback address and no authorization is configured", stderr, StringComparison.Ordinal);
        Assert.Contains("CAO_OPS_AUTH_JWKS_URI", stderr, StringComparison.Ordinal);

        // cao-ops serve --http is the same program (cao-ops execs cao-ops-http beside it).
        var (viaMain, mainStderr) = await HttpServerProcess.RunToExitAsync(PublishedBinary.Path, [], "serve", "--http", "0.0.0.0:8765");
        Assert.Equal(2, viaMain);
        Assert.Contains("refusing to serve on 0.0.0.0:8765", mainStderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthz_answers_and_sessions_are_bounded()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress, null, "--max-sessions", "1");
        using var http = new HttpClient();
        Assert.Contains("\"status\":\"ok\"", await http.GetStringAsync(new Uri(server.Root, "healthz")), StringComparison.Ordinal);
        await using var first = await server.ConnectAsync();
        using var second = await http.SendAsync(Post(server.Endpoint, Initialize));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Contains("--max-sessions", await second.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Requests_in_flight_per_session_are_bounded()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var terminal = api.SeedSession("cao-busy");
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress, null, "--max-session-requests", "1");
        await using var client = await server.ConnectAsync();
        var slow = client.CallToolAsync("wait_for_terminal",
            new Dictionary<string, object?> { ["terminal_id"] = terminal, ["until"] = new[] { "error" }, ["timeout_seconds"] = 8 }).AsTask();
        await api.WaitForRequestAsync(r => r.Method == "GET" && r.Path.Contains(terminal, StringComparison.Ordinal), TimeSpan.FromSeconds(20));
        using var http = new HttpClient();
        using (var busy = await http.SendAsync(Post(server.Endpoint, """{"jsonrpc":"2.0","id":9,"method":"ping"}""", client.SessionId)))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, busy.StatusCode);
            Assert.Contains("--max-session-requests", await busy.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.False((await slow.WaitAsync(TimeSpan.FromSeconds(30))).IsError);
        using var free = await http.SendAsync(Post(server.Endpoint, """{"jsonrpc":"2.0","id":10,"method":"ping"}""", client.SessionId));
        Assert.Equal(HttpStatusCode.OK, free.StatusCode);
    }

    [Fact]
    public async Task An_oversized_request_is_refused()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress, null, "--max-request-bytes", "1024");
        using var http = new HttpClient();
        using var response = await http.SendAsync(Post(server.Endpoint, Initialize.Replace("\"raw\"", $"\"{new string('x', 4096)}\"", StringComparison.Ordinal)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Sigterm_lets_a_call_in_flight_finish_then_exits_0()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(1500) });
        var terminal = api.SeedSession("cao-drain", status: "completed");
        await using var server = await HttpServerProcess.StartAsync(api.BaseAddress);
        await using var client = await server.ConnectAsync();
        var send = await client.CallToolAsync("send_session_message", new Dictionary<string, object?> { ["terminal_id"] = terminal, ["message"] = "work" });
        var call = client.CallToolAsync("wait_for_terminal",
            new Dictionary<string, object?> { ["terminal_id"] = terminal, ["after_message_id"] = send.StructuredContent!.Value.GetProperty("message_id").GetInt64(), ["timeout_seconds"] = 30 }).AsTask();
        await api.WaitForRequestAsync(r => r.Path.Contains(terminal, StringComparison.Ordinal) && r.Method == "GET", TimeSpan.FromSeconds(20));
        server.Signal(PosixSignal.SIGTERM);
        var result = await call.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(result.IsError, ((TextContentBlock)result.Content[0]).Text);
        Assert.Equal("completed", result.StructuredContent!.Value.GetProperty("status").GetString());
        await server.WaitForExitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, server.ExitCode);
    }
}
