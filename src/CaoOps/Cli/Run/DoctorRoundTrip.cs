using System.Globalization;
using System.Text.Json;

namespace CaoOps.Cli.Run;

/// <summary>
/// <c>cao-ops doctor --deep</c>: after doctor's checks, a real round trip through the same code as <c>cao-ops run</c>:
/// a throwaway session with a minimal built-in task, wait, read the answer back, shut the session down.
/// </summary>
internal static class DoctorRoundTrip
{
    public const int DefaultTimeoutSeconds = 180;

    public const string DefaultProfile = "developer";

    /// <summary>The word the task asks for (an echoing mock agent and a real one both give it back).</summary>
    public const string Token = "cao-ops-doctor-ok";

    public const string Task = "This is an automated cao-ops doctor check. Do not use any tools or change any files. Reply with exactly this word and nothing else: " + Token;

    public static async Task<(DoctorCommand.Check Check, RunResult? Result)> RunAsync(CliContext cli, ToolServices services, bool checksPassed, string? profile, string? provider, int timeoutSeconds)
    {
        if (!checksPassed)
        {
            return (new("round_trip", false, "skipped: fix the failed checks above first"), null);
        }

        using var signals = SignalScope.Create();
        var log = new RunLog(cli.Error, RunCommand.IsGitHubActions(cli), []);
        var spec = new RunSpec("round_trip", profile ?? DefaultProfile, Task)
        {
            Provider = provider,
            WorkingDirectory = Environment.CurrentDirectory,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            SessionName = "cao-doctor-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4)),
        };
        log.BeginGroup("cao-ops doctor --deep: round trip");
        var result = await new AgentRun(services, new RunSettings(), log, signals).ExecuteAsync(spec, null).ConfigureAwait(false);
        log.EndGroup();
        var seconds = result.TotalTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
        var who = $"profile {result.Profile}{(result.Provider is null ? string.Empty : $" on {result.Provider}")}, session {result.Session}";
        if (result.ExitCode != RunExit.Completed)
        {
            return (new("round_trip", false, $"{who}: {result.Outcome} (exit code {result.ExitCode.ToString(CultureInfo.InvariantCulture)}): {result.Message}{Cleanup(result)}"), result);
        }

        if (string.IsNullOrWhiteSpace(result.Answer))
        {
            return (new("round_trip", false, $"{who}: completed in {seconds} s but the answer read back was empty{Cleanup(result)}"), result);
        }

        if (!result.CleanedUp)
        {
            return (new("round_trip", false, $"{who}: completed in {seconds} s, answer read back, but the session could not be shut down{Cleanup(result)}"), result);
        }

        var echoed = result.Answer.Contains(Token, StringComparison.OrdinalIgnoreCase) ? $"answered '{Token}'" : $"answered ({result.Answer.Length} characters, without the word '{Token}')";
        return (new("round_trip", true, $"{who}: launched, completed and {echoed} in {seconds} s; session shut down"), result);
    }

    /// <summary>Exit code of doctor --deep: the round trip's (run's) code, or 3 when cao-server is unreachable or refuses the token, else 1.</summary>
    public static int ExitCode(IReadOnlyList<DoctorCommand.Check> checks, RunResult? roundTrip)
    {
        if (checks.All(c => c.Ok))
        {
            return RunExit.Completed;
        }

        if (roundTrip is { ExitCode: not RunExit.Completed } r)
        {
            return r.ExitCode;
        }

        return checks.Any(c => !c.Ok && c.Name is "reachable" or "auth" or "scopes") ? RunExit.Unreachable : RunExit.AgentError;
    }

    public static void WriteJson(Utf8JsonWriter w, RunResult result) =>
        JsonSerializer.Serialize(w, RunReport.Of(result), RunJsonContext.Default.RunReport);

    public static bool TryWriteJUnit(string path, DateTimeOffset started, IReadOnlyList<DoctorCommand.Check> checks, RunResult? roundTrip, out string? problem)
    {
        var cases = checks.Select(c => c.Name == "round_trip" && roundTrip is not null
            ? JUnitReport.Of(roundTrip) with { ClassName = "cao-ops.doctor", Name = "round_trip", FailureType = c.Ok ? null : roundTrip.ExitCode == 0 ? "round_trip" : roundTrip.Outcome, FailureMessage = c.Ok ? null : c.Detail }
            : new JUnitReport.Case("cao-ops.doctor", c.Name, 0, c.Ok ? null : "check", c.Name is "reachable" or "auth", c.Ok ? null : c.Detail, c.Ok ? null : c.Detail, c.Ok ? c.Detail : null, null)).ToList();
        return JUnitReport.TryWrite(path, "cao-ops doctor", started, (DateTimeOffset.UtcNow - started).TotalSeconds, cases, out problem);
    }

    private static string Cleanup(RunResult r) => r.CleanupProblem is null ? string.Empty : $"; cleanup: {r.CleanupProblem}";
}
