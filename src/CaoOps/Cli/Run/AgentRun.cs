using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Profiles;
using CaoOps.Tools.Sessions;

namespace CaoOps.Cli.Run;

/// <summary>
/// One agent, one task, CI semantics: (install the profile,) launch with the task through launch_session's code, wait
/// with the shared race-free waiter, read the answer as get_terminal_output does (with its full-output fallback), and
/// shut the session down as shutdown_session does — on every path, unless --keep.
/// </summary>
internal sealed class AgentRun(ToolServices services, RunSettings settings, RunLog log, SignalScope signals)
{
    /// <summary>How much of the output end a failed run shows.</summary>
    public const int TailChars = 2000;

    private CaoClient Cao => services.Cao;

    /// <param name="spec">The run.</param>
    /// <param name="label">The prefix of its progress lines (a plan's run name), or null.</param>
    public async Task<RunResult> ExecuteAsync(RunSpec spec, string? label)
    {
        var clock = Stopwatch.StartNew();
        var ct = signals.Token;
        var result = new RunResult
        {
            Name = spec.Name,
            Profile = spec.Profile,
            Session = Identifiers.Prefixed(spec.SessionName ?? GeneratedName(label)),
            StartedAt = DateTimeOffset.UtcNow,
        };
        var cleanup = Cleanup.None;
        try
        {
            cleanup = await RunAsync(spec, label, result, clock, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            cleanup = Cleanup.Retry;
        }

        if (signals.Signaled)
        {
            result.ExitCode = signals.ExitCode!.Value;
            result.Message = $"stopped by signal {signals.Number.ToString(CultureInfo.InvariantCulture)} ({SignalName(signals.Number)}) after {Seconds(clock.Elapsed)} s";
            log.Line(label, result.Message);
        }

        await CleanUpAsync(result, label, cleanup).ConfigureAwait(false);
        if (signals.Signaled && result.ExitCode < 128)
        {
            result.ExitCode = signals.ExitCode!.Value; // a signal during cleanup still ends the run with 128 + n
        }

        result.TotalTime = clock.Elapsed;
        return result;
    }

    private async Task<Cleanup> RunAsync(RunSpec spec, string? label, RunResult result, Stopwatch clock, CancellationToken ct)
    {
        if (settings.Install && !await EnsureProfileAsync(spec, label, result, ct).ConfigureAwait(false))
        {
            return Cleanup.None;
        }

        var arguments = LaunchArguments(spec, result.Session, out var problem);
        if (arguments is null)
        {
            result.ExitCode = RunExit.Usage;
            result.Message = log.Redact(problem!);
            return Cleanup.None;
        }

        log.Line(label, $"launching profile {spec.Profile}{(spec.Provider is null ? string.Empty : $" on {spec.Provider}")}{(spec.Model is null ? string.Empty : $" ({spec.Model})")} as session {result.Session} in {spec.WorkingDirectory ?? "cao-server's directory"}; timeout {Seconds(spec.Timeout)} s");
        var (launch, failed) = await LaunchSessionTool.LaunchAsync(new ToolCall(arguments, services), ct).ConfigureAwait(false);
        result.LaunchTime = clock.Elapsed;
        if (launch.IsError)
        {
            result.Message = log.Redact(Str(launch.Result, "message") ?? "launch failed");
            result.ExitCode = failed is null ? RunExit.Usage : ExitFor(failed);
            // A launch that got no answer may still have created the session; a refused one did not.
            return failed?.Failure is ApiFailure.Timeout ? Cleanup.Retry : failed?.Failure is ApiFailure.Unreachable || failed?.StatusCode >= 500 ? Cleanup.Once : Cleanup.None;
        }

        result.Terminal = Str(launch.Result, "terminal_id");
        result.Provider = Str(launch.Result, "provider") ?? spec.Provider;
        log.Line(label, $"launched terminal {result.Terminal}{(result.Provider is null ? string.Empty : $" ({result.Provider})")} in {Seconds(result.LaunchTime)} s");

        var remaining = spec.Timeout - clock.Elapsed;
        var wait = remaining <= TimeSpan.Zero
            ? new TerminalWait { Reached = false }
            : await TerminalWaiter.WaitAsync(Cao, services.Time, result.Terminal!, TerminalWaiter.DefaultUntil, remaining, null, Progress(label), ct).ConfigureAwait(false);
        result.WaitTime = clock.Elapsed - result.LaunchTime;
        result.Status = wait.Status ?? result.Status;
        if (wait.Error is { } error)
        {
            result.ExitCode = ExitFor(wait.Failure, wait.FailureStatus);
            result.Message = log.Redact(wait.EndedInOutage
                ? $"{error} cao-server did not answer for {wait.OutageSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (CAO_OPS_WAIT_OUTAGE)."
                : wait.FailureStatus == 404 ? $"{error}. The agent's terminal is gone: cao-server deletes it when the provider fails to start or never takes the task (see the cao-server log)." : error);
            return Cleanup.Retry;
        }

        if (!wait.Reached)
        {
            result.ExitCode = RunExit.Timeout;
            result.Message = $"timed out after {Seconds(spec.Timeout)} s (--timeout); the agent was still '{result.Status ?? "unknown"}'{(wait.EndedInOutage ? " and cao-server was not answering" : string.Empty)}";
            result.OutputTail = await TailAsync(result.Terminal!, ct).ConfigureAwait(false);
            return Cleanup.Retry;
        }

        switch (wait.Status)
        {
            case "completed":
                result.ExitCode = RunExit.Completed;
                result.Message = $"completed in {Seconds(clock.Elapsed)} s";
                await ReadAnswerAsync(result, label, ct).ConfigureAwait(false);
                break;
            case "waiting_user_answer":
                result.ExitCode = RunExit.Question;
                result.Question = wait.Question is null ? null : log.Redact(wait.Question);
                result.Message = "the agent is waiting for an answer to a question, and a CI run cannot answer: make the profile non-interactive (or allow the tool it asks about), or run with --keep and answer it";
                break;
            default:
                result.ExitCode = RunExit.AgentError;
                result.Message = $"the agent ended in '{wait.Status}' after {Seconds(clock.Elapsed)} s";
                result.OutputTail = await TailAsync(result.Terminal!, ct).ConfigureAwait(false);
                break;
        }

        return Cleanup.Retry;
    }

    /// <summary>--install: install the profile when cao-server (or, for an old server, this machine) does not have it.</summary>
    private async Task<bool> EnsureProfileAsync(RunSpec spec, string? label, RunResult result, CancellationToken ct)
    {
        if (!Identifiers.ProfileName.Pattern.IsMatch(spec.Profile))
        {
            result.ExitCode = RunExit.Usage;
            result.Message = $"invalid profile name '{spec.Profile}': {Identifiers.ProfileName.Explanation}";
            return false;
        }

        var probe = await Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("agents", "profiles", spec.Profile), $"Look up profile '{spec.Profile}'"), ct).ConfigureAwait(false);
        bool present;
        if (probe.Ok)
        {
            present = true;
        }
        else if (ProfileFallback.RouteMissing(probe))
        {
            var local = await ToolRunner.RunAsync(GetProfileDetailsTool.Definition, Args(w => w.WriteString("name", spec.Profile)), services, null, ct).ConfigureAwait(false);
            present = !local.IsError;
        }
        else if (probe.Failure == ApiFailure.Http && probe.StatusCode == 404)
        {
            present = false;
        }
        else
        {
            result.ExitCode = ExitFor(probe);
            result.Message = probe.Error!;
            return false;
        }

        if (present)
        {
            log.Line(label, $"profile {spec.Profile} is available");
            return true;
        }

        log.Line(label, $"installing profile {spec.Profile}{(spec.Provider is null ? string.Empty : $" for {spec.Provider}")}");
        var install = await ToolRunner.RunAsync(InstallProfileTool.Definition, Args(w =>
        {
            w.WriteString("source", spec.Profile);
            if (spec.Provider is not null)
            {
                w.WriteString("provider", spec.Provider);
            }
        }), services, null, ct).ConfigureAwait(false);
        if (install.IsError)
        {
            result.ExitCode = RunExit.AgentError;
            result.Message = log.Redact(Str(install.Result, "message") ?? $"installing profile '{spec.Profile}' failed");
            return false;
        }

        log.Line(label, log.Redact(Str(install.Result, "message") ?? $"installed profile {spec.Profile}"));
        return true;
    }

