using System.Net;
using System.Text.Json;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Terminals;

public class TerminalLifecycleToolsTests
{
    private const string Id = "27a1cde9";
    private const string Session = "{\"session\":{\"id\":\"cao-work\",\"name\":\"cao-work\",\"status\":\"detached\"},\"terminals\":[{\"id\":\"27a1cde9\",\"tmux_session\":\"cao-work\",\"tmux_window\":\"developer-1a2b\",\"provider\":\"mock_cli\",\"agent_profile\":\"developer\",\"working_directory\":\"/srv/work\",\"engine\":null,\"last_active\":\"t\",\"status\":\"idle\"}]}";
    private const string Added = "{\"id\":\"6a1ade1d\",\"name\":\"reviewer-a13b\",\"provider\":\"mock_cli\",\"session_name\":\"cao-work\",\"agent_profile\":\"reviewer\",\"caller_id\":null,\"allowed_tools\":null,\"engine\":null,\"shell_command\":null,\"group\":null,\"metadata\":null,\"status\":\"idle\",\"last_active\":\"t\"}";

    [Fact]
    public async Task Add_terminal_starts_in_the_sessions_directory_and_waits_for_readiness()
    {
        var routes = new Routes().On("GET", "/sessions/cao-work", HttpStatusCode.OK, Session).On("POST", "/sessions/cao-work/terminals", HttpStatusCode.Created, Added);
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("add_terminal", "{\"session_name\":\"work\",\"agent_profile\":\"reviewer\",\"provider\":\"mock_cli\",\"allowed_tools\":[\"fs_read\",\"fs_list\"]}");
        Assert.False(r.IsError, r.Text());
        Assert.Equal("6a1ade1d", r.Str("terminal_id"));
        Assert.Equal("Agent 'reviewer' added to session 'cao-work' as terminal '6a1ade1d', working in /srv/work.", r.Message());
        var post = h.Stub.Requests[^1];
        Assert.Equal("/sessions/cao-work/terminals?agent_profile=reviewer&provider=mock_cli&working_directory=%2Fsrv%2Fwork&allowed_tools=fs_read%2Cfs_list", post.PathAndQuery);
        Assert.Null(post.Body);
    }

    [Fact]
    public async Task Add_terminal_sends_initial_message_with_defer_init_in_the_body()
    {
        var routes = new Routes().On("GET", "/sessions/cao-work", HttpStatusCode.OK, Session).On("POST", "/sessions/cao-work/terminals", HttpStatusCode.Created, Added.Replace("\"idle\"", "\"unknown\"", StringComparison.Ordinal));
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("add_terminal", "{\"session_name\":\"cao-work\",\"agent_profile\":\"reviewer\",\"working_directory\":\"/srv/other\",\"initial_message\":\"review the diff\"}");
        Assert.False(r.IsError, r.Text());
        Assert.Equal("unknown", r.Str("status"));
        var post = h.Stub.Requests[^1];
        Assert.Equal("/sessions/cao-work/terminals?agent_profile=reviewer&working_directory=%2Fsrv%2Fother&defer_init=true", post.PathAndQuery);
        Assert.Equal("{\"initial_message\":\"review the diff\"}", post.Body);
        Assert.Equal("application/json", post.ContentType);
    }

