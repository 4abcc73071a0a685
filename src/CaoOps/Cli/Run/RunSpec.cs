namespace CaoOps.Cli.Run;

/// <summary>One agent, one task: what <c>cao-ops run</c> takes from its flags, or one entry of a plan's <c>runs:</c>.</summary>
internal sealed record RunSpec(string Name, string Profile, string Task)
{
    public string? Provider { get; init; }

    public string? Model { get; init; }

    public string? WorkingDirectory { get; init; }

    /// <summary>The session name to launch (with or without CAO's "cao-" prefix); generated when null.</summary>
    public string? SessionName { get; init; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(RunLimits.DefaultTimeoutSeconds);

    /// <summary>Environment for the agent; the values are secrets and never printed.</summary>
    public IReadOnlyDictionary<string, string> Env { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);
}

/// <summary>How a run (or a plan) reports and cleans up: the flags shared by every run of an invocation.</summary>
internal sealed record RunSettings
{
    public bool Json { get; init; }

    public string? JunitPath { get; init; }

    /// <summary>"last" (the agent's last message, with the full-output fallback) or "full" (the cleaned terminal buffer).</summary>
    public string Output { get; init; } = "last";

    public bool Keep { get; init; }

    public bool Install { get; init; }

    public int Parallel { get; init; } = RunLimits.DefaultParallel;

    /// <summary>How long cleanup retries the shutdown while cao-server does not answer (not after a signal: see <see cref="RunLimits.SignalCleanup"/>).</summary>
    public TimeSpan CleanupGrace { get; init; } = TimeSpan.FromSeconds(RunLimits.DefaultCleanupGraceSeconds);
}

/// <summary>Every input of <c>cao-ops run</c> is bounded.</summary>
internal static class RunLimits
{
    public const int DefaultTimeoutSeconds = 600;
    public const int MaxTimeoutSeconds = 86400;
    public const int MaxTaskBytes = 64 * 1024;
    public const int MaxPlanBytes = 1024 * 1024;
    public const int MaxRuns = 64;
    public const int MaxParallel = 16;
    public const int DefaultParallel = 4;
    public const int MaxEnvVars = 64;
    public const int MaxNameChars = 64;
    public const int DefaultCleanupGraceSeconds = 30;
    public const int MaxCleanupGraceSeconds = 600;

    /// <summary>After SIGINT/SIGTERM the shutdown must finish before CI's SIGKILL (GitHub Actions: 7.5 s after SIGINT, 2.5 s after SIGTERM).</summary>
    public static readonly TimeSpan SignalCleanup = TimeSpan.FromSeconds(2);

    /// <summary>Per-request deadline of the cleanup's shutdown calls.</summary>
    public static readonly TimeSpan CleanupRequest = TimeSpan.FromSeconds(5);

    /// <summary>How much of an answer goes into the step summary and JUnit (the end is kept).</summary>
    public const int ReportAnswerChars = 16 * 1024;
}
