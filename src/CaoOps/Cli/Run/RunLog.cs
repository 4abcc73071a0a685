using System.Diagnostics;
using System.Globalization;

namespace CaoOps.Cli.Run;

/// <summary>
/// Progress on stderr as lines a log reader can follow: <c>[  12.3s] name: message</c> (elapsed since the command
/// started; the run's name only in a plan). Under GitHub Actions (<c>GITHUB_ACTIONS=true</c>) a single run's progress
/// is folded into a <c>::group::</c>, failures become <c>::error::</c> annotations. Every line goes through
/// <see cref="Redact"/>: an --env value never reaches the log. Thread-safe (a plan's runs report concurrently).
/// </summary>
internal sealed class RunLog(TextWriter error, bool githubActions, IEnumerable<string> secrets)
{
    /// <summary>Secrets shorter than this are not masked in free text (they would mask ordinary words).</summary>
    public const int MinMaskedLength = 4;

    private readonly Lock _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly string[] _secrets = [.. secrets];
    private bool _inGroup;

    public bool GitHubActions => githubActions;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>One progress line; <paramref name="run"/> prefixes it (plans).</summary>
    public void Line(string? run, string message)
    {
        var text = $"[{_clock.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture),6}s] {(run is null ? string.Empty : run + ": ")}{message}";
        Write(Redact(text));
    }

    public void BeginGroup(string title)
    {
        if (githubActions)
        {
            lock (_gate)
            {
                error.WriteLine("::group::" + Command(Redact(title)));
                _inGroup = true;
            }
        }
    }

    public void EndGroup()
    {
        lock (_gate)
        {
            if (_inGroup)
            {
                error.WriteLine("::endgroup::");
                _inGroup = false;
            }
        }
    }

    /// <summary>A failure: an <c>::error::</c> annotation under GitHub Actions, else a plain line.</summary>
    public void Failure(string title, string message)
    {
        var text = Redact(message);
        if (githubActions)
        {
            Write($"::error title={Property(Redact(title))}::{Command(text)}");
        }
        else
        {
            Write($"cao-ops: {Redact(title)}: {text}");
        }
    }

    /// <summary>Text written as is (the question, an output tail), masked.</summary>
    public void Raw(string text) => Write(Redact(text));

    /// <summary>Masks every secret value (≥ <see cref="MinMaskedLength"/> characters) as ***.</summary>
    public string Redact(string text) => SecretText.Mask(text, _secrets, MinMaskedLength);

    private void Write(string line)
    {
        lock (_gate)
        {
            error.WriteLine(line);
            error.Flush();
        }
    }

    /// <summary>Workflow-command data escaping (%, CR, LF).</summary>
    private static string Command(string s) => s.Replace("%", "%25", StringComparison.Ordinal).Replace("\r", "%0D", StringComparison.Ordinal).Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>Workflow-command property escaping (also : and ,).</summary>
    private static string Property(string s) => Command(s).Replace(":", "%3A", StringComparison.Ordinal).Replace(",", "%2C", StringComparison.Ordinal);
}
