using CaoOps.Cli.Run;

namespace CaoOps.Tests.Cli.Run;

public class PlanFileTests
{
    private static readonly RunSpec Defaults = new("run", "-", "-")
    {
        Provider = "mock_cli",
        Timeout = TimeSpan.FromSeconds(300),
        WorkingDirectory = "/work/repo",
        Env = new Dictionary<string, string> { ["CI"] = "true" },
    };

    private static IReadOnlyList<RunSpec>? Parse(string text, out IReadOnlyList<string> problems, bool json = false) =>
        PlanFile.Parse(text, json, "/plans", Defaults, out problems);

    [Fact]
    public void Yaml_plan_with_defaults_and_overrides()
    {
        var runs = Parse("""
            runs:
              - name: lint
                profile: developer
                task: |
                  fix the lint errors
              - name: review.v2
                profile: reviewer
                task: review the diff
                provider: claude_code
                model: sonnet
                working_directory: sub/dir
                timeout: 90
                env:
                  PORT: 8080
                  DEBUG: yes
                  CI: "false"
            """, out var problems);
        Assert.Empty(problems);
        Assert.NotNull(runs);
        Assert.Equal(2, runs.Count);
        var lint = runs[0];
        Assert.Equal(("lint", "developer", "fix the lint errors\n"), (lint.Name, lint.Profile, lint.Task));
        Assert.Equal("mock_cli", lint.Provider);
        Assert.Equal(TimeSpan.FromSeconds(300), lint.Timeout);
        Assert.Equal("/work/repo", lint.WorkingDirectory);
        Assert.Equal("true", lint.Env["CI"]);
        var review = runs[1];
        Assert.Equal("claude_code", review.Provider);
        Assert.Equal("sonnet", review.Model);
        Assert.Equal("/plans/sub/dir", review.WorkingDirectory);
        Assert.Equal(TimeSpan.FromSeconds(90), review.Timeout);
        Assert.Equal("8080", review.Env["PORT"]);
        Assert.Equal("true", review.Env["DEBUG"]); // YAML 1.1, as PyYAML reads it
        Assert.Equal("false", review.Env["CI"]);
    }

    [Fact]
    public void Json_plan()
    {
        var runs = Parse("""{"runs":[{"name":"a","profile":"developer","task":"t","timeout":5,"env":{"K":"v"}}]}""", out var problems, json: true);
        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(runs!).Timeout);
        Assert.Equal("v", runs![0].Env["K"]);

        // JSON is recognised by its first character too.
        Assert.NotNull(Parse("""  {"runs":[{"name":"a","profile":"p","task":"t"}]}""", out _));
        Assert.Null(Parse("""{"runs":[""", out problems, json: true));
        Assert.StartsWith("the plan is not valid JSON", Assert.Single(problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_problem_is_reported_with_its_line()
    {
        var runs = Parse("""
            runs:
              - name: ok
                profile: developer
                task: fine
              - name: ok
                profile: developer
                task: again
              - name: bad name
                profile: developer
                task: x
                taks: typo
                timeout: 0
              - profile: developer
                task: ""
                env: [1, 2]
              - just a string
            extra: 1
            """, out var problems);
        Assert.Null(runs);
        Assert.Contains(problems, p => p.Contains("name 'ok' is used twice", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("name 'bad name' must be", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("line 11: runs[2] (bad name): unknown key 'taks'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("timeout must be a whole number of seconds from 1 to 86400, got 0", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("runs[3]: 'name' is required", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("runs[3]: 'task' must be a non-empty string", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("env must be a mapping", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("runs[4]: each run must be a mapping", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("unknown top-level key 'extra'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("")]
    [InlineData("- a\n- b")]
    [InlineData("runs: []")]
    [InlineData("runs: {a: 1}")]
    [InlineData("runs: [\n  unclosed")]
    [InlineData("other: 1")]
    public void Unusable_plans_are_refused(string text)
    {
        Assert.Null(Parse(text, out var problems));
        Assert.NotEmpty(problems);
    }

    [Fact]
    public void Plans_are_bounded()
    {
        var many = "runs:\n" + string.Concat(Enumerable.Range(0, RunLimits.MaxRuns + 1).Select(i => $"  - {{name: r{i}, profile: p, task: t}}\n"));
        Assert.Null(Parse(many, out var problems));
        Assert.Contains("at most 64", Assert.Single(problems), StringComparison.Ordinal);

        var bigTask = $"runs:\n  - name: a\n    profile: p\n    task: {new string('x', RunLimits.MaxTaskBytes + 1)}\n";
        Assert.Null(Parse(bigTask, out problems));
        Assert.Contains("larger than", Assert.Single(problems), StringComparison.Ordinal);

        Assert.Null(Parse(new string('#', RunLimits.MaxPlanBytes + 1), out problems));

        var secretEnv = "runs:\n  - name: a\n    profile: p\n    task: t\n    env:\n      TOKEN: {nested: hunter2-secret}\n";
        Assert.Null(Parse(secretEnv, out problems));
        Assert.DoesNotContain(problems, p => p.Contains("hunter2", StringComparison.Ordinal));
    }
}
