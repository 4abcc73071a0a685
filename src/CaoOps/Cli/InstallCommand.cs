using System.Text.Json;
using CaoOps.Profiles;

namespace CaoOps.Cli;

/// <summary>
/// <c>cao-ops install &lt;name | https-url | ./file.md&gt; [--provider P] [--env KEY=VALUE]…</c>: installs an agent profile on
/// this machine without cao-server. Prints the install result JSON on stdout (also when it fails); env values are never
/// printed. Exit 0 installed, 1 failed (CAO itself exits 0 after "Error: …"), 2 usage error.
/// </summary>
internal static class InstallCommand
{
    /// <param name="cli">Arguments after <c>install</c>.</param>
    /// <param name="engineFactory">Builds the engine with a warning sink (tests pass a sandboxed one).</param>
    public static async Task<int> RunAsync(CliContext cli, CancellationToken ct, Func<Action<string>, ProfileEngine>? engineFactory = null)
    {
        var args = cli.Args;
        if (args.Contains("--help") || args.Contains("-h"))
        {
            cli.Out.WriteLine(HelpText.Usage);
            return CliContext.ExitOk;
        }

        string? source = null;
        string? provider = null;
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a is "--provider" or "--env")
            {
                if (i + 1 >= args.Count)
                {
                    return cli.Usage($"install: {a} needs a value");
                }

                var value = args[++i];
                if (a == "--provider")
                {
                    provider = value;
                    continue;
                }

                var eq = value.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    // The value could be a pasted secret: never echo it.
                    return cli.Usage(eq < 0
                        ? $"install: invalid value for '--env': invalid env var '{Redact(value)}'. Expected format KEY=VALUE."
                        : "install: invalid value for '--env': invalid env var '=***'. Key must not be empty.");
                }

                env[value[..eq]] = value[(eq + 1)..];
            }
            else if (a.StartsWith("--", StringComparison.Ordinal))
            {
                return cli.Usage($"install: unknown option '{a}' (--provider P, --env KEY=VALUE)");
            }
            else if (source is null)
            {
                source = a;
            }
            else
            {
                return cli.Usage($"install: unexpected argument '{a}' (install one profile at a time)");
            }
        }

        if (source is null)
        {
            return cli.Usage("install: name a profile, an https URL or a .md file, e.g. 'cao-ops install developer'");
        }

        var engine = ProfileCommand.Engine(cli, engineFactory)();
        var result = await engine.InstallAsync(source, provider, env.Count > 0 ? env : null, allowLocalFile: true, ct).ConfigureAwait(false);
        cli.Out.WriteLine(result.Json.GetRawText());
        if (!result.Ok)
        {
            return ProfileCommand.Failed(cli, "install", result.Detail);
        }

        if (result.Json.GetProperty("unresolved_vars") is { ValueKind: JsonValueKind.Array } unresolved)
        {
            var names = string.Join(", ", unresolved.EnumerateArray().Select(e => e.GetString()));
            cli.Error.WriteLine($"⚠ Unresolved env var(s) in profile: {names}. Set them with `cao env set` or pass --env KEY=VALUE.");
        }

        return CliContext.ExitOk;
    }

    /// <summary>A malformed --env argument without '=' could be a pasted secret: show only its length.</summary>
    private static string Redact(string value) => value.Length <= 4 ? value : $"<{value.Length} chars>";
}