    [Fact]
    public async Task Add_terminal_failures_say_what_to_do()
    {
        using (var h = new Harness(HttpStatusCode.NotFound, "{\"detail\":\"Session 'cao-nope' not found\"}"))
        {
            var r = await h.CallAsync("add_terminal", "{\"session_name\":\"nope\",\"agent_profile\":\"reviewer\"}");
            Assert.Equal("Add terminal to session 'cao-nope' failed: Session 'cao-nope' not found — list_sessions shows the sessions that exist; launch_session starts a new one", r.Message());
        }

        using (var h = new Harness(HttpStatusCode.OK, "{}"))
        {
            var r = await h.CallAsync("add_terminal", "{\"session_name\":\"work\",\"agent_profile\":\"reviewer\",\"provider\":\"bogus_cli\"}");
            Assert.StartsWith("Invalid arguments for add_terminal: unknown provider 'bogus_cli' (valid: kiro_cli, claude_code,", r.Message(), StringComparison.Ordinal);
            var bad = await h.CallAsync("add_terminal", "{\"session_name\":\"work\",\"agent_profile\":\"a/b\"}");
            Assert.StartsWith("Invalid arguments for add_terminal: invalid agent_profile 'a/b'", bad.Message(), StringComparison.Ordinal);
            Assert.Empty(h.Stub.Requests);
        }

        var kiro = new Routes().On("GET", "/sessions/cao-work", HttpStatusCode.OK, Session)
            .On("POST", "/sessions/cao-work/terminals", HttpStatusCode.BadRequest, "{\"detail\":\"Kiro engine 'v2' cannot start because 'kiro-cli' was not found. Install Kiro CLI or select another provider.\"}");
        using var k = new Harness(kiro.Respond);
        var missing = await k.CallAsync("add_terminal", "{\"session_name\":\"work\",\"agent_profile\":\"no_such_profile\"}");
        Assert.EndsWith("— pass a provider that is installed (list_providers).", missing.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_terminal_says_when_the_session_went_with_it()
    {
        var routes = new Routes().Terminal(Id, "idle")
            .On("GET", "/sessions/cao-work/terminals", HttpStatusCode.OK, "[{\"id\":\"27a1cde9\"}]")
            .On("DELETE", $"/terminals/{Id}", HttpStatusCode.OK, "{\"success\":true}");
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("delete_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
        Assert.False(r.IsError, r.Text());
        Assert.True(r.Result.GetProperty("session_removed").GetBoolean());
        Assert.Equal($"Terminal '{Id}' deleted. It was the last terminal of session 'cao-work', so that session is gone too.", r.Message());
    }

    [Fact]
    public async Task Delete_terminal_turns_the_odd_409_into_not_found()
    {
        using (var h = new Harness(HttpStatusCode.NotFound, $"{{\"detail\":\"Terminal '{Id}' not found\"}}"))
        {
            var r = await h.CallAsync("delete_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
            Assert.Equal($"Delete terminal '{Id}' failed: Terminal '{Id}' not found — it was deleted or the id is wrong; get_session_info lists a session's terminals", r.Message());
            Assert.DoesNotContain(h.Stub.Requests, x => x.Method == "DELETE");
        }

        var gone = new Routes().Terminal(Id, "idle")
            .On("GET", "/sessions/cao-work/terminals", HttpStatusCode.OK, "[{\"id\":\"27a1cde9\"},{\"id\":\"6a1ade1d\"}]")
            .On("DELETE", $"/terminals/{Id}", HttpStatusCode.Conflict, $"{{\"detail\":\"cleanup deferred for terminal '{Id}'; retry delete after residual Grok processes exit\"}}");
        using var raced = new Harness(gone.Respond);
        var notFound = await raced.CallAsync("delete_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
        Assert.Equal($"Delete terminal '{Id}' failed: terminal '{Id}' not found — it was deleted meanwhile; get_session_info lists a session's terminals.", notFound.Message());

        using var grok = new Harness(gone.Terminal(Id, "idle", provider: "grok_cli").Respond);
        var deferred = await grok.CallAsync("delete_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
        Assert.EndsWith("— a Grok CLI process is still exiting; retry in a few seconds.", deferred.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_with_a_write_token_says_it_needs_admin()
    {
        var routes = new Routes().Terminal(Id, "idle")
            .On("GET", "/sessions/cao-work/terminals", HttpStatusCode.OK, "[]")
            .On("DELETE", $"/terminals/{Id}", HttpStatusCode.Forbidden, "{\"detail\":\"Forbidden: requires one of ['cao:admin']\"}");
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("delete_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
        Assert.EndsWith("— this operation needs a token with cao:admin; the token in CAO_AUTH_LOCAL_TOKEN has not (`cao-ops doctor` shows its scopes).", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inbox_listing_explains_why_messages_wait()
    {
        var routes = new Routes().Terminal(Id, "waiting_user_answer").On("GET", $"/terminals/{Id}/inbox/messages", HttpStatusCode.OK,
            "[{\"id\":1,\"sender_id\":\"ops\",\"receiver_id\":\"27a1cde9\",\"message\":\"a\",\"status\":\"delivered\",\"created_at\":\"t\"},{\"id\":2,\"sender_id\":\"ops\",\"receiver_id\":\"27a1cde9\",\"message\":\"b\",\"status\":\"pending\",\"created_at\":\"t\"}]");
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("list_inbox_messages", $"{{\"terminal_id\":\"{Id}\",\"status\":\"PENDING\",\"limit\":5}}");
        Assert.False(r.IsError, r.Text());
        Assert.Equal("2 message(s): 1 delivered, 1 pending. Pending ones wait because the agent is asking a question: answer it with send_terminal_input or send_terminal_key, then delivery resumes.", r.Message());
        Assert.Equal("waiting_user_answer", r.Str("status"));
        Assert.Equal(2, r.Result.GetProperty("messages").GetArrayLength());
        Assert.Equal($"/terminals/{Id}/inbox/messages?limit=5&status=pending", h.Stub.Requests[^1].PathAndQuery);
    }

    [Fact]
    public async Task Providers_and_profile_search_pass_the_server_lists_through()
    {
        var routes = new Routes()
            .On("GET", "/agents/providers", HttpStatusCode.OK, "[{\"name\":\"kiro_cli\",\"binary\":\"kiro-cli\",\"installed\":false},{\"name\":\"claude_code\",\"binary\":\"claude\",\"installed\":true}]")
            .On("GET", "/agents/profiles/search", HttpStatusCode.OK, "[{\"name\":\"reviewer\",\"description\":\"Code Reviewer\",\"capabilities\":[],\"tags\":[\"review\"],\"role\":\"reviewer\",\"source\":\"built-in\",\"coverage\":2,\"score\":2.8777}]");
        using var h = new Harness(routes.Respond);
        var providers = await h.CallAsync("list_providers");
        Assert.Equal("1 of 2 providers installed: claude_code.", providers.Message());
        Assert.Equal(2, providers.Result.GetProperty("providers").GetArrayLength());

        var found = await h.CallAsync("find_profiles", "{\"query\":\"code review\",\"limit\":3}");
        Assert.Equal("1 profile(s) match 'code review', best first.", found.Message());
        Assert.Equal("/agents/profiles/search?q=code%20review&limit=3", h.Stub.Requests[^1].PathAndQuery);
        Assert.Equal(2.8777, found.Result.GetProperty("profiles")[0].GetProperty("score").GetDouble());
    }

    [Fact]
    public async Task An_old_server_without_the_routes_is_named()
    {
        using var h = new Harness(HttpStatusCode.NotFound, "{\"detail\":\"Not Found\"}");
        Assert.EndsWith("predates the providers route; upgrade it, or pass provider explicitly.", (await h.CallAsync("list_providers")).Message(), StringComparison.Ordinal);
        Assert.EndsWith("predates profile search; list_profiles lists every profile.", (await h.CallAsync("find_profiles", "{\"query\":\"x\"}")).Message(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("send_terminal_input", 900)]
    [InlineData("send_terminal_key", 900)]
    [InlineData("add_terminal", 1250)]
    [InlineData("exit_terminal", 800)]
    [InlineData("delete_terminal", 850)]
    [InlineData("list_inbox_messages", 1000)]
    [InlineData("list_providers", 650)]
    [InlineData("find_profiles", 870)]
    public void Each_new_tool_stays_within_its_catalogue_budget(string name, int budget)
    {
        var tool = CaoOps.Mcp.ProtocolTools.ToProtocol(CaoOps.Tools.ToolCatalog.All.Single(t => t.Name == name));
        var bytes = JsonSerializer.SerializeToUtf8Bytes(tool, ModelContextProtocol.McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(ModelContextProtocol.Protocol.Tool))).Length;
        Assert.True(bytes <= budget, $"{name}: {bytes} bytes in tools/list (budget {budget})");
    }
}
