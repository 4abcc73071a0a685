using System.Globalization;
using System.Text;
using System.Xml;

namespace CaoOps.Cli.Run;

/// <summary>
/// JUnit XML as CI dashboards read it (GitHub test reporters, GitLab <c>artifacts:reports:junit</c>, Jenkins): one
/// testsuite, one testcase per run. An agent that ended in error, timed out or left a question is a <c>failure</c>;
/// a run that could not be carried out (cao-server unreachable, launch refused, a signal) is an <c>error</c>. The answer
/// goes to system-out. Written with XmlWriter (no reflection); characters XML cannot hold become U+FFFD.
/// </summary>
internal static class JUnitReport
{
    /// <summary>One testcase: what the XML needs of a run, or of a doctor check.</summary>
    public sealed record Case(string ClassName, string Name, double Seconds, string? FailureType, bool IsError, string? FailureMessage, string? FailureText, string? SystemOut, string? SystemErr);

    public static Case Of(RunResult r)
    {
        var failed = r.ExitCode != RunExit.Completed;
        var isError = r.ExitCode is RunExit.Unreachable or RunExit.Usage or > 128;
        var details = new StringBuilder();
        details.Append(r.Message);
        if (r.Question is not null)
        {
            details.Append("\n\nQuestion:\n").Append(r.Question);
        }

        if (r.OutputTail is not null)
        {
            details.Append("\n\nEnd of the terminal output:\n").Append(r.OutputTail);
        }

        var err = new StringBuilder();
        err.Append($"session {r.Session}, terminal {r.Terminal ?? "-"}, provider {r.Provider ?? "-"}, status {r.Status ?? "-"}, exit code {r.ExitCode.ToString(CultureInfo.InvariantCulture)}");
        if (r.Kept)
        {
            err.Append($"\nsession kept (--keep): cao-ops call shutdown_session --arg session_name={r.Session}");
        }
        else if (r.CleanupProblem is not null)
        {
            err.Append($"\ncleanup: {r.CleanupProblem}");
        }

        return new Case(
            $"cao-ops.run.{r.Profile}",
            r.Name,
            r.TotalTime.TotalSeconds,
            failed ? r.Outcome : null,
            isError,
            failed ? r.Message : null,
            failed ? details.ToString() : null,
            r.Answer is null ? null : TailOf(r.Answer),
            err.ToString());
    }

    /// <summary>Writes the file (creating its folder); false with the reason when it cannot be written.</summary>
    public static bool TryWrite(string path, string suiteName, DateTimeOffset started, double seconds, IReadOnlyList<Case> cases, out string? problem)
    {
        problem = null;
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
            {
                Directory.CreateDirectory(folder);
            }

            using var stream = File.Create(path);
            Write(stream, suiteName, started, seconds, cases);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or XmlException)
        {
            problem = $"cannot write the JUnit file '{path}': {ex.Message}";
            return false;
        }
    }

    public static void Write(Stream stream, string suiteName, DateTimeOffset started, double seconds, IReadOnlyList<Case> cases)
    {
        var settings = new XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true, CheckCharacters = true };
        using var w = XmlWriter.Create(stream, settings);
        var failures = cases.Count(c => c.FailureType is not null && !c.IsError).ToString(CultureInfo.InvariantCulture);
        var errors = cases.Count(c => c.FailureType is not null && c.IsError).ToString(CultureInfo.InvariantCulture);
        var tests = cases.Count.ToString(CultureInfo.InvariantCulture);
        var time = Time(seconds);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", suiteName);
        w.WriteAttributeString("tests", tests);
        w.WriteAttributeString("failures", failures);
        w.WriteAttributeString("errors", errors);
        w.WriteAttributeString("time", time);
        w.WriteStartElement("testsuite");
        w.WriteAttributeString("name", suiteName);
        w.WriteAttributeString("tests", tests);
        w.WriteAttributeString("failures", failures);
        w.WriteAttributeString("errors", errors);
        w.WriteAttributeString("skipped", "0");
        w.WriteAttributeString("time", time);
        w.WriteAttributeString("timestamp", started.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture));
        w.WriteAttributeString("hostname", Safe(Environment.MachineName));
        foreach (var c in cases)
        {
            w.WriteStartElement("testcase");
            w.WriteAttributeString("classname", Safe(c.ClassName));
            w.WriteAttributeString("name", Safe(c.Name));
            w.WriteAttributeString("time", Time(c.Seconds));
            if (c.FailureType is not null)
            {
                w.WriteStartElement(c.IsError ? "error" : "failure");
                w.WriteAttributeString("message", Safe(c.FailureMessage ?? c.FailureType));
                w.WriteAttributeString("type", c.FailureType);
                if (c.FailureText is not null)
                {
                    w.WriteString(Safe(c.FailureText));
                }

                w.WriteEndElement();
            }

            if (c.SystemOut is not null)
            {
                w.WriteElementString("system-out", Safe(c.SystemOut));
            }

            if (c.SystemErr is not null)
            {
                w.WriteElementString("system-err", Safe(c.SystemErr));
            }

            w.WriteEndElement();
        }

        w.WriteEndElement();
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    /// <summary>The end of a long text (reports keep the last <see cref="RunLimits.ReportAnswerChars"/> characters).</summary>
    public static string TailOf(string text) => TerminalText.Tail(text, RunLimits.ReportAnswerChars, out _, out var truncated) is var tail && truncated ? "…" + tail : tail;

    /// <summary>Characters XML 1.0 cannot carry (most C0 controls, lone surrogates, U+FFFE/FFFF) become U+FFFD.</summary>
    internal static string Safe(string text)
    {
        StringBuilder? sb = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var ok = c is '\t' or '\n' or '\r' || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD);
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                sb?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (!ok)
            {
                sb ??= new StringBuilder(text, 0, i, text.Length);
                sb.Append('\uFFFD');
            }
            else
            {
                sb?.Append(c);
            }
        }

        return sb?.ToString() ?? text;
    }

    private static string Time(double seconds) => seconds.ToString("0.000", CultureInfo.InvariantCulture);
}
