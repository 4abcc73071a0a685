using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

public class SecurityTests
{
    [Fact]
    public async Task Bearer_token_is_sent_and_never_logged()
    {
        const string Token = "tok-very-secret-123";
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = Token });
        await using (var mcp = await McpHarness.StartAsync(api, new() { ["CAO_AUTH_LOCAL_TOKEN"] = Token, ["CAO_OPS_LOG"] = "debug" }))
        {
            Assert.False((await mcp.CallAsync("list_sessions")).IsError);
            var install = await mcp.CallAsync("install_profile", new { source = "no-such-profile", env_vars = new Dictionary<string, string> { ["API_KEY"] = "env-secret-value" } });
            Assert.True(install.IsError);
            Assert.DoesNotContain("env-secret-value", install.Text(), StringComparison.Ordinal);
            Assert.DoesNotContain(Token, mcp.StderrText(), StringComparison.Ordinal);
            Assert.DoesNotContain("env-secret-value", mcp.StderrText(), StringComparison.Ordinal);
        }

        Assert.All(api.Requests, r =>
        {
            Assert.Equal($"Bearer {Token}", r.Headers["authorization"]);
            Assert.False(r.Headers.ContainsKey("origin"));
            Assert.DoesNotContain(Token, r.RawTarget, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Missing_token_explains_how_to_set_one()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = "t" });
        await using var mcp = await McpHarness.StartAsync(api);
        var r = await mcp.CallAsync("list_sessions");
        Assert.True(r.IsError);
        Assert.Equal("List sessions failed: missing bearer token — cao-server requires a bearer token: set CAO_AUTH_LOCAL_TOKEN (or CAO_API_TOKEN) to a token it accepts.", r.Message());
    }

    [Theory]
    [InlineData("get_session_info", "session_name", "a/b")]
    [InlineData("get_session_info", "session_name", "..")]
    [InlineData("get_session_info", "session_name", "%2F")]
    [InlineData("get_session_info", "session_name", "x?y=1")]
    [InlineData("get_session_info", "session_name", "x#y")]
    [InlineData("get_session_info", "session_name", "a b")]
    [InlineData("shutdown_session", "session_name", "cao-ü")]
    [InlineData("get_profile_details", "name", "../../etc/passwd")]
    [InlineData("get_profile_details", "name", "a%2Fb")]
    [InlineData("get_terminal_status", "terminal_id", "deadbeef/../../sessions")]
    [InlineData("send_session_message", "terminal_id", "dead%2Fbeef")]
    public async Task Identifiers_cannot_leave_their_path(string tool, string key, string value)
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);
        var args = new Dictionary<string, string> { [key] = value };
        if (tool == "send_session_message")
        {
            args["message"] = "hi";
        }

        var r = await mcp.CallAsync(tool, args);
        Assert.True(r.IsError);
        Assert.Contains("Invalid arguments", r.Message(), StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Message_text_with_url_syntax_stays_in_its_query_value()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var terminal = api.SeedSession("cao-inj");
        await using var mcp = await McpHarness.StartAsync(api);
        const string Text = "a&sender_id=evil#frag ?x=/../ü 👍";
        var r = await mcp.CallAsync("send_session_message", new { terminal_id = terminal, message = Text });
        Assert.False(r.IsError, r.Text());
        var req = api.Requests.Single(x => x.Method == "POST");
        Assert.Equal($"/terminals/{terminal}/inbox/messages", req.Path);
        Assert.Equal(Text, req.Query["message"]);
        Assert.Equal("cao-ops-mcp", req.Query["sender_id"]);
    }
}
