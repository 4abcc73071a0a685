using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CaoOps.Testing;

namespace CaoOps.Bench;

internal sealed record FleetResult(int Nodes, TimeSpan NodeDelay, double FirstMs, Stats Rounds);

internal sealed record ValidateResult(int Profiles, Stats Runs);

/// <summary>Fleet fan-out (issue 6) and offline profile validation (issue 3).</summary>
internal static class FleetAndProfiles
{
    /// <summary>Fleet-wide list_sessions over <paramref name="nodes"/> doubles on 127.0.0.x, each answering after <paramref name="delay"/>.</summary>
    public static async Task<FleetResult> FleetFanOutAsync(string caoOps, int nodes, TimeSpan delay, int rounds)
    {
        var doubles = new List<CaoApiDouble>();
        var fleetFile = Path.Combine(Path.GetTempPath(), $"cao-ops-bench-fleet-{Environment.ProcessId}.json");
        try
        {
            for (var i = 0; i < nodes; i++)
            {
                var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Host = $"127.0.0.{20 + i}", ResponseDelay = delay, RecordRequests = false });
                api.SeedSession($"cao-n{i:00}");
                doubles.Add(api);
            }

            var machines = string.Join(",", doubles.Select((d, i) => $$"""{"name":"n{{i:00}}","host":"127.0.0.{{20 + i}}","port":{{d.Port}}}"""));
            await File.WriteAllTextAsync(fleetFile, $$"""{"port":9889,"machines":[{{machines}}]}""");
            using var peer = StdioPeer.Start(caoOps, ["mcp", "--fleet", fleetFile], Benchmarks.CaoEnv("http://127.0.0.1:9"));
            long id = 0;
            peer.Write(StdioPeer.InitializeRequest(++id));
            StdioPeer.ExpectResult(peer.ReadUntilId(id), id);
            peer.Write(StdioPeer.InitializedNotification);

            double Round()
            {
                var clock = Stopwatch.StartNew();
                peer.Write(StdioPeer.ToolCallRequest(++id, "list_sessions"));
                var line = peer.ReadUntilId(id);
                var elapsed = clock.Elapsed.TotalMilliseconds;
                var result = StdioPeer.ExpectResult(line, id);
                var count = result.GetProperty("structuredContent").GetProperty("sessions").GetArrayLength();
                if (count != nodes)
                {
                    throw new InvalidOperationException($"fleet-wide list_sessions returned {count} sessions, expected {nodes}: {line}");
                }

                return elapsed;
            }

            var first = Round();
            var samples = Enumerable.Range(0, rounds).Select(_ => Round()).ToList();
            peer.CloseAndWait(TimeSpan.FromSeconds(5));
            return new FleetResult(nodes, delay, first, Stats.Of(samples));
        }
        finally
        {
            foreach (var d in doubles)
            {
                await d.DisposeAsync();
            }

            File.Delete(fleetFile);
        }
    }

    /// <summary>`cao-ops profile validate DIR` over <paramref name="count"/> generated profiles, whole process, <paramref name="runs"/> times.</summary>
    public static ValidateResult ValidateProfiles(string caoOps, int count, int runs)
    {
        var dir = Directory.CreateTempSubdirectory("cao-ops-bench-profiles-").FullName;
        try
        {
            for (var i = 0; i < count; i++)
            {
                var body = new StringBuilder();
                for (var line = 0; line < 40; line++)
                {
                    body.Append("- Rule ").Append(line).Append(": keep the build green, write tests, explain choices.\n");
                }

                var text = $"""
                    ---
                    name: agent-{i:000}
                    description: Generated profile {i} for the validation benchmark
                    provider: {(i % 2 == 0 ? "claude_code" : "kiro_cli")}
                    role: developer
                    tags: [bench, generated]
                    mcpServers:
                      cao-mcp-server:
                        type: stdio
                        command: cao-mcp-server
                        args: []
                    ---
                    # Agent {i}

                    {body}
                    """;
                var path = i % 5 == 0 ? Path.Combine(dir, $"agent-{i:000}", "agent.md") : Path.Combine(dir, $"agent-{i:000}.md");
                Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                File.WriteAllText(path, text);
            }

            var samples = new List<double>();
            for (var r = 0; r < runs + 1; r++)
            {
                var psi = new ProcessStartInfo(caoOps) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                psi.ArgumentList.Add("profile");
                psi.ArgumentList.Add("validate");
                psi.ArgumentList.Add(dir);
                var clock = Stopwatch.StartNew();
                using var p = Process.Start(psi)!;
                var stdout = p.StandardOutput.ReadToEndAsync();
                var stderr = p.StandardError.ReadToEndAsync();
                p.WaitForExit();
                var elapsed = clock.Elapsed.TotalMilliseconds;
                if (p.ExitCode != 0)
                {
                    throw new InvalidOperationException($"profile validate exited {p.ExitCode}: {stdout.Result}{stderr.Result}");
                }

                if (r > 0)
                {
                    samples.Add(elapsed); // the first run warms the page cache
                }
            }

            return new ValidateResult(count, Stats.Of(samples));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
