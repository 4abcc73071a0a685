using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CaoOps.E2E.Tests.Support;

/// <summary>
/// The published binary running a long command (cao-ops run) as a CI job runs it: stdout and stderr collected line by
/// line while it runs (so a test can wait for a progress line), signals, and the exit code. The environment is clean:
/// cao-ops' variables and GitHub's (GITHUB_ACTIONS, GITHUB_STEP_SUMMARY) are removed unless the test sets them.
/// </summary>
internal sealed partial class RunProcess : IDisposable
{
    private static readonly string[] GitHubVariables = ["GITHUB_ACTIONS", "GITHUB_STEP_SUMMARY"];

    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly Task _readers;

    private RunProcess(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(Pump(process.StandardOutput, _stdout), Pump(process.StandardError, _stderr));
    }

    public int Id => _process.Id;

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return string.Join('\n', _stdout);
            }
        }
    }

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public static RunProcess Start(string baseAddress, Dictionary<string, string>? env, string? stdin, params string[] args)
    {
        var psi = new ProcessStartInfo(PublishedBinary.Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var name in McpHarness.ScrubbedVariables.Concat(GitHubVariables))
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["CAO_API_URL"] = baseAddress;
        foreach (var (key, value) in env ?? [])
        {
            psi.Environment[key] = value;
        }

        var process = Process.Start(psi)!;
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        return new RunProcess(process);
    }

    /// <summary>Runs to the end (within <paramref name="deadlineSeconds"/>): exit code, stdout, stderr.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string baseAddress, Dictionary<string, string>? env, params string[] args)
    {
        using var p = Start(baseAddress, env, null, args);
        var exit = await p.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return (exit, p.Stdout, p.Stderr);
    }

    /// <summary>Waits until a stderr line contains <paramref name="text"/>; fails with what stderr held at the deadline.</summary>
    public async Task WaitForStderrAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Stderr.Contains(text, StringComparison.Ordinal))
            {
                return;
            }

            if (_process.HasExited)
            {
                break;
            }

            await Task.Delay(20);
        }

        Assert.Fail($"stderr never showed '{text}'; it holds:\n{Stderr}");
    }

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    /// <summary>The exit code; fails the test if the process has not exited by the deadline.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"cao-ops did not exit within {timeout.TotalSeconds} s; stderr:\n{Stderr}");
        }

        await _readers;
        return _process.ExitCode;
    }

    private static async Task Pump(StreamReader reader, List<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lock (lines)
            {
                lines.Add(line);
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "kill")]
    private static partial int Kill(int pid, int signal);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
    }
}
