using System.Net;
using System.Net.Sockets;
using CaoOps.Cao;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Terminals;

public class WaitAndOutputTests
{
    private const string Id = "27a1cde9";

    private static string TerminalJson(string status) => $"{{\"id\":\"{Id}\",\"status\":\"{status}\",\"last_active\":\"t0\"}}";

    [Fact]
    public async Task A_wait_ending_on_a_question_hands_the_question_over()
    {
        var output = "deploy to prod\r\n\u001b[1mI need to run: kubectl apply\u001b[0m\r\nAPPROVAL_REQUIRED: Allow this action? [y/n/t]: ";
        var routes = new Routes().On("GET", $"/terminals/{Id}", HttpStatusCode.OK, TerminalJson("waiting_user_answer"))
            .On("GET", $"/terminals/{Id}/inbox/messages", HttpStatusCode.OK, "[]").Output(Id, output);
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("wait_for_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
        Assert.True(r.Result.GetProperty("reached").GetBoolean(), r.Text());
        Assert.Equal("deploy to prod\nI need to run: kubectl apply\nAPPROVAL_REQUIRED: Allow this action? [y/n/t]:", r.Str("question"));
        Assert.Contains("Answer with send_terminal_input (text) or send_terminal_key", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_long_question_is_bounded()
    {
        var output = string.Join("\r\n", Enumerable.Range(1, 400).Select(i => $"line {i} " + new string('z', 30)));
        var routes = new Routes().On("GET", $"/terminals/{Id}", HttpStatusCode.OK, TerminalJson("waiting_user_answer"))
            .On("GET", $"/terminals/{Id}/inbox/messages", HttpStatusCode.OK, "[]").Output(Id, output);
        using var h = new Harness(routes.Respond);
        var question = (await h.CallAsync("wait_for_terminal", $"{{\"terminal_id\":\"{Id}\"}}")).Str("question");
        Assert.True(question.Length <= CaoOps.Tools.Sessions.WaitForTerminalTool.QuestionChars);
        Assert.EndsWith("line 400 " + new string('z', 30), question, StringComparison.Ordinal);
        Assert.True(question.Split('\n').Length <= CaoOps.Tools.Sessions.WaitForTerminalTool.QuestionLines);
    }

    [Fact]
    public async Task A_short_outage_is_ridden_out()
    {
        var polls = 0;
        var routes = new Routes().On("GET", $"/terminals/{Id}", req => Interlocked.Increment(ref polls) switch
            {
                1 => StubHandler.Json(HttpStatusCode.OK, TerminalJson("processing")),
                <= 4 => throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)),
                _ => StubHandler.Json(HttpStatusCode.OK, TerminalJson("completed")),
            })
            .On("GET", $"/terminals/{Id}/inbox/messages", HttpStatusCode.OK, "[]");
        using var h = new Harness(routes.Respond, Harness.DefaultSettings with { WaitOutage = TimeSpan.FromSeconds(20) });
        var r = await h.CallAsync("wait_for_terminal", $"{{\"terminal_id\":\"{Id}\",\"timeout_seconds\":30}}");
        Assert.False(r.IsError, r.Text());
        Assert.True(r.Result.GetProperty("reached").GetBoolean());
        Assert.Equal(5, h.Stub.Requests.Count(x => x.PathAndQuery == $"/terminals/{Id}"));
    }

    [Fact]
    public async Task An_outage_longer_than_the_budget_fails_with_what_to_do()
    {
        var polls = 0;
        var routes = new Routes().On("GET", $"/terminals/{Id}", _ => Interlocked.Increment(ref polls) == 1
                ? StubHandler.Json(HttpStatusCode.OK, TerminalJson("processing"))
                : throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)))
            .On("GET", $"/terminals/{Id}/inbox/messages", HttpStatusCode.OK, "[]");
        using var h = new Harness(routes.Respond, Harness.DefaultSettings with { WaitOutage = TimeSpan.FromMilliseconds(300) });
        var r = await h.CallAsync("wait_for_terminal", $"{{\"terminal_id\":\"{Id}\",\"timeout_seconds\":30}}");
        Assert.True(r.IsError);
        Assert.Contains("CAO server not reachable at http://127.0.0.1:9889", r.Message(), StringComparison.Ordinal);
        Assert.Contains("gives up after 0.3 s (CAO_OPS_WAIT_OUTAGE)", r.Message(), StringComparison.Ordinal);
        Assert.Contains("once cao-server is back, call wait_for_terminal again", r.Message(), StringComparison.Ordinal);

