using System.Text.Json;
using System.Text.Json.Nodes;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CaoOps.E2E.Tests;

/// <summary>Prompts, cao:// resources, completions and subscriptions through the published binary.</summary>
public class PromptsAndResourcesTests
{
    /// <summary>The initialize-handshake revision Claude Code and VS Code speak today.</summary>
    private const string Handshake = "2025-11-25";

    private static readonly Dictionary<string, string?> Debug = new() { ["CAO_OPS_LOG"] = "debug" };

    private static string Text(GetPromptResult result) => ((TextContentBlock)Assert.Single(result.Messages).Content).Text;

    private static string Text(ReadResourceResult result) => ((TextResourceContents)Assert.Single(result.Contents)).Text;

    private static async Task EventuallyAsync(Func<bool> condition, string what, int seconds = 30)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(25);
        }
    }

    [Fact]
    public async Task Prompts_are_listed_with_typed_arguments_and_only_when_their_tools_are_exposed()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);
        var tools = (await mcp.Client.ListToolsAsync()).Select(t => t.Name).ToHashSet();
        var prompts = await mcp.Client.ListPromptsAsync();
        var expected = new[] { "delegate_task", "review_sessions" }.Concat(tools.Contains("send_terminal_input") ? ["unblock_terminal"] : Array.Empty<string>());
        Assert.Equal(expected, prompts.Select(p => p.Name));
        var delegateTask = prompts[0].ProtocolPrompt;
        Assert.Equal("Delegate a task to a CAO agent", delegateTask.Title);
        Assert.Equal(["task", "agent_profile", "provider", "working_directory"], delegateTask.Arguments!.Select(a => a.Name));
        Assert.Equal([true, false, false, false], delegateTask.Arguments!.Select(a => a.Required == true));
        Assert.Empty(api.Requests); // listing prompts asks cao-server nothing

        await using var readOnly = await McpHarness.StartAsync(api, extraArgs: "--read-only");
        Assert.Equal(["review_sessions"], (await readOnly.Client.ListPromptsAsync()).Select(p => p.Name));
        var ex = await Assert.ThrowsAsync<McpProtocolException>(() => readOnly.Client.GetPromptAsync("delegate_task", new Dictionary<string, object?> { ["task"] = "x" }).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, ex.ErrorCode);
        Assert.Contains("Prompt 'delegate_task' is not available here: it needs the tool(s) launch_session, which", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delegate_task_is_the_whole_routine_with_the_real_tool_calls()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);
        var result = await mcp.Client.GetPromptAsync("delegate_task", new Dictionary<string, object?>
        {
            ["task"] = "Add a --json flag to the report command",
            ["agent_profile"] = "developer",
            ["working_directory"] = "/srv/repo",
        });
        var text = Text(result);
        Assert.Equal(Role.User, result.Messages[0].Role);
        Assert.Contains("<task>\nAdd a --json flag to the report command\n</task>", text, StringComparison.Ordinal);
        Assert.Contains("launch_session(agent_profile=\"developer\", working_directory=\"/srv/repo\", initial_message=<the task above>)", text, StringComparison.Ordinal);
        Assert.Contains("wait_for_terminal(terminal_id=<terminal_id>)", text, StringComparison.Ordinal);
        Assert.Contains("get_terminal_output(terminal_id=<terminal_id>, mode=\"last\", clean=true)", text, StringComparison.Ordinal);
        Assert.Contains("shutdown_session(session_name=<session_name>)", text, StringComparison.Ordinal);

        var bad = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.GetPromptAsync("delegate_task", new Dictionary<string, object?> { ["agent_profile"] = "developer" }).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, bad.ErrorCode);
        Assert.Contains("Invalid arguments for prompt delegate_task: missing required argument 'task'", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_sessions_reports_live_state_with_what_needs_attention_first()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var idle = api.SeedSession("cao-idle");
        var asking = api.SeedSession("cao-ask", "reviewer", status: "waiting_user_answer");
        await using var mcp = await McpHarness.StartAsync(api);
        await mcp.CallAsync("send_session_message", new { terminal_id = asking, message = "after you answer" }); // stays queued
        var text = Text(await mcp.Client.GetPromptAsync("review_sessions"));
        Assert.Contains("2 sessions, 2 terminals: 1 waiting_user_answer, 1 idle.", text, StringComparison.Ordinal);
        Assert.Contains($"Needs attention:\n- cao-ask / terminal {asking} (reviewer, mock_cli): waiting_user_answer — it is asking a question and waits for an answer; last active", text, StringComparison.Ordinal);
        Assert.Contains("; 1 queued message not yet delivered", text, StringComparison.Ordinal);
        Assert.Contains($"Idle or finished:\n- cao-idle / terminal {idle} (developer, mock_cli): idle; last active", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_are_listed_live_read_as_json_or_text_and_templates_name_the_rest()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var id = api.SeedSession("cao-demo", status: "completed");
        api.SetTerminalOutput(id, "raw", "\u001b[32mAll 12 tests pass.\u001b[0m\r\nDone.\r\n");
        await using var mcp = await McpHarness.StartOnProtocolAsync(api, Handshake);

        var listed = await mcp.Client.ListResourcesAsync();
        Assert.Equal(["cao://sessions", "cao://sessions/cao-demo", $"cao://terminals/{id}", $"cao://terminals/{id}/output"], listed.Select(r => r.Uri));
        Assert.Equal(["application/json", "application/json", "application/json", "text/plain"], listed.Select(r => r.MimeType));
        var templates = await mcp.Client.ListResourceTemplatesAsync();
        Assert.Equal(["cao://sessions/{session_name}", "cao://terminals/{terminal_id}", "cao://terminals/{terminal_id}/output"], templates.Select(t => t.UriTemplate));

        using var sessions = JsonDocument.Parse(Text(await mcp.Client.ReadResourceAsync("cao://sessions")));
        Assert.Equal("cao-demo", sessions.RootElement.GetProperty("sessions")[0].GetProperty("name").GetString());
        using var session = JsonDocument.Parse(Text(await mcp.Client.ReadResourceAsync("cao://sessions/cao-demo")));
        Assert.Equal(id, session.RootElement.GetProperty("terminals")[0].GetProperty("id").GetString());
        using var terminal = JsonDocument.Parse(Text(await mcp.Client.ReadResourceAsync($"cao://terminals/{id}")));
        Assert.Equal("completed", terminal.RootElement.GetProperty("status").GetString());
        var output = await mcp.Client.ReadResourceAsync($"cao://terminals/{id}/output");
        Assert.Equal("text/plain", output.Contents[0].MimeType);
        Assert.Equal("All 12 tests pass.\nDone.\n", Text(output));

        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.ReadResourceAsync("cao://terminals/deadbeef").AsTask());
        Assert.Equal(McpErrorCode.ResourceNotFound, missing.ErrorCode);
        Assert.Contains("Terminal 'deadbeef' not found", missing.Message, StringComparison.Ordinal);
        var unknown = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.ReadResourceAsync("cao://flows").AsTask());
        Assert.Equal(McpErrorCode.ResourceNotFound, unknown.ErrorCode);
        var invalid = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.ReadResourceAsync("cao://terminals/..%2Fsessions").AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, invalid.ErrorCode);
        Assert.DoesNotContain(api.Requests, r => r.Path.Contains("..", StringComparison.Ordinal) || r.Path.StartsWith("/flows", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Completion_offers_live_names_filtered_by_what_was_typed()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.SeedSession("cao-demo");
        api.SeedSession("cao-build");
        var asking = api.SeedSession("cao-ask", status: "waiting_user_answer");
        await using var mcp = await McpHarness.StartAsync(api);

        var sessions = await mcp.Client.CompleteAsync(new ResourceTemplateReference { Uri = "cao://sessions/{session_name}" }, "session_name", "b");
        Assert.Equal(["cao-build"], sessions.Completion.Values);
        var terminals = await mcp.Client.CompleteAsync(new ResourceTemplateReference { Uri = "cao://terminals/{terminal_id}/output" }, "terminal_id", "");
        Assert.Equal(3, terminals.Completion.Values.Count);
        Assert.Equal(asking, terminals.Completion.Values[0]);
        var profiles = await mcp.Client.CompleteAsync(new PromptReference { Name = "delegate_task" }, "agent_profile", "dev");
        Assert.Equal(["developer"], profiles.Completion.Values);
        var providers = await mcp.Client.CompleteAsync(new PromptReference { Name = "delegate_task" }, "provider", "cod");
        Assert.Equal(["codex"], providers.Completion.Values);
    }

    [Fact]
    public async Task With_cao_server_down_completion_is_empty_and_the_list_is_just_cao_sessions()
    {
        await using var mcp = await McpHarness.StartAsync("http://127.0.0.1:1");
        var result = await mcp.Client.CompleteAsync(new ResourceTemplateReference { Uri = "cao://sessions/{session_name}" }, "session_name", "cao");
        Assert.Empty(result.Completion.Values);
        Assert.Equal(["cao://sessions"], (await mcp.Client.ListResourcesAsync()).Select(r => r.Uri));
        var ex = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.ReadResourceAsync("cao://sessions").AsTask());
        Assert.Contains("CAO server not reachable at http://127.0.0.1:1 — is `cao-server` running?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_subscribed_terminal_sends_updated_when_its_status_changes_and_nothing_after_unsubscribe()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var a = api.SeedSession("cao-a");
        var b = api.SeedSession("cao-b");
        await using var mcp = await McpHarness.StartOnProtocolAsync(api, Handshake, Debug);
        Assert.True(mcp.Client.ServerCapabilities.Resources!.Subscribe);
        var seenA = 0;
        var seenB = 0;
        var subA = await mcp.Client.SubscribeToResourceAsync($"cao://terminals/{a}", (n, _) => { Interlocked.Increment(ref seenA); return ValueTask.CompletedTask; });

        api.SetTerminalStatus(a, "processing");
        await EventuallyAsync(() => Volatile.Read(ref seenA) > 0, $"notifications/resources/updated for cao://terminals/{a}");
        await subA.DisposeAsync(); // resources/unsubscribe
        var countA = Volatile.Read(ref seenA);

        await using (await mcp.Client.SubscribeToResourceAsync($"cao://terminals/{b}/output", (_, _) => { Interlocked.Increment(ref seenB); return ValueTask.CompletedTask; }))
        {
            api.SetTerminalStatus(a, "completed");
            api.SetTerminalStatus(b, "processing");
            await EventuallyAsync(() => Volatile.Read(ref seenB) > 0, $"notifications/resources/updated for cao://terminals/{b}/output");
            Assert.Equal(countA, Volatile.Read(ref seenA)); // the poll that saw a's change too sent nothing for it
        }

        await EventuallyAsync(() => mcp.StderrText().Contains("resource watcher stopped: nothing is subscribed", StringComparison.Ordinal), "the watcher to stop");
    }

    [Fact]
    public async Task Cao_sessions_subscribers_hear_sessions_come_and_go_and_listers_get_list_changed()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.SeedSession("cao-a");
        await using var mcp = await McpHarness.StartOnProtocolAsync(api, Handshake);
        var updated = 0;
        var listChanged = 0;
        await using var onList = mcp.Client.RegisterNotificationHandler(NotificationMethods.ResourceListChangedNotification, (_, _) => { Interlocked.Increment(ref listChanged); return ValueTask.CompletedTask; });
        Assert.Equal(4, (await mcp.Client.ListResourcesAsync()).Count);
        await using var sub = await mcp.Client.SubscribeToResourceAsync("cao://sessions", (_, _) => { Interlocked.Increment(ref updated); return ValueTask.CompletedTask; });

        api.SeedSession("cao-b");
        await EventuallyAsync(() => Volatile.Read(ref updated) > 0 && Volatile.Read(ref listChanged) > 0, "resources/updated for cao://sessions and resources/list_changed");
        Assert.Equal(7, (await mcp.Client.ListResourcesAsync()).Count);
    }

    [Fact]
    public async Task On_the_handshake_free_revision_subscriptions_listen_streams_updates_until_cancelled()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var a = api.SeedSession("cao-a");
        await using var mcp = await McpHarness.StartAsync(api, Debug);
        Assert.Equal("2026-07-28", mcp.Client.NegotiatedProtocolVersion);
        var acks = new List<JsonNode?>();
        var updates = new List<JsonNode?>();
        await using var onAck = mcp.Client.RegisterNotificationHandler(NotificationMethods.SubscriptionsAcknowledgedNotification, (n, _) => { lock (acks) { acks.Add(n.Params); } return ValueTask.CompletedTask; });
        await using var onUpdate = mcp.Client.RegisterNotificationHandler(NotificationMethods.ResourceUpdatedNotification, (n, _) => { lock (updates) { updates.Add(n.Params); } return ValueTask.CompletedTask; });

        using var listen = new CancellationTokenSource();
        var request = new JsonRpcRequest
        {
            Method = RequestMethods.SubscriptionsListen,
            Params = new JsonObject { ["notifications"] = new JsonObject { ["resourceSubscriptions"] = new JsonArray($"cao://terminals/{a}", "cao://nowhere") } },
        };
        var stream = mcp.Client.SendRequestAsync(request, listen.Token);
        await EventuallyAsync(() => { lock (acks) { return acks.Count == 1 || stream.IsCompleted; } }, "notifications/subscriptions/acknowledged");
        if (stream.IsCompleted)
        {
            await stream; // the listen request failed: show why
        }

        lock (acks)
        {
            Assert.Equal($"[\"cao://terminals/{a}\"]", acks[0]!["notifications"]!["resourceSubscriptions"]!.ToJsonString());
        }

        api.SetTerminalStatus(a, "processing");
        await EventuallyAsync(() => { lock (updates) { return updates.Count > 0; } }, "notifications/resources/updated on the listen stream");
        lock (updates)
        {
            Assert.Equal($"cao://terminals/{a}", updates[0]!["uri"]!.GetValue<string>());
            Assert.NotNull(updates[0]!["_meta"]!["io.modelcontextprotocol/subscriptionId"]);
        }

        await listen.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream);
        await EventuallyAsync(() => mcp.StderrText().Contains("resource watcher stopped: nothing is subscribed", StringComparison.Ordinal), "the watcher to stop after the listen request was cancelled");
    }

    [Fact]
    public async Task A_fleet_of_several_nodes_offers_tools_only()
    {
        await using var a = await CaoApiDouble.StartAsync();
        await using var b = await CaoApiDouble.StartAsync();
        var fleet = Path.Combine(Path.GetTempPath(), $"cao-ops-fleet-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(fleet, JsonSerializer.Serialize(new { machines = new object[] { new { name = "a", url = a.BaseAddress }, new { name = "b", url = b.BaseAddress } } }));
        try
        {
            await using var mcp = await McpHarness.StartAsync("http://127.0.0.1:9", null, "--fleet", fleet);
            Assert.NotNull(mcp.Client.ServerCapabilities.Tools);
            Assert.Null(mcp.Client.ServerCapabilities.Prompts);
            Assert.Null(mcp.Client.ServerCapabilities.Resources);
            Assert.Null(mcp.Client.ServerCapabilities.Completions);
        }
        finally
        {
            File.Delete(fleet);
        }
    }

    [Fact]
    public async Task On_the_wire_the_capabilities_are_advertised_and_results_fit_the_negotiated_revision()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using (var server = new RawServer(api.BaseAddress))
        {
            server.Send("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
            var capabilities = server.WaitForResponse("init").GetProperty("result").GetProperty("capabilities");
            Assert.Equal("{}", capabilities.GetProperty("prompts").GetRawText());
            Assert.Equal("""{"subscribe":true,"listChanged":true}""", capabilities.GetProperty("resources").GetRawText());
            Assert.Equal("{}", capabilities.GetProperty("completions").GetRawText());
            server.Send("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
            server.Send("""{"jsonrpc":"2.0","id":"t","method":"resources/templates/list"}""");
            var templates = server.WaitForResponse("t").GetProperty("result");
            Assert.False(templates.TryGetProperty("resultType", out _)); // 2026-07-28 fields stay out of older revisions
            Assert.False(templates.TryGetProperty("ttlMs", out _));
            server.Send("""{"jsonrpc":"2.0","id":"bad","method":"prompts/get","params":{"name":42}}""");
            var error = server.WaitForResponse("bad").GetProperty("error");
            Assert.Equal(-32602, error.GetProperty("code").GetInt32());
            Assert.Equal("Invalid params for prompts/get: $.name does not have the JSON type the MCP specification gives it.", error.GetProperty("message").GetString());
        }

        using (var server = new RawServer(api.BaseAddress))
        {
            const string Params = """{"_meta":{"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"raw","version":"1"}}}""";
            server.Send("""{"jsonrpc":"2.0","id":"d","method":"server/discover","params":""" + Params + "}");
            Assert.True(server.WaitForResponse("d").GetProperty("result").GetProperty("capabilities").TryGetProperty("completions", out _));
            server.Send("""{"jsonrpc":"2.0","id":"t","method":"resources/templates/list","params":""" + Params + "}");
            var templates = server.WaitForResponse("t").GetProperty("result");
            Assert.Equal("complete", templates.GetProperty("resultType").GetString());
            Assert.Equal(0, templates.GetProperty("ttlMs").GetInt32());
        }
    }

    [Fact]
    public async Task Unblock_terminal_hands_over_the_question_and_how_to_answer_it()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.SeedSession("cao-busy", status: "processing");
        var asking = api.SeedSession("cao-ask", "reviewer", status: "waiting_user_answer");
        api.SetTerminalOutput(asking, "\u001b[1mRun the migrations?\u001b[0m\r\nAllow this action? [y/n/t]: ");
        await using var mcp = await McpHarness.StartAsync(api);

        var ids = await mcp.Client.CompleteAsync(new PromptReference { Name = "unblock_terminal" }, "terminal_id", "");
        Assert.Equal(asking, ids.Completion.Values[0]);
        var text = Text(await mcp.Client.GetPromptAsync("unblock_terminal", new Dictionary<string, object?> { ["terminal_id"] = asking }));
        Assert.StartsWith($"CAO terminal {asking} (reviewer, mock_cli) in session cao-ask is waiting_user_answer. It is waiting for an answer.", text, StringComparison.Ordinal);
        Assert.Contains("<screen>\nRun the migrations?\nAllow this action? [y/n/t]:\n</screen>", text, StringComparison.Ordinal);
        Assert.Contains($"send_terminal_input(terminal_id=\"{asking}\", message=<answer>)", text, StringComparison.Ordinal);
        Assert.Contains($"send_terminal_key(terminal_id=\"{asking}\", key=\"Down\")", text, StringComparison.Ordinal);

        var missing = await Assert.ThrowsAsync<McpProtocolException>(() => mcp.Client.GetPromptAsync("unblock_terminal", new Dictionary<string, object?> { ["terminal_id"] = "deadbeef" }).AsTask());
        Assert.Equal(McpErrorCode.InvalidParams, missing.ErrorCode);
        Assert.Contains("Terminal 'deadbeef' not found", missing.Message, StringComparison.Ordinal);
    }
}
