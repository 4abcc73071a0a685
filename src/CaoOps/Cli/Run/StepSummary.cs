using System.Globalization;
using System.Net;
using System.Text;

namespace CaoOps.Cli.Run;

/// <summary>
/// The short markdown GitHub Actions shows on the run's page, appended to the file <c>GITHUB_STEP_SUMMARY</c> names:
/// a table of the runs, then each answer, question or output end folded in a <c>&lt;details&gt;</c> block (bounded: GitHub
/// takes at most 1 MiB per step).
/// </summary>
internal static class StepSummary
{
    private const int MaxTextChars = 8 * 1024;

    public static string Markdown(string title, int exitCode, IReadOnlyList<RunResult> runs)
    {
        var sb = new StringBuilder();
        var icon = exitCode == RunExit.Completed ? "✅" : "❌";
        sb.Append(CultureInfo.InvariantCulture, $"### {icon} {Escape(title)}: {RunExit.Outcome(exitCode)} (exit code {exitCode})\n\n");
        sb.Append("| Run | Profile | Provider | Status | Exit code | Time |\n|---|---|---|---|---|---|\n");
        foreach (var r in runs)
        {
            sb.Append(CultureInfo.InvariantCulture, $"| {(r.ExitCode == 0 ? "✅" : "❌")} {Escape(r.Name)} | {Escape(r.Profile)} | {Escape(r.Provider ?? "-")} | {Escape(r.Outcome)}{(r.Status is { } s && s != r.Outcome ? $" ({Escape(s)})" : string.Empty)} | {r.ExitCode} | {r.TotalTime.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s |\n");
        }

        sb.Append('\n');
        foreach (var r in runs)
        {
            if (r.ExitCode != RunExit.Completed)
            {
                sb.Append(CultureInfo.InvariantCulture, $"**{Escape(r.Name)}**: {Escape(r.Message)}\n\n");
            }

            Details(sb, $"{r.Name}: answer", r.Answer);
            Details(sb, $"{r.Name}: question", r.Question);
            Details(sb, $"{r.Name}: end of the terminal output", r.OutputTail);
        }

        return sb.ToString();
    }

    /// <summary>Appends to the summary file; false with the reason when it cannot.</summary>
    public static bool TryAppend(string path, string markdown, out string? problem)
    {
        problem = null;
        try
        {
            File.AppendAllText(path, markdown, new UTF8Encoding(false));
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"cannot append to GITHUB_STEP_SUMMARY '{path}': {ex.Message}";
            return false;
        }
    }

    private static void Details(StringBuilder sb, string summary, string? text)
    {
        if (text is null)
        {
            return;
        }

        var shown = TerminalText.Tail(text, MaxTextChars, out _, out var truncated);
        sb.Append(CultureInfo.InvariantCulture, $"<details><summary>{WebUtility.HtmlEncode(summary)}</summary>\n\n<pre>{(truncated ? "…" : string.Empty)}{WebUtility.HtmlEncode(shown)}</pre>\n\n</details>\n\n");
    }

    /// <summary>Text safe in a markdown table cell.</summary>
    private static string Escape(string s) => WebUtility.HtmlEncode(s.ReplaceLineEndings(" ")).Replace("|", "\\|", StringComparison.Ordinal);
}
