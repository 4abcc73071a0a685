using System.Diagnostics;
using System.Globalization;

namespace CaoOps.E2E.Tests.Support;

/// <summary>
/// One CLI run of the published binary (as <see cref="CliProcess"/>) that also measures wall time and peak resident
/// memory: VmHWM from /proc/&lt;pid&gt;/status, polled until exit (Linux; elsewhere the peak is null). A run that
/// passes <see cref="KillAboveMiB"/> or <see cref="Deadline"/> is killed, so a regression fails the test instead of the
/// machine.
/// </summary>
internal static class MeasuredCli
{
    public const long KillAboveMiB = 1024;

    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    internal sealed record Run(int Exit, string Out, string Err, TimeSpan Elapsed, long? PeakMiB, bool Killed);

    public static async Task<Run> RunAsync(Dictionary<string, string> env, params string[] args)
    {
        var psi = new ProcessStartInfo(PublishedBinary.Path) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var name in McpHarness.ScrubbedVariables)
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["CAO_API_URL"] = "http://127.0.0.1:9";
        foreach (var (key, value) in env)
        {
            psi.Environment[key] = value;
        }

        var sw = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        long? peak = null;
        var killed = false;
        var exited = p.WaitForExitAsync();
        while (!exited.IsCompleted)
        {
            if (ReadPeakKiB(p.Id) is { } kib)
            {
                peak = Math.Max(peak ?? 0, kib / 1024);
            }

            if (sw.Elapsed > Deadline || peak > KillAboveMiB)
            {
                p.Kill(entireProcessTree: true);
                killed = true;
                break;
            }

            await Task.WhenAny(exited, Task.Delay(5));
        }

        await p.WaitForExitAsync();
        sw.Stop();
        return new Run(p.ExitCode, await stdout, await stderr, sw.Elapsed, peak, killed);
    }

    /// <summary>Asserts the run ended by itself within <paramref name="seconds"/> and <paramref name="mib"/> of peak memory.</summary>
    public static void AssertBounded(Run run, double seconds = 5, long mib = 200)
    {
        Assert.False(run.Killed, $"killed after {run.Elapsed.TotalSeconds:F1} s at {run.PeakMiB} MiB");
        Assert.True(run.Elapsed < TimeSpan.FromSeconds(seconds), $"took {run.Elapsed.TotalSeconds:F1} s (limit {seconds} s)");
        Assert.True(run.PeakMiB is null || run.PeakMiB < mib, $"peak RSS {run.PeakMiB} MiB (limit {mib} MiB)");
        Assert.DoesNotContain("cao-ops bug", run.Err, StringComparison.Ordinal);
    }

    /// <summary>A process's peak resident set size so far (VmHWM) in KiB, or null where /proc does not tell.</summary>
    internal static long? ReadPeakKiB(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return null;
    }
}
