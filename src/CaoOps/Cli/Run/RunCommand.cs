using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Cli.Run;

/// <summary>
/// <c>cao-ops run</c>: one agent, one task, with CI semantics (exit codes in <see cref="RunExit"/>), or with
/// <c>--plan FILE</c> several at once (bounded by --parallel; the exit code is the worst of them). The answer goes to
/// stdout, progress to stderr; --json, --junit FILE and GITHUB_STEP_SUMMARY report it. SIGINT/SIGTERM clean up every
/// session before the process exits with 128 + the signal's number.
/// </summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(CliContext cli, Func<TextReader> stdin)
    {
        var parsed = RunArguments.Parse(cli.Args, stdin, out var problem);
        if (parsed is null)
        {
            return cli.Usage(problem!.StartsWith("run", StringComparison.Ordinal) ? problem : "run: " + problem);
        }

        IReadOnlyList<RunSpec> specs;
        if (parsed.PlanPath is { } planPath)
        {
            var plan = PlanFile.Load(planPath, parsed.Defaults, out var problems);
            if (plan is null)
            {
                foreach (var p in problems)
                {
                    cli.Error.WriteLine($"cao-ops: run --plan {planPath}: {p}");
                }

                return cli.Usage($"run --plan: {planPath} is not a usable plan ({problems.Count} problem(s) above)");
            }

            specs = plan;
        }
        else
        {
            specs = [parsed.Single!];
        }

        var caoSettings = cli.Settings();
        if (caoSettings is null)
        {
            return CliContext.ExitUsage;
        }

        using var client = new CaoClient(caoSettings);
        using var signals = SignalScope.Create();
        var log = new RunLog(cli.Error, IsGitHubActions(cli), specs.SelectMany(s => s.Env.Values));
        var runner = new AgentRun(new ToolServices(client), parsed.Settings, log, signals);
        var started = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        IReadOnlyList<RunResult> results;
        if (parsed.PlanPath is null)
        {
            log.BeginGroup($"cao-ops run: profile {specs[0].Profile}");
            results = [await runner.ExecuteAsync(specs[0], null).ConfigureAwait(false)];
            log.EndGroup();
        }
        else
        {
            log.Line(null, $"plan {parsed.PlanPath}: {specs.Count} run(s), at most {parsed.Settings.Parallel} at a time");
            results = await RunPlanAsync(runner, specs, parsed.Settings.Parallel, signals, log).ConfigureAwait(false);
        }

        var exit = RunExit.Worst(results.Select(r => r.ExitCode));
        Report(cli, log, parsed, results, exit, started, clock.Elapsed);
        return exit;
    }

    /// <summary>Runs start concurrently, at most <paramref name="parallel"/> at once; after a signal no new run starts.</summary>
    private static async Task<IReadOnlyList<RunResult>> RunPlanAsync(AgentRun runner, IReadOnlyList<RunSpec> specs, int parallel, SignalScope signals, RunLog log)
    {
        using var gate = new SemaphoreSlim(parallel);
        var tasks = specs.Select(async spec =>
        {
            try
            {
                await gate.WaitAsync(signals.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return NotStarted(spec, signals);
            }

            try
            {
                return signals.Signaled ? NotStarted(spec, signals) : await runner.ExecuteAsync(spec, spec.Name).ConfigureAwait(false);
            }
            finally
            {
                gate.Release();
            }
        }).ToList();
        var results = await Task.WhenAll(tasks).ConfigureAwait(false);
        foreach (var r in results)
        {
            log.Line(r.Name, $"{r.Outcome} (exit code {r.ExitCode.ToString(CultureInfo.InvariantCulture)})");
        }

        return results;
    }

    private static RunResult NotStarted(RunSpec spec, SignalScope signals) => new()
    {
        Name = spec.Name,
        Profile = spec.Profile,
        Session = "-",
        StartedAt = DateTimeOffset.UtcNow,
        ExitCode = signals.ExitCode ?? RunExit.Signal(15),
        Message = "not started: the plan was stopped by a signal",
        CleanedUp = true,
    };

    private static void Report(CliContext cli, RunLog log, RunArguments parsed, IReadOnlyList<RunResult> results, int exit, DateTimeOffset started, TimeSpan elapsed)
    {
        var plan = parsed.PlanPath is not null;
        var settings = parsed.Settings;
        if (settings.Json)
        {
            cli.Out.WriteLine(plan
                ? JsonSerializer.Serialize(new PlanReport(exit, RunExit.Outcome(exit), results.Count, results.Count(r => r.ExitCode == 0), results.Count(r => r.ExitCode != 0), Math.Round(elapsed.TotalSeconds, 3), [.. results.Select(RunReport.Of)]), RunJsonContext.Default.PlanReport)
                : JsonSerializer.Serialize(RunReport.Of(results[0]), RunJsonContext.Default.RunReport));
        }
        else if (!plan)
        {
            if (results[0].Answer is { } answer)
            {
                cli.Out.WriteLine(answer);
            }
        }
        else
        {
            foreach (var r in results)
            {
                var header = $"{r.Name}: {r.Outcome} (exit code {r.ExitCode.ToString(CultureInfo.InvariantCulture)}, {r.TotalTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s)";
                cli.Out.WriteLine(log.GitHubActions ? "::group::" + header : $"=== {header} ===");
                if (r.Answer is { } answer)
                {
                    cli.Out.WriteLine(answer);
                }

                if (log.GitHubActions)
                {
                    cli.Out.WriteLine("::endgroup::");
                }
            }
        }

        cli.Out.Flush();
        foreach (var r in results)
        {
            var label = plan ? r.Name : null;
            if (r.Question is { } question)
            {
                log.Line(label, "the agent is waiting on this question:");
                log.Raw(question);
            }

            if (r.OutputTail is { } tail && r.ExitCode != RunExit.Completed)
            {
                log.BeginGroup($"{r.Name}: end of the terminal output");
                log.Line(label, $"end of the terminal output (last {AgentRun.TailChars} characters):");
                log.Raw(tail);
                log.EndGroup();
            }

            if (r.ExitCode == RunExit.Completed)
            {
                log.Line(label, $"{r.Message} (exit code 0)");
            }
            else
            {
                log.Failure(plan ? $"cao-ops run {r.Name}" : "cao-ops run", $"{r.Outcome} (exit code {r.ExitCode.ToString(CultureInfo.InvariantCulture)}): {r.Message}");
            }
        }

        if (plan)
        {
            log.Line(null, $"plan: {results.Count(r => r.ExitCode == 0)} of {results.Count} run(s) completed; exit code {exit.ToString(CultureInfo.InvariantCulture)}");
        }

        if (settings.JunitPath is { } junit)
        {
            var suite = plan ? $"cao-ops run --plan {Path.GetFileName(parsed.PlanPath)}" : "cao-ops run";
            if (!JUnitReport.TryWrite(junit, suite, started, elapsed.TotalSeconds, [.. results.Select(JUnitReport.Of)], out var problem))
            {
                log.Failure("junit", problem!);
            }
        }

        if (cli.Env("GITHUB_STEP_SUMMARY") is { Length: > 0 } summaryPath
            && !StepSummary.TryAppend(summaryPath, StepSummary.Markdown(plan ? $"cao-ops run --plan {Path.GetFileName(parsed.PlanPath)}" : $"cao-ops run {results[0].Profile}", exit, results), out var summaryProblem))
        {
            log.Failure("step summary", summaryProblem!);
        }
    }

    internal static bool IsGitHubActions(CliContext cli) => string.Equals(cli.Env("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase);
}
