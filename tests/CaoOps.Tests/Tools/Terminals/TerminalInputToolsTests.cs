using System.Net;
using CaoOps.Tests.Support;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Tools.Terminals;

public class TerminalInputToolsTests
{
    private const string Id = "27a1cde9";
    private const string ShellTail = "/exit\r\ngoodbye\r\n\u001b[?2004hroot@vm:/srv/work# \r\n\u001b[?2004l\r\u001b[?2004hroot@vm:/srv/work# ";

    [Fact]
    public async Task Input_answers_a_waiting_agent_after_checking_it()
    {
        var routes = new Routes().Terminal(Id, "waiting_user_answer").Output(Id, "deploy\r\nAPPROVAL_REQUIRED: Allow? [y/n] ")
            .On("POST", $"/terminals/{Id}/input", HttpStatusCode.OK, "{\"success\":true}");
        using var h = new Harness(routes.Respond);
        var r = await h.CallAsync("send_terminal_input", $"{{\"terminal_id\":\"{Id}\",\"message\":\"y please\"}}");
        Assert.False(r.IsError, r.Text());
        Assert.Equal($"Answer typed into terminal '{Id}'; wait_for_terminal follows the agent from here.", r.Message());
        Assert.Equal([$"GET /terminals/{Id}", $"GET /terminals/{Id}/output?mode=full", $"POST /terminals/{Id}/input?message=y%20please&sender_id=cao-ops-mcp"],
            h.Stub.Requests.Select(x => $"{x.Method} {x.PathAndQuery}"));
    }

    [Fact]
    public async Task Input_is_refused_for_an_error_terminal_without_typing()
    {
        using var h = new Harness(new Routes().Terminal(Id, "error").Respond);
        var r = await h.CallAsync("send_terminal_input", $"{{\"terminal_id\":\"{Id}\",\"message\":\"are you there\"}}");
        Assert.True(r.IsError);
        Assert.StartsWith($"Type into terminal '{Id}' refused: the terminal is in status 'error' — its agent CLI failed or exited", r.Message(), StringComparison.Ordinal);
        Assert.Contains("delete_terminal and add_terminal", r.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Stub.Requests, x => x.Method == "POST");
    }

    [Fact]
    public async Task Input_is_refused_when_the_cli_exited_to_a_shell()
    {
        using var h = new Harness(new Routes().Terminal(Id, "processing").Output(Id, ShellTail).Respond);
        var r = await h.CallAsync("send_terminal_input", $"{{\"terminal_id\":\"{Id}\",\"message\":\"rm -rf build\"}}");
        Assert.True(r.IsError);
        Assert.Contains("the agent's CLI has exited and the terminal shows a shell prompt ('root@vm:/srv/work#'), so the text would run as a shell command", r.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Stub.Requests, x => x.Method == "POST");
    }

