using System.Net.Http.Headers;
using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>Scripted agents, keys, the bare shell after C-c, and scoped bearer tokens.</summary>
public sealed class TerminalControlTests
{
    [Fact]
    public async Task An_asking_agent_waits_for_an_answer_and_holds_the_inbox_meanwhile()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(20) });
        var id = server.SeedSession("cao-ask", agent: AgentScript.Asking("Delete 3 files? [y/n]"));
        using var http = Client(server);

        Assert.Equal(200, (await PostAsync(http, $"/terminals/{id}/input?message=clean+up")).Status);
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "waiting_user_answer", what: "waiting_user_answer");
        var full = Json((await GetAsync(http, $"/terminals/{id}/output?mode=full")).Body).GetProperty("output").GetString();
        Assert.Equal("clean up\r\nAPPROVAL_REQUIRED: Delete 3 files? [y/n] ", full);

        Assert.Equal(200, (await PostAsync(http, $"/terminals/{id}/inbox/messages?sender_id=ops&message=next")).Status);
        Assert.Contains("\"status\":\"pending\"", (await GetAsync(http, $"/terminals/{id}/inbox/messages")).Body, StringComparison.Ordinal);
        Assert.Equal((409, $"{{\"detail\":\"Terminal {id} is waiting for a user answer. Use answer_user_prompt to submit a selection or approval before sending assign input.\"}}"),
            await PostAsync(http, $"/terminals/{id}/input?message=x&orchestration_type=assign"));

        Assert.Equal(200, (await PostAsync(http, $"/terminals/{id}/input?message=y")).Status);
        await Poll.UntilAsync(
            async () => (await GetAsync(http, $"/terminals/{id}/inbox/messages?status=delivered")).Body,
            body => body.Contains("\"message\":\"next\"", StringComparison.Ordinal),
            what: "the held message delivered after the answer");
        Assert.Equal("clean up (answer: y)", Json((await GetAsync(http, $"/terminals/{id}/output?mode=last")).Body).GetProperty("output").GetString());
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "waiting_user_answer", what: "the next task asks again");
    }

    [Fact]
    public async Task A_key_answers_a_question_and_escape_cancels_one()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(20) });
        var id = server.SeedSession("cao-pick", agent: AgentScript.Asking());
        using var http = Client(server);

        await PostAsync(http, $"/terminals/{id}/input?message=pick+one");
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "waiting_user_answer", what: "question");
        Assert.Equal(200, (await PostAsync(http, $"/terminals/{id}/key?key=Down")).Status);
        Assert.Equal("waiting_user_answer", server.GetTerminalStatus(id)); // arrows move the selection only
        Assert.Equal(200, (await PostAsync(http, $"/terminals/{id}/key?key=2")).Status);
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "completed", what: "completed");
        Assert.Equal("pick one (answer: 2)", Json((await GetAsync(http, $"/terminals/{id}/output?mode=last")).Body).GetProperty("output").GetString());

        await PostAsync(http, $"/terminals/{id}/input?message=again");
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "waiting_user_answer", what: "second question");
        await PostAsync(http, $"/terminals/{id}/key?key=Escape");
        Assert.Equal("idle", server.GetTerminalStatus(id));
        Assert.EndsWith("Interrupted.\r\n❯ ", server.GetTerminalBuffer(id), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_interruptible_turn_is_cancelled_by_ctrl_c_back_to_idle()
    {
        await using var server = await CaoApiDouble.StartAsync();
        var id = server.SeedSession("cao-long", agent: AgentScript.Interruptible(TimeSpan.FromMinutes(5)));
        using var http = Client(server);

        await PostAsync(http, $"/terminals/{id}/input?message=refactor+everything");
        Assert.Equal("processing", server.GetTerminalStatus(id));
        Assert.Equal(200, (await PostAsync(http, $"/terminals/{id}/key?key=C-c")).Status);
        Assert.Equal("idle", server.GetTerminalStatus(id));
        Assert.Equal("refactor everything\r\n^C\r\nInterrupted.\r\n❯ ", server.GetTerminalBuffer(id));
    }

    [Fact]
    public async Task Ctrl_c_kills_mock_cli_and_later_input_runs_in_the_shell_with_the_session_env()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero, MockSleepUnit = TimeSpan.FromSeconds(1) });
        using var http = Client(server);
        var (status, body) = await PostAsync(http, "/sessions?provider=mock_cli&agent_profile=developer&session_name=envy&working_directory=/srv/work",
            "{\"env_vars\":{\"TICKET\":\"OPS-7\",\"CLAUDE_CODE_X\":\"dropped\"}}");
        Assert.Equal(201, status);
        var id = Json(body).GetProperty("id").GetString()!;

        await PostAsync(http, $"/terminals/{id}/input?message=__mock_sleep_60");
        await PostAsync(http, $"/terminals/{id}/key?key=C-c");
        Assert.Equal("processing", server.GetTerminalStatus(id));
        Assert.EndsWith("^C\r\n\u001b[?2004hroot@vm:/srv/work# ", server.GetTerminalBuffer(id), StringComparison.Ordinal);

        await PostAsync(http, $"/terminals/{id}/input?message=" + Uri.EscapeDataString("echo T=$TICKET C=$CLAUDE_CODE_X"));
        Assert.Contains("\rT=OPS-7 C=\r\n", server.GetTerminalBuffer(id), StringComparison.Ordinal);
        Assert.Equal("processing", server.GetTerminalStatus(id));
        Assert.Equal((200, "{\"working_directory\":\"/srv/work\"}"), await GetAsync(http, $"/terminals/{id}/working-directory"));
    }

    [Fact]
    public async Task Key_names_are_checked_before_the_terminal_and_a_fresh_kiro_terminal_has_no_last_message()
    {
        await using var server = await CaoApiDouble.StartAsync();
        var id = server.SeedSession("cao-kiro", provider: "kiro_cli");
        using var http = Client(server);
        Assert.Equal(400, (await PostAsync(http, "/terminals/deadbeef/key?key=F1")).Status);
        Assert.Equal(404, (await PostAsync(http, "/terminals/deadbeef/key?key=Enter")).Status);
        Assert.Equal((500, "{\"detail\":\"No Kiro CLI response found - no Credits marker or green arrow detected\"}"), await GetAsync(http, $"/terminals/{id}/output?mode=last"));
        Assert.Equal(200, (await GetAsync(http, $"/terminals/{id}/output?mode=full")).Status);
    }

    [Fact]
    public async Task Scoped_tokens_get_403_with_the_scopes_a_route_needs()
    {
        var read = CaoApiDouble.MakeToken("cao:read");
        var write = CaoApiDouble.MakeToken("cao:read cao:write");
        var admin = CaoApiDouble.MakeToken("cao:admin");
        var expired = CaoApiDouble.MakeToken("cao:admin", DateTimeOffset.UtcNow.AddMinutes(-1));
        var elsewhere = CaoApiDouble.MakeToken("cao:admin", audience: "http://10.0.0.9:9889");
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Tokens = [read, write, admin, expired, elsewhere], CreateDelay = TimeSpan.Zero });
        var id = server.SeedSession("cao-scoped");
        using var http = Client(server);

        async Task<(int, string)> As(string token, HttpMethod method, string target)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return await SendAsync(http, method, target);
        }

        Assert.Equal(200, (await As(read, HttpMethod.Get, "/sessions")).Item1);
        Assert.Equal((403, "{\"detail\":\"Forbidden: requires one of ['cao:write', 'cao:admin']\"}"), await As(read, HttpMethod.Post, $"/terminals/{id}/key?key=Enter"));
        Assert.Equal((403, "{\"detail\":\"Forbidden: requires one of ['cao:admin']\"}"), await As(write, HttpMethod.Delete, $"/terminals/{id}"));
        Assert.Equal(200, (await As(write, HttpMethod.Post, $"/terminals/{id}/key?key=Enter")).Item1);
        Assert.Equal((401, "{\"detail\":\"invalid token: Signature has expired\"}"), await As(expired, HttpMethod.Get, "/sessions"));
        Assert.Equal((401, "{\"detail\":\"invalid token: Audience doesn't match\"}"), await As(elsewhere, HttpMethod.Get, "/sessions"));
        Assert.Equal(200, (await As(admin, HttpMethod.Delete, $"/terminals/{id}")).Item1);
        Assert.Empty(server.SessionNames); // the last terminal took its session with it
    }
}
