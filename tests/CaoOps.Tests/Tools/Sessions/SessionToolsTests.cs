using System.Net;
using System.Text.Json;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Sessions;

public class SessionToolsTests
{
    private const string Terminal = "{\"id\":\"27a1cde9\",\"name\":\"developer-7b99\",\"provider\":\"mock_cli\",\"session_name\":\"cao-probe1\",\"agent_profile\":\"developer\",\"status\":\"idle\"}";

    [Fact]
    public async Task Launch_generates_a_cao_name_and_sends_query_params_only() // §6.13
    {
        using var h = new Harness(_ => StubHandler.Json(HttpStatusCode.Created, Terminal.Replace("cao-probe1", "cao-whatever", StringComparison.Ordinal)));
        var r = await h.CallAsync("launch_session", "{\"agent_profile\":\"developer\",\"allowed_tools\":[\"fs_read\",\"execute_bash\"]}");
        Assert.False(r.IsError);
        var req = h.Stub.Requests.Single();
        Assert.Matches("^/sessions\\?agent_profile=developer&session_name=cao-[0-9a-f]{8}&allowed_tools=fs_read%2Cexecute_bash$", req.PathAndQuery);
        Assert.Null(req.Body);
        Assert.Equal("27a1cde9", r.Str("terminal_id"));
    }

    [Fact]
    public async Task Launch_reports_the_name_the_server_created()
    {
        using var h = new Harness(_ => StubHandler.Json(HttpStatusCode.Created, Terminal.Replace("cao-probe1", "cao-foo", StringComparison.Ordinal)));
        var r = await h.CallAsync("launch_session", "{\"agent_profile\":\"developer\",\"session_name\":\"foo\",\"provider\":\"mock_cli\",\"working_directory\":\"/srv/w\"}");
        Assert.Equal("cao-foo", r.Str("session_name"));
        Assert.Equal("foo", r.Str("requested_session_name"));
        Assert.Equal("Session 'cao-foo' launched successfully", r.Message());
        Assert.Equal("/sessions?agent_profile=developer&session_name=foo&provider=mock_cli&working_directory=%2Fsrv%2Fw", h.Stub.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Launch_puts_initial_message_only_in_the_body() // §6.15
    {
        using var h = new Harness(_ => StubHandler.Json(HttpStatusCode.Created, Terminal));
        var r = await h.CallAsync("launch_session", "{\"agent_profile\":\"developer\",\"session_name\":\"cao-probe1\",\"model\":\"claude-sonnet-4.5\",\"initial_message\":\"do the thing & more\"}");
        var req = h.Stub.Requests.Single();
        Assert.Contains("model=claude-sonnet-4.5", req.PathAndQuery, StringComparison.Ordinal);
        Assert.DoesNotContain("thing", req.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("{\"initial_message\":\"do the thing & more\"}", req.Body);
        Assert.Equal("Session 'cao-probe1' launched; initial message delivery is in progress", r.Message());
    }

    [Fact]
    public async Task Launch_failure_keeps_the_session_name() // §6.16, §6.17
    {
        using var h = new Harness(HttpStatusCode.BadRequest, "{\"detail\":\"Session 'cao-probe1' already exists\"}");
        var r = await h.CallAsync("launch_session", "{\"agent_profile\":\"developer\",\"session_name\":\"probe1\"}");
        Assert.True(r.IsError);
        Assert.Equal("{\"success\":false,\"message\":\"Launch session failed: Session 'cao-probe1' already exists\",\"session_name\":\"cao-probe1\"}", r.Text());
    }

    [Theory] // §6.18, §6.19
    [InlineData("{\"name\":\"x\"}")]
    [InlineData("[1]")]
    [InlineData("{\"id\":null}")]
    public async Task Launch_rejects_responses_without_an_id(string payload)
    {
        using var h = new Harness(HttpStatusCode.Created, payload);
        var r = await h.CallAsync("launch_session", "{\"agent_profile\":\"developer\",\"session_name\":\"cao-s\"}");
        Assert.Equal("Launch session failed: invalid session response", r.Message());
        Assert.Equal("cao-s", r.Str("session_name"));
    }

    [Theory]
    [InlineData("{\"agent_profile\":\"dev/../x\"}", "agent_profile")]
    [InlineData("{\"agent_profile\":\"developer\",\"session_name\":\"a.b\"}", "session_name")]
    [InlineData("{\"agent_profile\":\"developer\",\"model\":\"invalid;model\"}", "model")]
    [InlineData("{\"agent_profile\":\"developer\",\"initial_message\":\"\"}", "initial_message must not be empty")]
    [InlineData("{\"agent_profile\":\"developer\",\"allowed_tools\":[\"a,b\"]}", "allowed_tools")]
    [InlineData("{\"agent_profile\":\"developer\",\"allowed_tools\":\"fs_read\"}", "array of strings")]
    public async Task Launch_validates_before_any_request(string args, string expected)
    {
        using var h = new Harness(HttpStatusCode.Created, Terminal);
        var r = await h.CallAsync("launch_session", args);
        Assert.True(r.IsError);
        Assert.Contains(expected, r.Message(), StringComparison.Ordinal);
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task Send_message_uses_query_params_and_sender() // §6.20
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"success\":true,\"message_id\":7}");
        var r = await h.CallAsync("send_session_message", "{\"terminal_id\":\"27a1cde9\",\"message\":\"hi there & bye\"}");
        var req = h.Stub.Requests.Single();
        Assert.Equal("POST", req.Method);
        Assert.Equal("/terminals/27a1cde9/inbox/messages?sender_id=cao-ops-mcp&message=hi%20there%20%26%20bye", req.PathAndQuery);
        Assert.Null(req.Body);
        Assert.Equal("{\"success\":true,\"message\":\"Message queued for terminal '27a1cde9'\",\"terminal_id\":\"27a1cde9\",\"message_id\":7}", r.Text());
    }

    [Fact]
    public async Task Send_message_failure_echoes_the_terminal() // §6.21, §6.23
    {
        using var h = new Harness(_ => StubHandler.Text(HttpStatusCode.InternalServerError, "internal error"));
        var r = await h.CallAsync("send_session_message", "{\"terminal_id\":\"deadbeef\",\"message\":\"hi\"}");
        Assert.Equal("{\"success\":false,\"message\":\"Send message to terminal 'deadbeef' failed: internal error\",\"terminal_id\":\"deadbeef\"}", r.Text());
    }

    [Fact]
    public async Task Send_message_refuses_a_message_too_long_for_a_url()
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("send_session_message", JsonSerializer.Serialize(new Dictionary<string, string> { ["terminal_id"] = "27a1cde9", ["message"] = new string('x', 70_000) }));
        Assert.True(r.IsError);
        Assert.Contains("'message' is 70,000 characters; the limit is 60,000 (cao-server receives it in the URL", r.Message(), StringComparison.Ordinal);
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task List_sessions_keeps_extras_and_leaves_out_null_keys() // §6.24
    {
        using var h = new Harness(HttpStatusCode.OK, "[{\"id\":\"cao-1\",\"name\":\"cao-1\",\"status\":\"detached\",\"terminal_count\":2}]");
        var r = await h.CallAsync("list_sessions");
        Assert.Equal("{\"success\":true,\"sessions\":[{\"id\":\"cao-1\",\"name\":\"cao-1\",\"status\":\"detached\",\"terminal_count\":2}]}", r.Text());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("[1]")]
    [InlineData("[{\"id\":5}]")]
    public async Task List_sessions_rejects_bad_payloads(string payload)
    {
        using var h = new Harness(HttpStatusCode.OK, payload);
        var r = await h.CallAsync("list_sessions");
        Assert.True(r.IsError);
        Assert.Equal("{\"success\":false,\"message\":\"List sessions failed: invalid response payload\",\"sessions\":[]}", r.Text());
    }

    [Fact]
    public async Task Get_session_info_adds_the_prefix_and_passes_through() // §6.27
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"session\":{\"id\":\"cao-x\"},\"terminals\":[]}");
        var r = await h.CallAsync("get_session_info", "{\"session_name\":\"x\"}");
        Assert.Equal("/sessions/cao-x", h.Stub.Requests[0].PathAndQuery);
        Assert.Equal("{\"session\":{\"id\":\"cao-x\"},\"terminals\":[]}", r.Text());
    }

