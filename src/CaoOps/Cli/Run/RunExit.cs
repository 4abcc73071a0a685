namespace CaoOps.Cli.Run;

/// <summary>
/// The exit codes of <c>cao-ops run</c> and <c>doctor --deep</c> (listed in <c>--help</c> and the README).
/// Upstream's headless-ci script folds an agent left waiting on a question into 1; cao-ops gives it 4 because the fix
/// differs: an agent that failed needs its task or code looked at, an agent that asks needs a non-interactive profile
/// (or allowed tools), and a pipeline may want to treat the two differently. Any non-zero code still fails a CI step.
/// </summary>
internal static class RunExit
{
    public const int Completed = 0;
    public const int AgentError = 1;
    public const int Usage = 2;
    public const int Unreachable = 3;
    public const int Question = 4;
    public const int Timeout = 124;

    /// <summary>128 + the signal's number, as a shell reports a process a signal ended (SIGINT 130, SIGTERM 143).</summary>
    public static int Signal(int number) => 128 + number;

    /// <summary>
    /// The worst of several runs' codes (a plan's exit code): a signal, then cao-server unreachable, usage, timeout,
    /// question, agent error, completed. Problems of the infrastructure come first because they make the others moot.
    /// </summary>
    public static int Worst(IEnumerable<int> codes)
    {
        var worst = Completed;
        foreach (var code in codes)
        {
            if (Rank(code) > Rank(worst))
            {
                worst = code;
            }
        }

        return worst;
    }

    private static int Rank(int code) => code switch
    {
        Completed => 0,
        AgentError => 1,
        Question => 2,
        Timeout => 3,
        Usage => 4,
        Unreachable => 5,
        > 128 => 6,
        _ => 1,
    };

    /// <summary>The outcome word reports use for a code.</summary>
    public static string Outcome(int code) => code switch
    {
        Completed => "completed",
        AgentError => "error",
        Usage => "usage",
        Unreachable => "unreachable",
        Question => "question",
        Timeout => "timeout",
        > 128 => "interrupted",
        _ => "error",
    };
}
