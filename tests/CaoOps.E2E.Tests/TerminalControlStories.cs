using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol;

namespace CaoOps.E2E.Tests;

/// <summary>Terminal control on the published binary, told as the stories an orchestrating agent lives through.</summary>
public class TerminalControlStories
{
    [Fact]
    public async Task A_worker_stops_on_a_question_the_wait_hands_it_over_the_answer_lets_it_finish()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(100) });
        var worker = api.SeedSession("cao-ask", agent: AgentScript.Asking("Allow this action? [y/n/t]:"));
        await using var mcp = await McpHarness.StartAsync(api);

        var task = await mcp.CallAsync("send_session_message", new { terminal_id = worker, message = "deploy the site" });
        var asked = await mcp.CallAsync("wait_for_terminal", new { terminal_id = worker, after_message_id = task.Json().GetProperty("message_id").GetInt64(), timeout_seconds = 30 });
        Assert.True(asked.Json().GetProperty("reached").GetBoolean(), asked.Text());
        Assert.Equal("waiting_user_answer", asked.Str("status"));
        Assert.Equal("deploy the site\nAPPROVAL_REQUIRED: Allow this action? [y/n/t]:", asked.Str("question"));

        // The inbox would hold a follow-up meanwhile; typing answers now.
        var answer = await mcp.CallAsync("send_terminal_input", new { terminal_id = worker, message = "y" });
        Assert.False(answer.IsError, answer.Text());
        var done = await mcp.CallAsync("wait_for_terminal", new { terminal_id = worker, timeout_seconds = 30 });
        Assert.Equal("completed", done.Str("status"));
        var last = await mcp.CallAsync("get_terminal_output", new { terminal_id = worker });
        Assert.Equal("deploy the site (answer: y)", last.Str("output"));
    }

    [Fact]
    public async Task A_busy_worker_is_interrupted_and_takes_the_next_task()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var worker = api.SeedSession("cao-busy", agent: AgentScript.Interruptible(TimeSpan.FromMinutes(10)));
        await using var mcp = await McpHarness.StartAsync(api);

        await mcp.CallAsync("send_session_message", new { terminal_id = worker, message = "rewrite everything" });
        Assert.Equal("processing", (await mcp.CallAsync("get_terminal_status", new { terminal_id = worker })).Str("status"));
        var next = await mcp.CallAsync("send_session_message", new { terminal_id = worker, message = "just fix the typo" });
        var waiting = await mcp.CallAsync("list_inbox_messages", new { terminal_id = worker, status = "pending" });
        Assert.Contains("Pending ones wait because the agent is busy", waiting.Message(), StringComparison.Ordinal);

        var key = await mcp.CallAsync("send_terminal_key", new { terminal_id = worker, key = "ctrl+c" });
        Assert.False(key.IsError, key.Text());
        Assert.StartsWith($"Pressed C-c in terminal '{worker}'.", key.Message(), StringComparison.Ordinal);

        // Cancelled back to idle, the held message is delivered: the worker is busy with it now.
        var delivered = await mcp.CallAsync("list_inbox_messages", new { terminal_id = worker });
        Assert.Equal("delivered", delivered.Json().GetProperty("messages")[1].GetProperty("status").GetString());
        Assert.Equal(next.Json().GetProperty("message_id").GetInt64(), delivered.Json().GetProperty("messages")[1].GetProperty("id").GetInt64());
    }

    [Fact]
    public async Task Ctrl_c_kills_a_mock_cli_worker_and_typing_into_its_shell_is_refused()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { MockSleepUnit = TimeSpan.FromSeconds(1) });
        var worker = api.SeedSession("cao-mock");
        await using var mcp = await McpHarness.StartAsync(api);

        Assert.False((await mcp.CallAsync("send_terminal_input", new { terminal_id = worker, message = "__mock_sleep_60" })).IsError);
        Assert.False((await mcp.CallAsync("send_terminal_key", new { terminal_id = worker, key = "C-c" })).IsError);
        Assert.Equal("processing", (await mcp.CallAsync("get_terminal_status", new { terminal_id = worker })).Str("status"));

        var refused = await mcp.CallAsync("send_terminal_input", new { terminal_id = worker, message = "rm -rf /srv/cao" });
        Assert.True(refused.IsError);
        Assert.Contains("would run as a shell command", refused.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Path == $"/terminals/{worker}/input" && r.Query.GetValueOrDefault("message") == "rm -rf /srv/cao");
        var exit = await mcp.CallAsync("exit_terminal", new { terminal_id = worker });
        Assert.Contains("has already exited", exit.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_agent_is_added_listed_and_removed_while_the_session_lives_on()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.FromMilliseconds(50) });
        await using var mcp = await McpHarness.StartAsync(api);
        var launch = await mcp.CallAsync("launch_session", new { agent_profile = "developer", provider = "mock_cli", session_name = "pair", working_directory = "/srv/work" });
        Assert.False(launch.IsError, launch.Text());

        var added = await mcp.CallAsync("add_terminal", new { session_name = "pair", agent_profile = "reviewer", provider = "mock_cli", initial_message = "review the diff" });
        Assert.False(added.IsError, added.Text());
        var reviewer = added.Str("terminal_id");
        Assert.Contains("working in /srv/work", added.Message(), StringComparison.Ordinal);
        var wait = await mcp.CallAsync("wait_for_terminal", new { terminal_id = reviewer, timeout_seconds = 30 });
        Assert.Equal("completed", wait.Str("status"));

        var info = await mcp.CallAsync("get_session_info", new { session_name = "pair" });
        var rows = info.Json().GetProperty("terminals").EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.All(rows, r => Assert.Equal("/srv/work", r.GetProperty("working_directory").GetString())); // the session's, not the server's /srv/cao

        var removed = await mcp.CallAsync("delete_terminal", new { terminal_id = reviewer });
        Assert.False(removed.IsError, removed.Text());
        Assert.False(removed.Json().GetProperty("session_removed").GetBoolean());
        Assert.Single((await mcp.CallAsync("get_session_info", new { session_name = "pair" })).Json().GetProperty("terminals").EnumerateArray());

        var again = await mcp.CallAsync("delete_terminal", new { terminal_id = reviewer });
        Assert.Contains("not found", again.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain("Grok", again.Message(), StringComparison.Ordinal);

        var last = await mcp.CallAsync("delete_terminal", new { terminal_id = launch.Str("terminal_id") });
        Assert.True(last.Json().GetProperty("session_removed").GetBoolean());
        Assert.Empty(api.SessionNames);
    }

    [Fact]
    public async Task A_message_to_a_busy_agent_shows_pending_then_delivered()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { MockSleepUnit = TimeSpan.FromMilliseconds(250) });
        var worker = api.SeedSession("cao-queue");
        await using var mcp = await McpHarness.StartAsync(api);

        Assert.False((await mcp.CallAsync("send_terminal_input", new { terminal_id = worker, message = "__mock_sleep_20" })).IsError);
        var sent = await mcp.CallAsync("send_session_message", new { terminal_id = worker, message = "then this" });
        var pending = await mcp.CallAsync("list_inbox_messages", new { terminal_id = worker });
        Assert.Equal("pending", pending.Json().GetProperty("messages")[0].GetProperty("status").GetString());
        Assert.StartsWith("1 message(s): 1 pending. Pending ones wait because the agent is busy", pending.Message(), StringComparison.Ordinal);

        var wait = await mcp.CallAsync("wait_for_terminal", new { terminal_id = worker, after_message_id = sent.Json().GetProperty("message_id").GetInt64(), timeout_seconds = 30 });
        Assert.True(wait.Json().GetProperty("reached").GetBoolean(), wait.Text());
        var delivered = await mcp.CallAsync("list_inbox_messages", new { terminal_id = worker, status = "delivered" });
        Assert.Equal("1 message(s): 1 delivered.", delivered.Message());
        Assert.Equal("then this", (await mcp.CallAsync("get_terminal_output", new { terminal_id = worker })).Str("output"));
    }

    [Fact]
    public async Task Env_vars_never_leave_the_request_body()
    {
        const string Secret = "s3cr3t-e2e-value";
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        await using var mcp = await McpHarness.StartAsync(api, new() { ["CAO_OPS_LOG"] = "debug" });
        var launch = await mcp.CallAsync("launch_session", new
        {
            agent_profile = "developer",
            provider = "mock_cli",
            session_name = "env",
            env_vars = new Dictionary<string, string> { ["API_TOKEN"] = Secret },
            group = new[] { "team-a" },
            metadata = new { ticket = "OPS-1" },
        });
        Assert.False(launch.IsError, launch.Text());
        Assert.DoesNotContain(Secret, launch.Text(), StringComparison.Ordinal);

        var failed = await mcp.CallAsync("launch_session", new { agent_profile = "developer", env_vars = new Dictionary<string, string> { ["CLAUDE_X"] = Secret } });
        Assert.True(failed.IsError);
        Assert.DoesNotContain(Secret, failed.Text(), StringComparison.Ordinal);

        var create = Assert.Single(api.Requests, r => r.Method == "POST" && r.Path == "/sessions");
        Assert.Contains($"\"env_vars\":{{\"API_TOKEN\":\"{Secret}\"}}", create.Body, StringComparison.Ordinal);
        Assert.All(api.Requests, r =>
        {
            Assert.DoesNotContain(Secret, r.RawTarget, StringComparison.Ordinal);
            Assert.DoesNotContain(r.Headers.Values, v => v.Contains(Secret, StringComparison.Ordinal));
        });
        Assert.DoesNotContain(Secret, mcp.StderrText(), StringComparison.Ordinal);

        var terminal = await mcp.CallAsync("get_terminal_status", new { terminal_id = launch.Str("terminal_id") });
        Assert.Equal("OPS-1", terminal.Json().GetProperty("metadata").GetProperty("ticket").GetString());
        Assert.Equal("team-a", terminal.Json().GetProperty("group")[0].GetString());
    }

    [Fact]
    public async Task A_wait_rides_out_a_server_that_drops_connections_for_a_moment()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromSeconds(3) });
        var worker = api.SeedSession("cao-flaky");
        await using var mcp = await McpHarness.StartAsync(api);
        var sent = await mcp.CallAsync("send_session_message", new { terminal_id = worker, message = "work" });
        var progress = new List<ProgressNotificationValue>();
        var waiting = mcp.CallAsync("wait_for_terminal", new { terminal_id = worker, after_message_id = sent.Json().GetProperty("message_id").GetInt64(), timeout_seconds = 30 },
            new SyncProgress(progress));

        // The wait has seen the terminal once (its first progress report); then cao-server drops three connections (as while restarting).
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (Count(progress) == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.True(Count(progress) > 0, "no progress from the wait");
        api.AddFault(new FaultRule("GET", $"/terminals/{worker}", FaultKind.CloseConnection) { Times = 3 });
        var wait = await waiting;
        Assert.False(wait.IsError, wait.Text());
        Assert.True(wait.Json().GetProperty("reached").GetBoolean(), wait.Text());
        Assert.Equal("completed", wait.Str("status"));
        lock (progress)
        {
            Assert.Contains(progress, p => p.Message!.Contains("not reachable", StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task Mode_last_on_a_terminal_whose_provider_cannot_extract_falls_back_to_full()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var kiro = api.SeedSession("cao-kiro", provider: "kiro_cli");
        await using var mcp = await McpHarness.StartAsync(api);
        var r = await mcp.CallAsync("get_terminal_output", new { terminal_id = kiro, clean = true });
        Assert.False(r.IsError, r.Text());
        Assert.Equal("full", r.Str("fallback"));
        Assert.EndsWith("kiro_cli ready.\n❯ ", r.Str("output"), StringComparison.Ordinal);
        Assert.Contains("No Kiro CLI response found", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Providers_and_profile_search_come_from_the_server()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);
        var providers = await mcp.CallAsync("list_providers");
        Assert.Equal(12, providers.Json().GetProperty("providers").GetArrayLength());
        var found = await mcp.CallAsync("find_profiles", new { query = "code review", limit = 3 });
        Assert.Equal(["reviewer", "code_supervisor", "developer"], found.Json().GetProperty("profiles").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
    }

    private static int Count(List<ProgressNotificationValue> items)
    {
        lock (items)
        {
            return items.Count;
        }
    }

    /// <summary>Collects progress synchronously (the SDK reports on its own thread).</summary>
    private sealed class SyncProgress(List<ProgressNotificationValue> items) : IProgress<ProgressNotificationValue>
    {
        public void Report(ProgressNotificationValue value)
        {
            lock (items)
            {
                items.Add(value);
            }
        }
    }
}
