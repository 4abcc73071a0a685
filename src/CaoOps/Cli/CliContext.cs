using CaoOps.Cao;
using CaoOps.Tools;

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

/// <summary>Options shared by mcp, tools and call: which tools are exposed.</summary>
internal static class SelectionOptions
{
    /// <summary>Consumes --read-only, --tools a,b and --exclude-tools a,b from <paramref name="args"/>; env vars fill what flags do not say.</summary>
    public static ToolSelection? Parse(List<string> args, CliContext cli, out string? error)
    {
        var env = ToolSelection.FromEnvironment(cli.Env);
        bool readOnly = env.ReadOnly;
        var include = env.Include;
        var exclude = env.Exclude;
        error = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--read-only":
                    readOnly = true;
                    args.RemoveAt(i--);
                    break;
                case "--tools" or "--exclude-tools" when i + 1 < args.Count:
                    var list = ToolSelection.SplitList(args[i + 1]) ?? [];
                    if (args[i] == "--tools")
                    {
                        include = list;
                    }
                    else
                    {
                        exclude = list;
                    }

                    args.RemoveRange(i--, 2);
                    break;
                case "--tools" or "--exclude-tools":
                    error = $"{args[i]} needs a comma-separated list of tool names";
                    return null;
            }
        }

        return new ToolSelection(readOnly, include, exclude);
    }
}
