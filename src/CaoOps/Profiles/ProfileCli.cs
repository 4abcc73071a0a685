using System.Text.Json;
using CaoOps.Profiles.Cli;

namespace CaoOps.Profiles;

/// <summary>
/// The profile commands of the <c>cao-ops</c> binary. Output: JSON and problem lines on stdout,
/// human notes and warnings on stderr. Exit codes: 0 ok, 1 failure/invalid, 2 usage error.
/// Secret values (env vars) are never printed.
/// </summary>
public static class ProfileCli
{
    private const string Usage =
        """
        usage:
          cao-ops profile validate <file-or-dir>... [--json]
          cao-ops profile list [--json]
          cao-ops profile show <name>
          cao-ops install <name | https-url | ./file.md> [--provider P] [--env KEY=VALUE]...

        Profiles are markdown files with YAML frontmatter; ${VAR} placeholders resolve from
        CAO_HOME/.env (install --env KEY=VALUE writes there first).
        """;

    /// <param name="args">What follows the binary name, e.g. <c>["profile","list"]</c>.</param>
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken ct) =>
        RunAsync(args, stdout, stderr, null, ct);

    /// <summary>As <see cref="RunAsync(string[], TextWriter, TextWriter, CancellationToken)"/> with an explicit engine (tests).</summary>
    internal static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<Action<string>, ProfileEngine>? engineFactory, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        ProfileEngine Engine() => engineFactory is null
            ? ProfileEngine.FromEnvironment(w => stderr.WriteLine("warning: " + w))
            : engineFactory(w => stderr.WriteLine("warning: " + w));

        if (args.Length == 0 || args[0] is "-h" or "--help" || args.Contains("--help") || args.Contains("-h"))
        {
            (args.Length == 0 ? stderr : stdout).WriteLine(Usage);
            return args.Length == 0 ? 2 : 0;
        }

        switch (args[0])
        {
            case "profile" when args.Length >= 2 && args[1] == "validate":
                return Validate(args[2..], stdout, stderr);
            case "profile" when args.Length >= 2 && args[1] == "list":
                return List(args[2..], stdout, stderr, Engine);
            case "profile" when args.Length == 3 && args[1] == "show" && !args[2].StartsWith('-'):
                return Show(args[2], stdout, stderr, Engine);
            case "install":
                return await InstallAsync(args[1..], stdout, stderr, Engine, ct).ConfigureAwait(false);
            default:
                return UsageError(stderr, $"unknown command: {string.Join(' ', args.Take(2))}");
        }
    }

    private static int UsageError(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        stderr.WriteLine(Usage);
        return 2;
    }

    private static int Validate(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var json = false;
        var inputs = new List<string>();
        foreach (var a in args)
        {
            if (a == "--json")
            {
                json = true;
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                return UsageError(stderr, $"unknown option {a}");
            }
            else
            {
                inputs.Add(a);
            }
        }

        if (inputs.Count == 0)
        {
            return UsageError(stderr, "profile validate needs at least one file or directory");
        }

        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(ProfileFilesIn(input));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                return UsageError(stderr, $"no such file or directory: {input}");
            }
        }

        var reports = files.Select(ProfileLinter.Validate).ToList();
        if (json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(reports, ProfilesJsonContext.RelaxedIndented.ListValidationReport));
        }
        else
        {
            foreach (var r in reports)
            {
                foreach (var f in r.Findings)
                {
                    var severity = f.Severity == "error" ? "" : "warning: ";
                    stdout.WriteLine($"{r.File}:{f.Line}: {f.Field}: {severity}{f.Message}");
                }
            }

            var invalid = reports.Count(r => !r.Valid);
            stderr.WriteLine($"{reports.Count} profile(s) checked, {invalid} invalid.");
        }

        return reports.All(r => r.Valid) ? 0 : 1;
    }

    /// <summary>Profiles in a folder, in both layouts: <c>*.md</c> and <c>*/agent.md</c>, sorted.</summary>
    private static List<string> ProfileFilesIn(string dir)
    {
        var found = new List<string>();
        foreach (var f in Directory.EnumerateFiles(dir, "*.md"))
        {
            if (Path.GetExtension(f) == ".md")
            {
                found.Add(f);
            }
        }

        foreach (var d in Directory.EnumerateDirectories(dir))
        {
            var nested = Path.Combine(d, "agent.md");
            if (File.Exists(nested))
            {
                found.Add(nested);
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    private static int List(string[] args, TextWriter stdout, TextWriter stderr, Func<ProfileEngine> engine)
    {
        var json = args is ["--json"];
        if (args.Length > 0 && !json)
        {
            return UsageError(stderr, "profile list takes only --json");
        }

        var result = engine().ListProfilesResult();
        if (!result.Ok)
        {
            stderr.WriteLine("Error: " + result.Detail);
            return 1;
        }

        if (json)
        {
            stdout.WriteLine(result.Json.GetRawText());
            return 0;
        }

        var count = 0;
        stdout.WriteLine($"{"NAME",-30} {"SOURCE",-12} DESCRIPTION");
        foreach (var p in result.Json.EnumerateArray())
        {
            count++;
            var desc = p.GetProperty("description").GetString() ?? "";
            stdout.WriteLine($"{p.GetProperty("name").GetString(),-30} {p.GetProperty("source").GetString(),-12} {(desc.Length > 108 ? desc[..108] : desc)}");
        }

        stderr.WriteLine($"{count} profile(s) found.");
        return 0;
    }

    private static int Show(string name, TextWriter stdout, TextWriter stderr, Func<ProfileEngine> engine)
    {
        var result = engine().GetProfile(name);
        if (!result.Ok)
        {
            stderr.WriteLine($"Error ({result.StatusCode}): {result.Detail}");
            return 1;
        }

        stdout.WriteLine(result.Json.GetRawText());
        return 0;
    }

    private static async Task<int> InstallAsync(string[] args, TextWriter stdout, TextWriter stderr, Func<ProfileEngine> engine, CancellationToken ct)
    {
        string? source = null;
        string? provider = null;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (a is "--provider" or "--env")
            {
                if (i + 1 >= args.Length)
                {
                    return UsageError(stderr, $"option {a} requires a value");
                }

                var value = args[++i];
                if (a == "--provider")
                {
                    provider = value;
                    continue;
                }

                var eq = value.IndexOf('=', StringComparison.Ordinal);
                if (eq < 0)
                {
                    return UsageError(stderr, $"Invalid value for '--env': Invalid env var '{Redact(value)}'. Expected format KEY=VALUE.");
                }

                if (eq == 0)
                {
                    return UsageError(stderr, $"Invalid value for '--env': Invalid env var '=***'. Key must not be empty.");
                }

                env[value[..eq]] = value[(eq + 1)..];
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                return UsageError(stderr, $"unknown option {a}");
            }
            else if (source is null)
            {
                source = a;
            }
            else
            {
                return UsageError(stderr, $"unexpected argument {a}");
            }
        }

        if (source is null)
        {
            return UsageError(stderr, "install needs a profile name, https URL or .md file");
        }

        var result = await engine().InstallAsync(source, provider, env.Count > 0 ? env : null, allowLocalFile: true, ct).ConfigureAwait(false);
        stdout.WriteLine(result.Json.GetRawText());
        if (!result.Ok)
        {
            stderr.WriteLine("Error: " + result.Detail);
            return 1;
        }

        if (result.Json.GetProperty("unresolved_vars") is { ValueKind: JsonValueKind.Array } unresolved)
        {
            var names = string.Join(", ", unresolved.EnumerateArray().Select(e => e.GetString()));
            stderr.WriteLine($"⚠ Unresolved env var(s) in profile: {names}. Set them with `cao env set` or pass --env KEY=VALUE.");
        }

        return 0;
    }

    /// <summary>A malformed --env argument without '=' could be a pasted secret: show only its length.</summary>
    private static string Redact(string value) => value.Length <= 4 ? value : $"<{value.Length} chars>";
}