    /// <summary>The answer as get_terminal_output gives it: mode last (full fallback) or full, cleaned of control sequences.</summary>
    private async Task ReadAnswerAsync(RunResult result, string? label, CancellationToken ct)
    {
        var output = await ToolRunner.RunAsync(GetTerminalOutputTool.Definition, Args(w =>
        {
            w.WriteString("terminal_id", result.Terminal);
            w.WriteString("mode", settings.Output);
            w.WriteBoolean("clean", true);
        }), services, null, ct).ConfigureAwait(false);
        if (output.IsError || Str(output.Result, "output") is not { } text)
        {
            log.Failure("answer", $"{result.Name}: the agent completed but its answer could not be read: {Str(output.Result, "message") ?? "no output in the response"}");
            return;
        }

        result.Answer = log.Redact(text.Trim('\n', '\r'));
        result.AnswerSource = Str(output.Result, "fallback") is not null ? "full-fallback" : settings.Output;
        if (result.AnswerSource == "full-fallback")
        {
            log.Line(label, log.Redact(Str(output.Result, "message") ?? "cao-server could not extract the last message; the answer is the end of the full output"));
        }
    }

    /// <summary>The cleaned end of the terminal output, for a run that did not complete; null when it cannot be read.</summary>
    private async Task<string?> TailAsync(string terminal, CancellationToken ct)
    {
        var output = await ToolRunner.RunAsync(GetTerminalOutputTool.Definition, Args(w =>
        {
            w.WriteString("terminal_id", terminal);
            w.WriteString("mode", "full");
            w.WriteBoolean("clean", true);
            w.WriteNumber("max_chars", TailChars);
        }), services, null, ct).ConfigureAwait(false);
        return !output.IsError && Str(output.Result, "output") is { } text ? log.Redact(text.Trim('\n', '\r')) : null;
    }