    [Fact]
    public async Task Get_session_info_404() // §6.28
    {
        using var h = new Harness(HttpStatusCode.NotFound, "{\"detail\":\"Session 'cao-missing' not found\"}");
        var r = await h.CallAsync("get_session_info", "{\"session_name\":\"cao-missing\"}");
        Assert.True(r.IsError);
        Assert.Equal("Get session info for 'cao-missing' failed: Session 'cao-missing' not found — list_sessions shows the sessions that exist", r.Message());
    }

    [Fact]
    public async Task Shutdown_checks_existence_then_deletes()
    {
        using var h = new Harness(req => req.Method == HttpMethod.Get
            ? StubHandler.Json(HttpStatusCode.OK, "{\"session\":{},\"terminals\":[]}")
            : StubHandler.Json(HttpStatusCode.OK, "{\"success\":true,\"deleted\":[\"cao-a\"],\"errors\":[]}"));
        var r = await h.CallAsync("shutdown_session", "{\"session_name\":\"cao-a\"}");
        Assert.False(r.IsError);
        Assert.Equal(["GET /sessions/cao-a", "DELETE /sessions/cao-a"], h.Stub.Requests.Select(x => $"{x.Method} {x.PathAndQuery}"));
        Assert.Equal("{\"success\":true,\"deleted\":[\"cao-a\"],\"errors\":[]}", r.Text());
    }

    [Fact]
    public async Task Shutdown_of_a_missing_session_fails_instead_of_a_false_success()
    {
        using var h = new Harness(HttpStatusCode.NotFound, "{\"detail\":\"Session 'cao-nope' not found\"}");
        var r = await h.CallAsync("shutdown_session", "{\"session_name\":\"cao-nope\"}");
        Assert.True(r.IsError);
        Assert.StartsWith("Shutdown session 'cao-nope' failed: Session 'cao-nope' not found — nothing was shut down", r.Message());
        Assert.Single(h.Stub.Requests);
    }
}
