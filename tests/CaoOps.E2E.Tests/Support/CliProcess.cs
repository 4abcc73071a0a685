using System.Diagnostics;

namespace CaoOps.E2E.Tests.Support;

/// <summary>One run of the published binary as a CI job uses it: arguments in, exit code, stdout and stderr out.</summary>
internal static class CliProcess
{
    /// <summary>Runs the binary with stdin closed and a clean cao-ops environment plus <paramref name="env"/>.</summary>
    public static async Task<(int Exit, string Out, string Err)> RunAsync(string baseAddress, Dictionary<string, string>? env, params string[] args)
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

        psi.Environment["CAO_API_URL"] = baseAddress;
        foreach (var (key, value) in env ?? [])
        {
            psi.Environment[key] = value;
        }

        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Deadlines.Seconds(30));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stdout, await stderr);
    }
}