    /// <summary>
    /// Shuts the session down (unless --keep). Retry: while cao-server does not answer, try again with backoff within
    /// --cleanup-grace; after a signal within <see cref="RunLimits.SignalCleanup"/> (CI kills soon after SIGTERM).
    /// Once: a single quick attempt (the launch never reached cao-server). A session that does not exist counts as gone.
    /// </summary>
    private async Task CleanUpAsync(RunResult result, string? label, Cleanup mode)
    {
        if (mode == Cleanup.None)
        {
            result.CleanedUp = true;
            return;
        }

        if (settings.Keep)
        {
            result.Kept = true;
            log.Line(label, $"--keep: session {result.Session} is left running; shut it down with: cao-ops call shutdown_session --arg session_name={result.Session}");
            return;
        }

        var budget = signals.Signaled ? RunLimits.SignalCleanup : mode == Cleanup.Once ? RunLimits.CleanupRequest : settings.CleanupGrace + RunLimits.CleanupRequest;
        using var deadline = new CancellationTokenSource(budget);
        using var onSignal = signals.Signaled ? default : signals.Token.Register(() => deadline.CancelAfter(RunLimits.SignalCleanup));
        var clock = Stopwatch.StartNew();
        var delay = TimeSpan.FromMilliseconds(250);
        var announced = false;
        string? problem = null;
        try
        {
            while (true)
            {
                var perRequest = signals.Signaled ? RunLimits.SignalCleanup - clock.Elapsed : RunLimits.CleanupRequest;
                var (outcome, failed) = await ShutdownSessionTool.ShutdownAsync(Cao, result.Session, deadline.Token, perRequest > TimeSpan.FromMilliseconds(100) ? perRequest : TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
                if (!outcome.IsError)
                {
                    result.CleanedUp = true;
                    log.Line(label, $"shut down session {result.Session}");
                    return;
                }

                if (failed is { Failure: ApiFailure.Http, StatusCode: 404 })
                {
                    result.CleanedUp = true; // never created, or already gone
                    return;
                }

                problem = log.Redact(Str(outcome.Result, "message") ?? "shutdown failed");
                var retryable = failed?.Failure is ApiFailure.Unreachable or ApiFailure.Timeout;
                var grace = signals.Signaled ? RunLimits.SignalCleanup : settings.CleanupGrace;
                if (!retryable || mode == Cleanup.Once || clock.Elapsed + delay >= grace)
                {
                    break;
                }

                if (!announced)
                {
                    announced = true;
                    log.Line(label, $"cao-server is not answering; retrying the shutdown of {result.Session} for up to {Seconds(grace)} s");
                }

                await Task.Delay(delay, services.Time, deadline.Token).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 2000));
            }
        }
        catch (OperationCanceledException)
        {
            problem ??= $"cao-server did not answer within {Seconds(clock.Elapsed)} s";
        }