    [Fact]
    public async Task Input_to_an_unknown_terminal_says_not_found_and_a_409_race_is_explained()
    {
        using (var h = new Harness(HttpStatusCode.NotFound, $"{{\"detail\":\"Terminal '{Id}' not found\"}}"))
        {
            var r = await h.CallAsync("send_terminal_input", $"{{\"terminal_id\":\"{Id}\",\"message\":\"hi\"}}");
            Assert.Equal($"Type into terminal '{Id}' failed: Terminal '{Id}' not found — it was deleted or the id is wrong; get_session_info lists a session's terminals", r.Message());
        }

        var routes = new Routes().Terminal(Id, "idle").Output(Id, "❯ ")
            .On("POST", $"/terminals/{Id}/input", HttpStatusCode.Conflict, $"{{\"detail\":\"Terminal {Id} provider is in ERROR state (provider process may have exited). Refusing to deliver input.\"}}");
        using var race = new Harness(routes.Respond);
        var failed = await race.CallAsync("send_terminal_input", $"{{\"terminal_id\":\"{Id}\",\"message\":\"hi\"}}");
        Assert.True(failed.IsError);
        Assert.Contains("Refusing to deliver input. — its agent CLI failed or exited", failed.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlong_input_is_refused_before_any_request()
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("send_terminal_input", $"{{\"terminal_id\":\"{Id}\",\"message\":\"{new string('x', 60_001)}\"}}");
        Assert.True(r.IsError);
        Assert.Empty(h.Stub.Requests);
    }

    [Theory]
    [InlineData("ctrl+c", "C-c")]
    [InlineData("Ctrl-C", "C-c")]
    [InlineData("esc", "Escape")]
    [InlineData("enter", "Enter")]
    [InlineData("y", "y")]
    [InlineData("1", "1")]
    [InlineData("alt+x", "M-x")]
    [InlineData("Up", "Up")]
    public async Task Keys_are_normalised_to_tmux_names(string given, string sent)
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"success\":true}");
        var r = await h.CallAsync("send_terminal_key", $"{{\"terminal_id\":\"{Id}\",\"key\":\"{given}\"}}");
        Assert.False(r.IsError, r.Text());
        Assert.Equal($"/terminals/{Id}/key?key={Uri.EscapeDataString(sent)}", h.Stub.Requests.Single().PathAndQuery);
        Assert.StartsWith($"Pressed {sent} in terminal '{Id}'.", r.Message(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("F1")]
    [InlineData("rm -rf")]
    [InlineData("C-F1")]
    public async Task Keys_cao_server_refuses_are_refused_first(string key)
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("send_terminal_key", $"{{\"terminal_id\":\"{Id}\",\"key\":\"{key}\"}}");
        Assert.True(r.IsError);
        Assert.Contains("use Up, Down, Left, Right, Enter, Tab, Escape, Space", r.Message(), StringComparison.Ordinal);
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task A_key_with_a_read_only_token_says_which_scope_it_needs()
    {
        using var h = new Harness(HttpStatusCode.Forbidden, "{\"detail\":\"Forbidden: requires one of ['cao:write', 'cao:admin']\"}");
        var r = await h.CallAsync("send_terminal_key", $"{{\"terminal_id\":\"{Id}\",\"key\":\"Enter\"}}");
        Assert.Equal($"Press Enter in terminal '{Id}' failed: Forbidden: requires one of ['cao:write', 'cao:admin'] — this operation needs a token with cao:write or cao:admin; the token in CAO_AUTH_LOCAL_TOKEN has neither (`cao-ops doctor` shows its scopes).", r.Message());
    }

    [Fact]
    public async Task Exit_skips_an_agent_that_already_exited_and_refuses_an_error_terminal()
    {
        using (var h = new Harness(new Routes().Terminal(Id, "processing").Output(Id, ShellTail).Respond))
        {
            var r = await h.CallAsync("exit_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
            Assert.False(r.IsError, r.Text());
            Assert.Contains("has already exited (the terminal shows 'root@vm:/srv/work#'); nothing sent", r.Message(), StringComparison.Ordinal);
            Assert.DoesNotContain(h.Stub.Requests, x => x.Method == "POST");
        }

        using (var h = new Harness(new Routes().Terminal(Id, "error").Respond))
        {
            var r = await h.CallAsync("exit_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
            Assert.True(r.IsError);
            Assert.Contains("delete_terminal removes it", r.Message(), StringComparison.Ordinal);
        }

        var routes = new Routes().Terminal(Id, "idle").Output(Id, "MockCli ready.\r\n❯ ").On("POST", $"/terminals/{Id}/exit", HttpStatusCode.OK, "{\"success\":true}");
        using var ok = new Harness(routes.Respond);
        var sent = await ok.CallAsync("exit_terminal", $"{{\"terminal_id\":\"{Id}\"}}");
        Assert.Equal($"Exit command sent to the agent in terminal '{Id}'. The terminal stays (as a shell) until delete_terminal removes it.", sent.Message());
    }

    [Theory]
    [InlineData("root@vm:/srv/work# ", true)]
    [InlineData("user@host:~$ ", true)]
    [InlineData("me@mac ~ % ", true)]
    [InlineData("❯ ", false)]
    [InlineData("> MOCK: email me@example.com: done$", false)]
    [InlineData("Allow this action? [y/n/t]: ", false)]
    public async Task The_shell_prompt_check_recognises_shells_only(string tail, bool shell)
    {
        using var h = new Harness(new Routes().Output(Id, "something\r\n" + tail).Respond);
        var call = new CaoOps.Tooling.ToolCall(CaoOps.Tooling.ToolArguments.Empty, h.Services);
        Assert.Equal(shell, await TerminalChecks.ShellPromptAsync(call, Id, CancellationToken.None) is not null);
    }
}