        // Down when the wait begins: a wrong address or a stopped server, not a restart: fail at once.
        var down = new Routes().On("GET", $"/terminals/{Id}", _ => throw new HttpRequestException("refused", new SocketException((int)SocketError.ConnectionRefused)));
        using var strict = new Harness(down.Respond, Harness.DefaultSettings with { WaitOutage = TimeSpan.FromSeconds(30) });
        var atOnce = await strict.CallAsync("wait_for_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
        Assert.True(atOnce.IsError);
        Assert.StartsWith("Wait for terminal '27a1cde9' failed: CAO server not reachable", atOnce.Message(), StringComparison.Ordinal);
        Assert.Single(strict.Stub.Requests);
    }

    [Fact]
    public async Task A_wait_that_starts_after_its_task_finished_still_ends()
    {
        var routes = new Routes()
            .On("GET", $"/terminals/{Id}", HttpStatusCode.OK, $"{{\"id\":\"{Id}\",\"status\":\"completed\",\"last_active\":\"2026-11-30T02:38:50.100000\"}}")
            .On("GET", $"/terminals/{Id}/inbox/messages", req => StubHandler.Json(HttpStatusCode.OK, req.RequestUri!.Query.Contains("status=delivered", StringComparison.Ordinal)
                ? "[{\"id\":7,\"status\":\"delivered\",\"created_at\":\"2026-11-30T02:38:49.900000\"}]"
                : "[]"));
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("wait_for_terminal", $"{{\"terminal_id\":\"{Id}\",\"after_message_id\":7,\"timeout_seconds\":5}}");
        Assert.True(r.Result.GetProperty("reached").GetBoolean(), r.Text());
        Assert.True(r.Result.GetProperty("elapsed_seconds").GetDouble() < 1);
    }

    [Fact]
    public async Task A_timeout_on_unknown_explains_the_restart()
    {
        var routes = new Routes().On("GET", $"/terminals/{Id}", HttpStatusCode.OK, TerminalJson("unknown")).On("GET", $"/terminals/{Id}/inbox/messages", HttpStatusCode.OK, "[]");
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("wait_for_terminal", $"{{\"terminal_id\":\"{Id}\",\"timeout_seconds\":1}}");
        Assert.False(r.Result.GetProperty("reached").GetBoolean());
        Assert.Contains("after a restart cao-server reports 'unknown' until the terminal prints something new", r.Message(), StringComparison.Ordinal);
        Assert.Contains("Check get_terminal_output (mode 'full')", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_wait_setting_is_read_from_the_environment()
    {
        var settings = CaoSettings.FromEnvironment(n => n == "CAO_OPS_WAIT_OUTAGE" ? "0" : null, out var problems);
        Assert.Empty(problems);
        Assert.Equal(TimeSpan.Zero, settings.WaitOutage);
        Assert.Equal(TimeSpan.FromSeconds(30), CaoSettings.FromEnvironment(_ => null, out _).WaitOutage);
        CaoSettings.FromEnvironment(n => n == "CAO_OPS_WAIT_OUTAGE" ? "-1" : null, out var bad);
        Assert.Equal(["CAO_OPS_WAIT_OUTAGE '-1' must be a number of seconds between 0 and 3600."], bad);
    }

    [Fact]
    public async Task Mode_last_falls_back_to_the_tail_of_full_when_extraction_fails()
    {
        var full = "banner\r\n" + new string('k', 5000) + "\r\nthe answer is 42\r\n> ";
        var routes = new Routes().On("GET", $"/terminals/{Id}/output", req => req.RequestUri!.Query.Contains("mode=last", StringComparison.Ordinal)
            ? StubHandler.Json(HttpStatusCode.InternalServerError, "{\"detail\":\"No Kiro CLI response found - no Credits marker or green arrow detected\"}")
            : StubHandler.Json(HttpStatusCode.OK, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["output"] = full, ["mode"] = "full" })));
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("get_terminal_output", $"{{\"terminal_id\":\"{Id}\"}}");
        Assert.False(r.IsError, r.Text());
        Assert.Equal("full", r.Str("fallback"));
        Assert.Equal("full", r.Str("mode"));
        Assert.Equal("cao-server could not extract the agent's last message (No Kiro CLI response found - no Credits marker or green arrow detected); this is the end of its full output instead.", r.Message());
        Assert.Equal(CaoOps.Tooling.TerminalOutput.FallbackChars, r.Str("output").Length);
        Assert.EndsWith("the answer is 42\r\n> ", r.Str("output"), StringComparison.Ordinal);
        Assert.True(r.Result.GetProperty("truncated").GetBoolean());

        var capped = await h.CallAsync("read_session_output", $"{{\"terminal_id\":\"{Id}\",\"mode\":\"last\",\"max_chars\":30,\"clean\":true}}");
        Assert.Equal("full", capped.Str("fallback"));
        Assert.Equal("kkkkkkkkkk\nthe answer is 42\n> ", capped.Str("output"));
    }

