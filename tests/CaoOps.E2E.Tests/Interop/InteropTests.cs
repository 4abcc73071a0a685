using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using Xunit.Abstractions;

namespace CaoOps.E2E.Tests.Interop;

/// <summary>
/// The interop suite (tests/Interop/*.test.mjs) inside <c>dotnet test</c>: one case per Node test file. Each case starts
/// a CAO API double seeded with what that file needs, runs <c>node --test</c> (Node 22 from the suite's node_modules)
/// against the published binary, and fails with the failing subtests of its TAP report.
/// </summary>
public sealed class InteropTests(ITestOutputHelper output)
{
    /// <summary>Longest one file may run (its steps have their own, shorter, timeouts).</summary>
    private static readonly TimeSpan Deadline = TimeSpan.FromMinutes(4);

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in InteropSuite.TestFiles())
        {
            data.Add(file);
        }

        return data;
    }

    [InteropTheory]
    [MemberData(nameof(Files))]
    public async Task Node_test_file_passes(string file)
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(20) });
        var seed = Seed(file, api);
        var clock = Stopwatch.StartNew();
        var (exit, tap, stderr, timedOut) = await RunAsync(file, api.BaseAddress, seed);
        output.WriteLine($"{file}: exit {exit} in {clock.Elapsed.TotalSeconds:0.0} s");
        output.WriteLine(tap);
        Assert.False(timedOut, $"{file} did not finish within {Deadline.TotalMinutes:0} minutes (killed).\n{Failures(tap)}\n{stderr}");
        Assert.True(exit == 0, $"{file} failed (exit {exit}):\n{Failures(tap)}\n{Tail(stderr, 4000)}");
    }

    /// <summary>The API double's state each file expects, and what it is told about it (INTEROP_SEED, JSON).</summary>
    private static string Seed(string file, CaoApiDouble api)
    {
        var seed = new Dictionary<string, string>();
        switch (file)
        {
            case "sdk-sessions-terminals.test.mjs":
                seed["busy"] = api.SeedSession("cao-busy", status: "processing");
                break;
            case "sdk-protocol.test.mjs":
                seed["demo"] = api.SeedSession("cao-demo");
                break;
            case "sdk-flows-workflows.test.mjs":
                api.SeedWorkflow(new WorkflowSeed("ops_inputs")
                {
                    Inputs =
                    [
                        new WorkflowInputSeed("target", "string", Required: true),
                        new WorkflowInputSeed("count", "int", DefaultJson: "2"),
                        new WorkflowInputSeed("verbose", "bool", DefaultJson: "false"),
                    ],
                    Steps = [new WorkflowStepSeed("inspect") { Duration = TimeSpan.FromMilliseconds(300) }, new WorkflowStepSeed("report") { Duration = TimeSpan.FromMilliseconds(300) }],
                    Output = inputs => $"{{\"inputs\":{inputs.GetRawText()},\"answer\":\"inspected {inputs.GetProperty("target").GetString()}\"}}",
                });
                api.SeedWorkflow(new WorkflowSeed("ops_long")
                {
                    Steps = [new WorkflowStepSeed("warm-up") { Duration = TimeSpan.Zero }, new WorkflowStepSeed("slow") { Duration = null, RerunDuration = TimeSpan.FromMilliseconds(300) }],
                    Output = _ => "{\"first\":\"warm up\",\"slow\":\"slept\"}",
                });
                break;
        }

        return JsonSerializer.Serialize(seed);
    }

    private static async Task<(int Exit, string Tap, string Stderr, bool TimedOut)> RunAsync(string file, string baseAddress, string seed)
    {
        var psi = new ProcessStartInfo(InteropSuite.Node!)
        {
            WorkingDirectory = InteropSuite.Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in new[] { "--test", "--test-reporter=tap", "--test-timeout=180000", file })
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var name in psi.Environment.Keys.Where(k => k.StartsWith("CAO_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(name);
        }

        psi.Environment["CAO_OPS_BIN"] = PublishedBinary.Path;
        psi.Environment["CAO_API_URL"] = baseAddress;
        psi.Environment["INTEROP_SEED"] = seed;
        psi.Environment["NO_COLOR"] = "1";

        using var p = Process.Start(psi)!;
        p.StandardInput.Close();
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(Deadline);
        var timedOut = false;
        try
        {
            await p.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            timedOut = true;
            p.Kill(entireProcessTree: true);
            await p.WaitForExitAsync();
        }

        return (p.ExitCode, await stdout, await stderr, timedOut);
    }

    /// <summary>The failing subtests of a TAP report (each "not ok" line with the head of its YAML block), and the summary.</summary>
    internal static string Failures(string tap)
    {
        var lines = tap.Split('\n');
        var report = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var trimmed = line.TrimStart();
            if (trimmed.StartsWith("not ok ", StringComparison.Ordinal))
            {
                var indent = line.Length - trimmed.Length;
                var block = new StringBuilder(line).Append('\n');
                // the YAML block that follows (deeper indented), up to its closing "..."
                for (var j = i + 1; j < lines.Length && (lines[j].Length == 0 || lines[j].Length - lines[j].TrimStart().Length > indent); j++)
                {
                    block.Append(lines[j]).Append('\n');
                    if (lines[j].Trim() == "...")
                    {
                        break;
                    }
                }

                report.Append(block.Length <= 4000 ? block.ToString() : block.ToString(0, 4000) + "…\n");
            }
            else if (line.StartsWith("# tests ", StringComparison.Ordinal) || line.StartsWith("# pass ", StringComparison.Ordinal) || line.StartsWith("# fail ", StringComparison.Ordinal))
            {
                report.AppendLine(line);
            }
        }

        return report.Length > 0 ? Tail(report.ToString(), 40_000) : Tail(tap, 8000);
    }

    private static string Tail(string text, int max) => text.Length <= max ? text : "…" + text[^max..];
}
