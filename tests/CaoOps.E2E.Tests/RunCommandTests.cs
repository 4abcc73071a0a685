using System.Diagnostics;
using System.Text.Json;
using System.Xml.Linq;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using Xunit.Abstractions;

namespace CaoOps.E2E.Tests;

/// <summary>
/// <c>cao-ops run</c>, <c>run --plan</c> and <c>doctor --deep</c> as a CI job runs them: the published binary against the
/// API double, exit codes, stdout/stderr, reports, and no session left behind on any path.
/// </summary>
public class RunCommandTests(ITestOutputHelper output)
{
    private const string Secret = "s3cr3t-Value-9f2c";
    private static readonly string WorkDir = "/srv/ci/repo";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static string[] Run(params string[] rest) =>
        ["run", "--profile", "developer", "--provider", "mock_cli", "--working-directory", WorkDir, .. rest];

    [Fact]
    public async Task Completed_run_prints_the_answer_exits_0_and_leaves_nothing_running()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var (exit, stdout, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, Run("review the diff"));
        Assert.True(exit == 0, stderr);
        Assert.Equal("review the diff", stdout.Trim());
        Assert.Contains("launched terminal", stderr, StringComparison.Ordinal);
        Assert.Contains("status completed", stderr, StringComparison.Ordinal);
        Assert.Contains("shut down session cao-run-", stderr, StringComparison.Ordinal);
        Assert.Empty(api.SessionNames);
        var launch = api.Requests.Single(r => r.Method == "POST" && r.Path == "/sessions");
        Assert.Equal(WorkDir, launch.Query["working_directory"]);
        Assert.Contains("review the diff", launch.Body, StringComparison.Ordinal); // the task travels in the body

        // The task from stdin, the JSON report, and --output full.
        using var p = RunProcess.Start(api.BaseAddress, null, "task from stdin\n", Run("-", "--json", "--output", "full", "--session-name", "ci-json"));
        exit = await p.WaitForExitAsync(Deadline);
        Assert.True(exit == 0, p.Stderr);
        var report = JsonDocument.Parse(p.Stdout).RootElement;
        Assert.Equal("completed", report.GetProperty("outcome").GetString());
        Assert.Equal("completed", report.GetProperty("status").GetString());
        Assert.Equal(0, report.GetProperty("exit_code").GetInt32());
        Assert.Equal("cao-ci-json", report.GetProperty("session").GetString());
        Assert.Equal("mock_cli", report.GetProperty("provider").GetString());
        Assert.Equal("full", report.GetProperty("answer_source").GetString());
        Assert.Contains("MOCK: task from stdin", report.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[a-f0-9]{8}$", report.GetProperty("terminal").GetString());
        Assert.True(report.GetProperty("cleaned_up").GetBoolean());
        Assert.True(report.GetProperty("total_seconds").GetDouble() >= report.GetProperty("wait_seconds").GetDouble());
        Assert.Empty(api.SessionNames);
    }

