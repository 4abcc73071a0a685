using CaoOps.Cao;
using CaoOps.Tools.Terminals;

namespace CaoOps.Cli;

/// <summary>What a CLI command gets: its arguments, its output streams and the environment (all swappable in tests).</summary>
internal sealed record CliContext(IReadOnlyList<string> Args, TextWriter Out, TextWriter Error, Func<string, string?> Env)
{
    public const int ExitOk = 0;
    public const int ExitFailure = 1;
    public const int ExitUsage = 2;

    /// <summary>Settings from the environment; null (after printing the problems) when they are unusable.</summary>
    public CaoSettings? Settings()
    {
        var settings = CaoSettings.FromEnvironment(Env, out var problems);
        foreach (var problem in problems)
        {
            Error.WriteLine($"cao-ops: configuration error: {problem}");
        }

        return problems.Count == 0 ? settings : null;
    }

    public int Usage(string message)
    {
        Error.WriteLine($"cao-ops: {message}");
        Error.WriteLine("Run 'cao-ops --help' for usage.");
        return ExitUsage;
    }
}