        result.CleanupProblem = problem;
        log.Failure("cleanup", $"session {result.Session} may still be running ({problem}). Shut it down with: cao-ops call shutdown_session --arg session_name={result.Session}");
    }

    private ProgressReporter Progress(string? label) => (_, _, message) =>
    {
        log.Line(label, message);
        return ValueTask.CompletedTask;
    };

    /// <summary>launch_session's arguments, validated by its own parameter rules; null with the problem when invalid.</summary>
    private static ToolArguments? LaunchArguments(RunSpec spec, string session, out string? problem)
    {
        var json = JsonBuild.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("agent_profile", spec.Profile);
            w.WriteString("session_name", session);
            w.WriteString("initial_message", spec.Task);
            if (spec.Provider is not null)
            {
                w.WriteString("provider", spec.Provider);
            }

            if (spec.Model is not null)
            {
                w.WriteString("model", spec.Model);
            }

            if (spec.WorkingDirectory is not null)
            {
                w.WriteString("working_directory", spec.WorkingDirectory);
            }

            if (spec.Env.Count > 0)
            {
                w.WriteStartObject("env_vars");
                foreach (var (key, value) in spec.Env)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
        var args = ToolArguments.Parse(LaunchSessionTool.Definition.Parameters, json.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value)), out var error);
        problem = args is null ? $"invalid run: {error}" : null;
        return args;
    }

    private static List<KeyValuePair<string, JsonElement>> Args(Action<Utf8JsonWriter> write)
    {
        var json = JsonBuild.Write(w =>
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        });
        return json.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value)).ToList();
    }

    /// <summary>3 when cao-server did not answer or refused the token; 1 for any other failed request.</summary>
    internal static int ExitFor(ApiResponse response) => ExitFor(response.Failure, response.StatusCode);

    internal static int ExitFor(ApiFailure failure, int status) => failure switch
    {
        ApiFailure.Unreachable or ApiFailure.Timeout => RunExit.Unreachable,
        ApiFailure.Http when status is 401 or 403 => RunExit.Unreachable,
        _ => RunExit.AgentError,
    };

    /// <summary>cao-run-&lt;8 hex&gt;, or for a plan run cao-&lt;its name&gt;-&lt;8 hex&gt; (letters, digits, '_' and '-' only).</summary>
    private static string GeneratedName(string? label)
    {
        var hex = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
        if (label is null)
        {
            return $"run-{hex}";
        }

        var sb = new StringBuilder();
        foreach (var c in label.Take(40))
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c == '_' ? c : '-');
        }

        return $"{sb.ToString().TrimStart('-')}-{hex}";
    }

    private static string? Str(JsonElement obj, string name) => CaoOps.Cao.JsonFields.Str(obj, name);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.#", CultureInfo.InvariantCulture);

    private static string SignalName(int number) => number switch
    {
        1 => "SIGHUP",
        2 => "SIGINT",
        15 => "SIGTERM",
        _ => "signal",
    };

    private enum Cleanup
    {
        /// <summary>No session can exist (nothing was launched, or cao-server refused the launch).</summary>
        None,

        /// <summary>One quick attempt.</summary>
        Once,

        /// <summary>Retry within the grace while cao-server does not answer.</summary>
        Retry,
    }
}