    [Theory]
    [InlineData("invalid token: Signature has expired", "rejected the token in CAO_AUTH_LOCAL_TOKEN: it has expired. Put a fresh token in CAO_AUTH_LOCAL_TOKEN.")]
    [InlineData("invalid token: Audience doesn't match", "it was issued for another audience; cao-server expects its own URL (e.g. http://127.0.0.1:9889) as aud")]
    [InlineData("invalid token: Signature verification failed", "it is not signed by a key cao-server trusts (its CAO_AUTH_JWKS_URI)")]
    [InlineData("invalid token: Not enough segments", "it is not a JWT. CAO_AUTH_LOCAL_TOKEN must hold a token from cao-server's issuer.")]
    [InlineData("missing bearer token", "cao-ops sent the token from CAO_AUTH_LOCAL_TOKEN, but it did not arrive")]
    public async Task A_rejected_token_is_not_called_missing(string detail, string expected)
    {
        using var h = new Harness(_ => StubHandler.Json(HttpStatusCode.Unauthorized, $"{{\"detail\":\"{detail}\"}}"), Harness.DefaultSettings with { Token = "header.payload.sig" });
        var r = await h.CallAsync("list_sessions");
        Assert.Contains(expected, r.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain("requires a bearer token", r.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain("header.payload.sig", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_host_header_names_the_variable_for_that_node()
    {
        using var h = new Harness(_ => StubHandler.Text(HttpStatusCode.BadRequest, "Invalid host header"), Harness.DefaultSettings with { BaseUrl = new Uri("http://gpu.lan:9889") });
        var r = await h.CallAsync("list_sessions");
        Assert.Equal("List sessions failed: Invalid host header — cao-server at gpu.lan only accepts requests addressed to 127.0.0.1/localhost: on that machine, start cao-server with CAO_ALLOWED_HOSTS=gpu.lan (comma-separated list).", r.Message());
    }

    [Fact]
    public void Token_claims_give_scopes_and_the_kinds_of_tools_they_allow()
    {
        static string Jwt(string payload) => "eyJhbGciOiJSUzI1NiJ9." + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(payload)).TrimEnd('=').Replace('+', '-').Replace('/', '_') + ".c2ln";
        var read = TokenClaims.Read(Jwt("{\"scope\":\"cao:read\",\"exp\":1796017393,\"aud\":\"http://127.0.0.1:9890\"}"))!;
        Assert.Equal(["cao:read"], read.Scopes);
        Assert.Equal(["read"], read.Allows());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1796017393), read.ExpiresAt);
        Assert.Equal("http://127.0.0.1:9890", read.Audience);
        Assert.Equal(["read", "write"], TokenClaims.Read(Jwt("{\"scp\":[\"cao:write\"]}"))!.Allows());
        Assert.Equal(["read", "write", "admin"], TokenClaims.Read(Jwt("{\"permissions\":\"cao:admin\"}"))!.Allows());
        Assert.Null(TokenClaims.Read("not-a-jwt"));
        Assert.Null(TokenClaims.Read("a.%%%.c"));
    }
}
