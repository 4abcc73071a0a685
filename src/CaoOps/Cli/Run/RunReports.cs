using System.Text.Json.Serialization;

namespace CaoOps.Cli.Run;

/// <summary>One run as <c>--json</c> prints it (snake_case).</summary>
internal sealed record RunReport(
    string Name,
    string Profile,
    string Session,
    string? Terminal,
    string? Provider,
    string? Status,
    string Outcome,
    int ExitCode,
    string Message,
    double LaunchSeconds,
    double WaitSeconds,
    double TotalSeconds,
    string? Answer,
    string? AnswerSource,
    string? Question,
    string? OutputTail,
    bool Kept,
    bool CleanedUp,
    string? CleanupProblem)
{
    public static RunReport Of(RunResult r) => new(
        r.Name, r.Profile, r.Session, r.Terminal, r.Provider, r.Status, r.Outcome, r.ExitCode, r.Message,
        Round(r.LaunchTime), Round(r.WaitTime), Round(r.TotalTime), r.Answer, r.AnswerSource, r.Question, r.OutputTail,
        r.Kept, r.CleanedUp, r.CleanupProblem);

    private static double Round(TimeSpan t) => Math.Round(t.TotalSeconds, 3);
}

/// <summary>A plan as <c>--json</c> prints it: the worst exit code and every run, in plan order.</summary>
internal sealed record PlanReport(int ExitCode, string Outcome, int Total, int Passed, int Failed, double TotalSeconds, IReadOnlyList<RunReport> Runs);

/// <summary>Source-generated JSON for run reports (used only by <c>cao-ops run</c> and <c>doctor --deep</c>).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(PlanReport))]
internal sealed partial class RunJsonContext : JsonSerializerContext;
