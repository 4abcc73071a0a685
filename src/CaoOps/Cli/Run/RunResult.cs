namespace CaoOps.Cli.Run;

/// <summary>How one run ended: what the reports (text, JSON, JUnit, step summary) say about it.</summary>
internal sealed record RunResult
{
    public required string Name { get; init; }

    public required string Profile { get; init; }

    /// <summary>The session name (prefixed), known before the launch so cleanup can always find it.</summary>
    public required string Session { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public string? Terminal { get; set; }

    public string? Provider { get; set; }

    /// <summary>The terminal's last status seen (completed, error, waiting_user_answer, processing, …).</summary>
    public string? Status { get; set; }

    public int ExitCode { get; set; }

    public string Outcome => RunExit.Outcome(ExitCode);

    /// <summary>One sentence: what happened (no secret values).</summary>
    public string Message { get; set; } = string.Empty;

    /// <summary>The agent's answer (completed runs): its last message, or the cleaned terminal output.</summary>
    public string? Answer { get; set; }

    /// <summary>Where the answer came from: "last", "full", or "full-fallback" (cao-server could not extract the last message).</summary>
    public string? AnswerSource { get; set; }

    /// <summary>The question an agent left waiting shows (exit code 4).</summary>
    public string? Question { get; set; }

    /// <summary>The end of the terminal output when the run did not complete (for the log and the reports).</summary>
    public string? OutputTail { get; set; }

    public TimeSpan LaunchTime { get; set; }

    public TimeSpan WaitTime { get; set; }

    public TimeSpan TotalTime { get; set; }

    /// <summary>--keep: the session was left running.</summary>
    public bool Kept { get; set; }

    /// <summary>The session is known to be gone (shut down, or never created).</summary>
    public bool CleanedUp { get; set; }

    /// <summary>Why cleanup could not confirm the session is gone (then the session may still run).</summary>
    public string? CleanupProblem { get; set; }
}