    [Fact]
    public async Task Agent_error_exits_1_with_the_output_end_on_stderr()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var (exit, stdout, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, Run("__mock_error__"));
        Assert.True(exit == 1, stderr);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("the agent ended in 'error'", stderr, StringComparison.Ordinal);
        Assert.Contains("end of the terminal output", stderr, StringComparison.Ordinal);
        Assert.Empty(api.SessionNames);
    }

    [Fact]
    public async Task Timeout_exits_124_and_shuts_the_session_down()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var (exit, _, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, Run("__mock_sleep_600", "--timeout", "3"));
        Assert.True(exit == 124, stderr);
        Assert.Contains("timed out after 3 s (--timeout)", stderr, StringComparison.Ordinal);
        Assert.Contains("end of the terminal output", stderr, StringComparison.Ordinal);
        Assert.Empty(api.SessionNames);
    }

    [Fact]
    public async Task Question_exits_4_with_the_question_on_stderr()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { LaunchedAgent = p => p == "asker" ? AgentScript.Asking("Deploy to production? [y/n]:") : null });
        var (exit, stdout, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, "run", "--profile", "asker", "--provider", "mock_cli", "--working-directory", WorkDir, "ship it");
        Assert.True(exit == 4, stderr);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("Deploy to production? [y/n]:", stderr, StringComparison.Ordinal);
        Assert.Contains("waiting for an answer", stderr, StringComparison.Ordinal);
        Assert.Empty(api.SessionNames);

        // --keep leaves it for a human, and says how to shut it down.
        (exit, _, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, "run", "--profile", "asker", "--provider", "mock_cli", "--working-directory", WorkDir, "--keep", "--session-name", "kept", "ship it");
        Assert.True(exit == 4, stderr);
        Assert.Equal(["cao-kept"], api.SessionNames);
        Assert.Contains("cao-ops call shutdown_session --arg session_name=cao-kept", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(15, 143)]
    [InlineData(2, 130)]
    public async Task A_signal_mid_run_cleans_up_first_then_exits_128_plus_its_number(int signal, int expected)
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var p = RunProcess.Start(api.BaseAddress, null, null, Run("__mock_sleep_600"));
        await p.WaitForStderrAsync("status processing", Deadline);
        Assert.Single(api.SessionNames);
        var clock = Stopwatch.StartNew();
        p.Signal(signal);
        var exit = await p.WaitForExitAsync(Deadline);
        var cleanup = clock.Elapsed;
        Assert.True(exit == expected, p.Stderr);
        Assert.Empty(api.SessionNames);
        Assert.Contains("stopped by signal", p.Stderr, StringComparison.Ordinal);
        output.WriteLine($"signal {signal}: exited {cleanup.TotalMilliseconds:0} ms after the signal, session shut down");
        Assert.True(cleanup < TimeSpan.FromSeconds(5), $"cleanup after the signal took {cleanup.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Cao_server_unreachable_or_refusing_the_token_exits_3()
    {
        var clock = Stopwatch.StartNew();
        var (exit, _, stderr) = await RunProcess.RunAsync("http://127.0.0.1:9", null, Run("hello"));
        Assert.True(exit == 3, stderr);
        Assert.Contains("not reachable", stderr, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), "an unreachable server at the start fails fast");

        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = "right-token" });
        (exit, _, stderr) = await RunProcess.RunAsync(api.BaseAddress, new() { ["CAO_AUTH_LOCAL_TOKEN"] = "wrong-token" }, Run("hello"));
        Assert.True(exit == 3, stderr);
        Assert.True(stderr.Contains("rejected the token", StringComparison.Ordinal), stderr);
        Assert.DoesNotContain("wrong-token", stderr, StringComparison.Ordinal);
        Assert.Empty(api.SessionNames);
    }

    [Fact]
    public async Task Cao_server_gone_mid_run_exits_3_and_shuts_down_once_it_answers_again()
    {
        await using var api = await CaoApiDouble.StartAsync();
        using var p = RunProcess.Start(api.BaseAddress, new() { ["CAO_OPS_WAIT_OUTAGE"] = "1" }, null, Run("__mock_sleep_600"));
        await p.WaitForStderrAsync("status processing", Deadline);
        api.AddFault(new FaultRule("*", "/", FaultKind.CloseConnection));
        await p.WaitForStderrAsync("retrying the shutdown", Deadline);
        Assert.Single(api.SessionNames);
        api.ClearFaults();
        var exit = await p.WaitForExitAsync(Deadline);
        Assert.True(exit == 3, p.Stderr);
        Assert.Contains("shut down session", p.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.SessionNames);
    }

    [Fact]
    public async Task A_short_cao_server_outage_is_ridden_out()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { MockSleepUnit = TimeSpan.FromSeconds(1) });
        using var p = RunProcess.Start(api.BaseAddress, null, null, Run("__mock_sleep_8"));
        await p.WaitForStderrAsync("status processing", Deadline);
        api.AddFault(new FaultRule("*", "/", FaultKind.CloseConnection));
        await p.WaitForStderrAsync("cao-server not reachable", Deadline);
        api.ClearFaults();
        var exit = await p.WaitForExitAsync(Deadline);
        Assert.True(exit == 0, p.Stderr);
        Assert.Contains("cao-server answers again", p.Stderr, StringComparison.Ordinal);
        Assert.Empty(api.SessionNames);
    }

    [Fact]
    public async Task Plan_with_one_failing_run_exits_1_with_three_testcases_and_nothing_left_running()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var dir = Directory.CreateTempSubdirectory("cao-ops-plan-").FullName;
        try
        {
            var plan = Path.Combine(dir, "plan.yaml");
            await File.WriteAllTextAsync(plan, $"""
                runs:
                  - name: lint
                    profile: developer
                    provider: mock_cli
                    working_directory: {WorkDir}
                    task: fix the lint errors
                    env:
                      API_TOKEN: {Secret}
                  - name: build
                    profile: developer
                    provider: mock_cli
                    working_directory: {WorkDir}
                    task: __mock_error__
                  - name: docs
                    profile: developer
                    provider: mock_cli
                    working_directory: {WorkDir}
                    task: update the changelog
                    timeout: 120
                """);
            var junit = Path.Combine(dir, "out", "junit.xml");
            var summary = Path.Combine(dir, "summary.md");
            var env = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary };
            var (exit, stdout, stderr) = await RunProcess.RunAsync(api.BaseAddress, env, "run", "--plan", plan, "--parallel", "2", "--junit", junit, "--json");
            Assert.True(exit == 1, stderr);
            Assert.Empty(api.SessionNames);

            var report = JsonDocument.Parse(stdout).RootElement;
            Assert.Equal(1, report.GetProperty("exit_code").GetInt32());
            Assert.Equal(3, report.GetProperty("total").GetInt32());
            Assert.Equal(2, report.GetProperty("passed").GetInt32());
            var runs = report.GetProperty("runs").EnumerateArray().ToList();
            Assert.Equal(["lint", "build", "docs"], runs.Select(r => r.GetProperty("name").GetString()));
            Assert.Equal(["completed", "error", "completed"], runs.Select(r => r.GetProperty("outcome").GetString()));
            Assert.Equal(3, runs.Select(r => r.GetProperty("session").GetString()).Distinct().Count());

            // Progress lines name their run; GitHub Actions gets annotations.
            Assert.Contains("lint: launched terminal", stderr, StringComparison.Ordinal);
            Assert.Contains("build: launched terminal", stderr, StringComparison.Ordinal);
            Assert.Contains("::error title=cao-ops run build::", stderr, StringComparison.Ordinal);

            var xml = XDocument.Load(junit);
            var suite = xml.Root!.Element("testsuite")!;
            Assert.Equal("3", suite.Attribute("tests")!.Value);
            Assert.Equal("1", suite.Attribute("failures")!.Value);
            Assert.Equal("0", suite.Attribute("errors")!.Value);
            var cases = suite.Elements("testcase").ToList();
            Assert.Equal(["lint", "build", "docs"], cases.Select(c => c.Attribute("name")!.Value));
            Assert.All(cases, c => Assert.Equal("cao-ops.run.developer", c.Attribute("classname")!.Value));
            var failure = Assert.Single(cases[1].Elements("failure"));
            Assert.Equal("error", failure.Attribute("type")!.Value);
            Assert.Contains("the agent ended in 'error'", failure.Attribute("message")!.Value, StringComparison.Ordinal);
            Assert.Empty(cases[0].Elements("failure"));
            Assert.Equal("fix the lint errors", cases[0].Element("system-out")!.Value);

            var markdown = await File.ReadAllTextAsync(summary);
            Assert.Contains("| ❌ build | developer | mock_cli | error", markdown, StringComparison.Ordinal);
            Assert.Contains("| ✅ lint |", markdown, StringComparison.Ordinal);
            Assert.Contains("exit code 1", markdown, StringComparison.Ordinal);

            foreach (var text in new[] { stdout, stderr, await File.ReadAllTextAsync(junit), markdown })
            {
                Assert.DoesNotContain(Secret, text, StringComparison.Ordinal);
            }

            // The secret did reach cao-server, in the launch body.
            Assert.Contains(api.Requests, r => r.Method == "POST" && r.Path == "/sessions" && r.Body?.Contains(Secret, StringComparison.Ordinal) == true);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Env_values_never_reach_any_output()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var dir = Directory.CreateTempSubdirectory("cao-ops-run-").FullName;
        try
        {
            var junit = Path.Combine(dir, "junit.xml");
            var summary = Path.Combine(dir, "summary.md");
            var env = new Dictionary<string, string> { ["GITHUB_ACTIONS"] = "true", ["GITHUB_STEP_SUMMARY"] = summary };

            // The agent is asked to repeat the secret: even its answer is masked.
            var (exit, stdout, stderr) = await RunProcess.RunAsync(api.BaseAddress, env, Run($"say {Secret} twice", "--env", $"API_TOKEN={Secret}", "--env", "MODE=ci", "--json", "--junit", junit));
            Assert.True(exit == 0, stderr);
            Assert.Contains("::group::", stderr, StringComparison.Ordinal);
            Assert.Contains("::endgroup::", stderr, StringComparison.Ordinal);
            Assert.Equal("say *** twice", JsonDocument.Parse(stdout).RootElement.GetProperty("answer").GetString());
            var outputs = new[] { stdout, stderr, await File.ReadAllTextAsync(junit), await File.ReadAllTextAsync(summary) };
            Assert.All(outputs, text => Assert.DoesNotContain(Secret, text, StringComparison.Ordinal));
            Assert.Contains("### ✅ cao-ops run developer: completed (exit code 0)", outputs[3], StringComparison.Ordinal);

            // A malformed --env is refused without echoing it; an env the server would drop is refused by launch_session's rules.
            (exit, _, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, Run("x", "--env", Secret));
            Assert.Equal(2, exit);
            Assert.DoesNotContain(Secret, stderr, StringComparison.Ordinal);
            (exit, _, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, Run("x", "--env", $"CLAUDE_KEY={Secret}", "--json"));
            Assert.Equal(2, exit);
            Assert.Contains("CLAUDE_KEY", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain(Secret, stderr, StringComparison.Ordinal);
            Assert.Empty(api.SessionNames);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        await using var api = await CaoApiDouble.StartAsync();
        foreach (var args in new[]
        {
            new[] { "run", "hello" },                                                   // no --profile
            ["run", "--profile", "developer"],                                          // no task
            ["run", "--profile", "developer", "a", "b"],                                // two tasks
            ["run", "--profile", "developer", "--timeout", "0", "x"],
            ["run", "--profile", "developer", "--output", "half", "x"],
            ["run", "--profile", "developer", "--bogus", "x"],
            ["run", "--plan", "/nonexistent/plan.yaml"],
            ["run", "--plan", "p.yaml", "--profile", "developer"],
            ["run", "--profile", "developer", "--session-name", "bad name!", "x"],
        })
        {
            var (exit, _, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, args);
            Assert.True(exit == 2, $"{string.Join(' ', args)} → {exit}: {stderr}");
        }

        var dir = Directory.CreateTempSubdirectory("cao-ops-plan-").FullName;
        try
        {
            var plan = Path.Combine(dir, "plan.yml");
            await File.WriteAllTextAsync(plan, "runs:\n  - name: a\n    profile: developer\n    taks: typo\n");
            var (exit, _, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, "run", "--plan", plan);
            Assert.Equal(2, exit);
            Assert.Contains("line 4: runs[0] (a): unknown key 'taks'", stderr, StringComparison.Ordinal);
            Assert.Contains("'task' is required", stderr, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }

        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Doctor_deep_does_a_real_round_trip_and_fails_with_run_exit_codes()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { LaunchedAgent = p => p == "asker" ? AgentScript.Asking() : null });
        var dir = Directory.CreateTempSubdirectory("cao-ops-doctor-").FullName;
        try
        {
            var junit = Path.Combine(dir, "doctor.xml");
            var (exit, stdout, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, "doctor", "--deep", "--provider", "mock_cli", "--json", "--junit", junit);
            Assert.True(exit == 0, stderr + stdout);
            var report = JsonDocument.Parse(stdout).RootElement;
            Assert.True(report.GetProperty("ok").GetBoolean());
            var check = report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == "round_trip");
            Assert.True(check.GetProperty("ok").GetBoolean());
            Assert.Contains("session shut down", check.GetProperty("detail").GetString(), StringComparison.Ordinal);
            var roundTrip = report.GetProperty("round_trip");
            Assert.Equal("completed", roundTrip.GetProperty("outcome").GetString());
            Assert.StartsWith("cao-doctor-", roundTrip.GetProperty("session").GetString(), StringComparison.Ordinal);
            Assert.Empty(api.SessionNames);
            var cases = XDocument.Load(junit).Root!.Element("testsuite")!.Elements("testcase").ToList();
            Assert.Contains(cases, c => c.Attribute("name")!.Value == "reachable");
            Assert.Contains(cases, c => c.Attribute("name")!.Value == "round_trip");
            Assert.DoesNotContain(cases, c => c.Element("failure") is not null || c.Element("error") is not null);

            // An agent that asks fails the round trip with run's question code, and the session is still shut down.
            (exit, stdout, stderr) = await RunProcess.RunAsync(api.BaseAddress, null, "doctor", "--deep", "--profile", "asker", "--provider", "mock_cli");
            Assert.True(exit == 4, stderr + stdout);
            Assert.Contains("[FAIL] round_trip", stdout, StringComparison.Ordinal);
            Assert.Empty(api.SessionNames);

            // No server: the checks fail, the round trip is skipped, exit 3.
            (exit, stdout, _) = await RunProcess.RunAsync("http://127.0.0.1:9", null, "doctor", "--deep", "--json");
            Assert.Equal(3, exit);
            Assert.Contains("skipped", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
