using System.Text.Json;
using CaoOps.Profiles;
using CaoOps.Profiles.Validation;

namespace CaoOps.Cli;

/// <summary>
/// <c>cao-ops profile validate &lt;files-or-dirs&gt;… [--json]</c>, <c>profile list [--json]</c>, <c>profile show &lt;name&gt;</c>:
/// agent profiles on this machine, offline, as CAO finds and loads them. JSON and problem lines go to stdout, counts and
/// warnings to stderr; secret values (env vars) are never printed. Exit 0 ok, 1 invalid or failed, 2 usage error.
/// </summary>
internal static class ProfileCommand
{
    /// <param name="cli">Arguments after <c>profile</c>.</param>
    /// <param name="engineFactory">Builds the engine with a warning sink (tests pass a sandboxed one).</param>
    public static int Run(CliContext cli, Func<Action<string>, ProfileEngine>? engineFactory = null)
    {
        var args = cli.Args;
        if (args.Contains("--help") || args.Contains("-h"))
        {
            cli.Out.WriteLine(HelpText.Usage);
            return CliContext.ExitOk;
        }

        var rest = args.Skip(1).ToList();
        return args.Count == 0 ? cli.Usage("profile: name a subcommand: validate, list or show")
            : args[0] switch
            {
                "validate" => Validate(cli, rest),
                "list" => List(cli, rest, Engine(cli, engineFactory)),
                "show" when rest is [var name] && !name.StartsWith('-') => Show(cli, name, Engine(cli, engineFactory)),
                "show" => cli.Usage("profile show: takes one profile name, e.g. 'cao-ops profile show developer'"),
                _ => cli.Usage($"profile: unknown subcommand '{args[0]}' (validate, list or show)"),
            };
    }

    /// <summary>The profile engine of this machine; its warnings (never secret values) go to stderr.</summary>
    internal static Func<ProfileEngine> Engine(CliContext cli, Func<Action<string>, ProfileEngine>? engineFactory) =>
        () => (engineFactory ?? ProfileEngine.FromEnvironment)(w => cli.Error.WriteLine($"cao-ops: warning: {w}"));

    private static int Validate(CliContext cli, List<string> args)
    {
        var json = args.Remove("--json");
        if (args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal)) is { } option)
        {
            return cli.Usage($"profile validate: unknown option '{option}' (only --json)");
        }

        if (args.Count == 0)
        {
            return cli.Usage("profile validate: name at least one profile file or folder");
        }

        var reports = ProfileLinter.ValidateAll(args, out var missing);
        if (reports is null)
        {
            return cli.Usage($"profile validate: no such file or directory: {missing}");
        }

        if (json)
        {
            cli.Out.WriteLine(JsonSerializer.Serialize(reports.ToList(), ProfilesJsonContext.RelaxedIndented.ListValidationReport));
        }
        else
        {
            foreach (var r in reports)
            {
                foreach (var f in r.Findings)
                {
                    cli.Out.WriteLine($"{r.File}:{f.Line}: {f.Field}: {(f.Severity == "error" ? string.Empty : "warning: ")}{f.Message}");
                }
            }

            cli.Error.WriteLine($"{reports.Count} profile(s) checked, {reports.Count(r => !r.Valid)} invalid.");
        }

        return reports.All(r => r.Valid) ? CliContext.ExitOk : CliContext.ExitFailure;
    }

    private static int List(CliContext cli, List<string> args, Func<ProfileEngine> engine)
    {
        var json = args.Remove("--json");
        if (args.Count > 0)
        {
            return cli.Usage($"profile list: unexpected argument '{args[0]}' (only --json)");
        }

        var result = engine().ListProfilesResult();
        if (!result.Ok)
        {
            return Failed(cli, "profile list", result.Detail);
        }

        if (json)
        {
            cli.Out.WriteLine(result.Json.GetRawText());
            return CliContext.ExitOk;
        }

        cli.Out.WriteLine($"{"NAME",-30} {"SOURCE",-12} DESCRIPTION");
        foreach (var p in result.Json.EnumerateArray())
        {
            var desc = p.GetProperty("description").GetString() ?? string.Empty;
            cli.Out.WriteLine($"{p.GetProperty("name").GetString(),-30} {p.GetProperty("source").GetString(),-12} {(desc.Length > 108 ? desc[..108] : desc)}");
        }

        cli.Error.WriteLine($"{result.Json.GetArrayLength()} profile(s) found.");
        return CliContext.ExitOk;
    }

    private static int Show(CliContext cli, string name, Func<ProfileEngine> engine)
    {
        var result = engine().GetProfile(name);
        if (!result.Ok)
        {
            return Failed(cli, "profile show", result.Detail);
        }

        cli.Out.WriteLine(result.Json.GetRawText());
        return CliContext.ExitOk;
    }

    /// <summary>A failure the engine reported: one line on stderr, exit 1.</summary>
    internal static int Failed(CliContext cli, string command, string? detail)
    {
        cli.Error.WriteLine($"cao-ops: {command}: {detail}");
        return CliContext.ExitFailure;
    }
}
