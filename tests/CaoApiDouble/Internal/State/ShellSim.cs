using System.Text;
using System.Text.RegularExpressions;

namespace CaoOps.Testing.Internal.State;

/// <summary>
/// The bare bash a pane returns to when the agent CLI exits (captures 115–117, 140–142): each submitted line is
/// executed. Understands <c>echo</c> (with <c>$VAR</c> from the session's env_vars), <c>cd</c>, <c>pwd</c> and
/// <c>mock_cli</c> (starts the mock agent again); anything else is "command not found".
/// </summary>
internal static partial class ShellSim
{
    public static string Prompt(TerminalRecord t) => $"\u001b[?2004hroot@vm:{t.Cwd ?? "/"}# ";

    /// <summary>Enter on the shell prompt: bash ends the line, runs it and prints a new prompt.</summary>
    public static void SubmitLocked(TerminalRecord t, string line, IReadOnlyDictionary<string, string> env)
    {
        t.Append("\r\n\u001b[?2004l\r");
        var words = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            t.Append(Prompt(t));
            return;
        }

        switch (words[0])
        {
            case "echo":
                t.Append(Expand(string.Join(' ', words.Skip(1)), env) + "\r\n");
                break;
            case "pwd":
                t.Append((t.Cwd ?? "/") + "\r\n");
                break;
            case "true" or ":":
                break;
            case "cd":
                t.Cwd = Resolve(t.Cwd ?? "/", words.Length > 1 ? words[1] : "/root");
                break;
            case "mock_cli":
                t.CliAlive = true;
                t.Append("MockCli ready.\r\n❯ ");
                t.Status = "idle";
                return;
            default:
                var cmd = words[0];
                t.Append(cmd.Contains('/', StringComparison.Ordinal)
                    ? $"-bash: {cmd}: No such file or directory\r\n"
                    : $"-bash: {cmd}: command not found\r\n");
                break;
        }

        t.Append(Prompt(t));
    }

    private static string Expand(string text, IReadOnlyDictionary<string, string> env) =>
        Variable().Replace(text, m => env.GetValueOrDefault(m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value) ?? string.Empty);

    private static string Resolve(string cwd, string target)
    {
        var parts = new List<string>();
        foreach (var part in ((target.StartsWith('/') ? string.Empty : cwd) + "/" + target).Split('/'))
        {
            if (part is "" or ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(part);
        }

        var sb = new StringBuilder();
        foreach (var part in parts)
        {
            sb.Append('/').Append(part);
        }

        return sb.Length == 0 ? "/" : sb.ToString();
    }

    [GeneratedRegex(@"\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Variable();
}
