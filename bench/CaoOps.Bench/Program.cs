using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using CaoOps.Bench;

// cao-ops benchmark: run `./publish.sh`, then `dotnet run -c Release --project bench/CaoOps.Bench [-- options]`.
// Options: --runs N (startup runs per variant, default 30), --calls N (sequential calls, default 1000),
// --bursts N (concurrency bursts, default 5), --no-breakdown (skip timing `cao-ops --version`, the runtime start of this binary),
// --also LABEL=PATH (another cao-ops build in the startup round-robin, e.g. a variant published elsewhere),
// --no-write (do not update bench/results/latest.md), --strict (exit 1 on a missed target),
// --only catalogue (only the tools/list bytes per toolset, in about a second; writes nothing).
var options = Options.Parse(args);
var total = Stopwatch.StartNew();
var loadBefore = LoadAverage();
var caoOps = Workspace.CaoOpsBinary;
if (!File.Exists(caoOps))
{
    Console.Error.WriteLine($"{caoOps} does not exist: run ./publish.sh first.");
    return 2;
}

if (options.Only == "catalogue")
{
    var measured = Catalogue.Measure(caoOps);
    Console.WriteLine($"cao-ops {RunForLine(caoOps, "--version")} ({Path.GetRelativePath(Workspace.Root, caoOps)}): tools/list per selection");
    Console.WriteLine();
    Console.Write(Catalogue.Table(measured));
    Console.WriteLine();
    var judgedRows = Catalogue.Rows(measured).ToList();
    foreach (var r in judgedRows)
    {
        Console.WriteLine($"{r.Metric}: {r.Measured}; target {r.Target}{(r.Met is { } ok ? ok ? " — met" : " — **missed**" : string.Empty)}");
    }

    return options.Strict && judgedRows.Any(r => r.Met == false) ? 1 : 0;
}

var floor = Workspace.EnsureFloor(Console.Out);
var version = RunForLine(caoOps, "--version");
Console.WriteLine($"cao-ops {version} ({Path.GetRelativePath(Workspace.Root, caoOps)}) vs AOT echo floor ({Path.GetRelativePath(Workspace.Root, floor)})");

var variants = new List<StartupVariant>
{
    new("AOT echo floor", floor, [], StartupKind.Echo),
    new("cao-ops mcp", caoOps, ["mcp"], StartupKind.Mcp),
};
if (options.Breakdown)
{
    variants.Add(new("cao-ops --version (spawn → line / → exit)", caoOps, ["--version"], StartupKind.PrintAndExit));
}

foreach (var (label, path) in options.Also)
{
    variants.Add(new(label, path, ["mcp"], StartupKind.Mcp));
}

Console.WriteLine($"[1/3] startup: {options.Runs} runs each of {variants.Count} programs (+3 warm-up), interleaved round-robin ...");
var startup = await Benchmarks.StartupAsync(variants, "AOT echo floor", "cao-ops mcp", options.Runs, warmup: 3);
Console.WriteLine($"[2/3] {options.Calls} list_sessions via MCP vs {options.Calls} direct GET /sessions, then up to 2,000 calls for peak RSS ...");
var calls = await Benchmarks.CallsAsync(caoOps, options.Calls, warmup: 200, totalCalls: Math.Max(2000, options.Calls + 201));
Console.WriteLine($"[3/3] 32 concurrent get_session_info with a 200 ms API delay, {options.Bursts} bursts after a first one ...");
var concurrency = await Benchmarks.ConcurrencyAsync(caoOps, 32, TimeSpan.FromMilliseconds(200), options.Bursts);
Console.WriteLine("[+] fleet: list_sessions over 16 nodes answering in 100 ms each; profile validate over 200 generated profiles ...");
var fleet = await FleetAndProfiles.FleetFanOutAsync(caoOps, 16, TimeSpan.FromMilliseconds(100), options.Bursts);
var validate = FleetAndProfiles.ValidateProfiles(caoOps, 200, 10);
Console.WriteLine("[+] catalogue: tools/list bytes for the default selection, each toolset and all ...");
var catalogue = Catalogue.Measure(caoOps);
var size = new FileInfo(caoOps).Length;

var rows = new List<Row>();
var floorLimit = 3 * startup.Floor.Init.Median;
rows.Add(new($"spawn → `initialize` response, cao-ops (min / median / max, n={startup.Cao.Init.Count})",
    $"{startup.Cao.Init.MinMedMax()} — **{Fmt.N(startup.InitRatio, "0.0")}× floor** (min vs min: {Fmt.N(startup.Cao.Init.Min / startup.Floor.Init.Min, "0.0")}×)", $"≤ 3× floor (≤ {Fmt.Ms(floorLimit)})", startup.InitRatio <= 3));
rows.Add(new($"spawn → `initialize` response, AOT echo floor (n={startup.Floor.Init.Count})", startup.Floor.Init.MinMedMax(), "(floor)", null));
rows.Add(new("spawn → `tools/list` response, cao-ops", $"{startup.Cao.List.MinMedMax()} — {Fmt.N(startup.ListRatio, "0.0")}× floor", "—", null));
rows.Add(new("spawn → `tools/list` response, AOT echo floor", startup.Floor.List.MinMedMax(), "(floor)", null));
rows.Add(new("peak RSS (VmHWM), idle after handshake", $"{Fmt.MiB(calls.IdlePeakKiB)} (VmRSS {Fmt.MiB(calls.IdleRssKiB)})", "≤ 30 MiB", calls.IdlePeakKiB <= 30 * 1024));
rows.Add(new($"peak RSS (VmHWM) after {calls.TotalCalls:N0} tool calls", $"{Fmt.MiB(calls.CallsPeakKiB)} (VmRSS {Fmt.MiB(calls.CallsRssKiB)})", "≤ 30 MiB", calls.CallsPeakKiB <= 30 * 1024));
rows.Add(new($"MCP overhead per call, median (`list_sessions` via MCP − direct `GET /sessions`, n={calls.Mcp.Count})",
    $"**{Fmt.Ms(calls.MedianOverhead, "0.000")}** ({Fmt.Ms(calls.Mcp.Median, "0.000")} − {Fmt.Ms(calls.Http.Median, "0.000")}; paired median {Fmt.Ms(calls.PairedDiff.Median, "0.000")})",
    "≤ 0.5 ms", calls.MedianOverhead <= 0.5));
rows.Add(new("MCP overhead per call, mean",
    $"**{Fmt.Ms(calls.MeanOverhead, "0.000")}** ({Fmt.Ms(calls.Mcp.Mean, "0.000")} − {Fmt.Ms(calls.Http.Mean, "0.000")})", "≤ 0.5 ms", calls.MeanOverhead <= 0.5));
rows.Add(new("`list_sessions` via MCP, p95 / p99 / max", $"{Fmt.Ms(calls.Mcp.P95, "0.00")} / {Fmt.Ms(calls.Mcp.P99, "0.00")} / {Fmt.Ms(calls.Mcp.Max, "0.00")}", "—", null));
rows.Add(new("direct `GET /sessions` (HttpClient), p95 / p99 / max", $"{Fmt.Ms(calls.Http.P95, "0.00")} / {Fmt.Ms(calls.Http.P99, "0.00")} / {Fmt.Ms(calls.Http.Max, "0.00")}", "—", null));
rows.Add(new("first tool call after the handshake (`list_sessions`, new connection)", Fmt.Ms(calls.FirstCallMs, "0.00"), "—", null));
rows.Add(new($"{concurrency.Calls} concurrent `get_session_info`, API delay 200 ms: wall time (median of {concurrency.Bursts.Count} bursts; min / max)",
    $"**{Fmt.Ms(concurrency.Bursts.Median)}** ({Fmt.Ms(concurrency.Bursts.Min)} / {Fmt.Ms(concurrency.Bursts.Max)})", "< 400 ms", concurrency.Bursts.Median < 400));
rows.Add(new("same, first burst (opens the 32 connections)", Fmt.Ms(concurrency.FirstBurstMs), "< 400 ms", concurrency.FirstBurstMs < 400));
rows.Add(new($"fleet-wide `list_sessions` over {fleet.Nodes} nodes, each answering in {fleet.NodeDelay.TotalMilliseconds:0} ms (median of {fleet.Rounds.Count}; first)",
    $"**{Fmt.Ms(fleet.Rounds.Median)}** (first {Fmt.Ms(fleet.FirstMs)})", "≈ one node's latency, not 16×", fleet.Rounds.Median < 2 * fleet.NodeDelay.TotalMilliseconds));
rows.Add(new($"`cao-ops profile validate` over {validate.Profiles} generated profiles, whole process (min / median / max, n={validate.Runs.Count})",
    $"**{validate.Runs.MinMedMax()}**", "well under 1 s", validate.Runs.Median < 1000));
rows.AddRange(Catalogue.Rows(catalogue));
rows.Add(new($"binary size of {Path.GetRelativePath(Workspace.Root, caoOps)}",
    $"{size.ToString("N0", CultureInfo.InvariantCulture)} B ({Fmt.N(size / 1e6, "0.00")} MB, {Fmt.N(size / 1048576.0, "0.00")} MiB)", "≤ 15 MB", size <= 15_000_000));

var table = new StringBuilder();
table.AppendLine("| Metric | Measured | Target | Result |");
table.AppendLine("|---|---|---|---|");
foreach (var r in rows)
{
    table.AppendLine($"| {r.Metric} | {r.Measured} | {r.Target} | {(r.Met is null ? "—" : r.Met.Value ? "met" : "**missed**")} |");
}

if (variants.Count > 2)
{
    table.AppendLine();
    table.AppendLine("Startup comparison (same interleaved rounds; ms, min / median / max):");
    table.AppendLine();
    table.AppendLine("| Program | size | spawn → initialize (or first line) | spawn → tools/list (or exit) | × floor (median) |");
    table.AppendLine("|---|---:|---|---|---:|");
    foreach (var v in variants)
    {
        var sample = startup.ByLabel[v.Label];
        var bytes = new FileInfo(v.Path).Length;
        table.AppendLine($"| {v.Label} | {Fmt.N(bytes / 1048576.0, "0.00")} MiB | {sample.Init.MinMedMax()} | {sample.List.MinMedMax()} | {Fmt.N(sample.Init.Median / startup.Floor.Init.Median, "0.0")}× |");
    }
}

table.AppendLine();
table.AppendLine("Catalogue cost, what every conversation pays to load the tools (`tools/list` result as compact JSON with non-ASCII as \\uXXXX, as issue 10 counts; the last column is the exact response line):");
table.AppendLine();
table.Append(Catalogue.Table(catalogue));

var met = rows.Count(r => r.Met == true);
var judged = rows.Count(r => r.Met is not null);
var elapsed = total.Elapsed;
var machine = $"{Environment.ProcessorCount} CPUs, {RuntimeInformation.OSDescription}, {RuntimeInformation.OSArchitecture}, driver .NET {Environment.Version}; "
    + $"load average (1 min) {loadBefore} before, {LoadAverage()} after";
var summary = $"{met} of {judged} targets met; bench took {elapsed.TotalSeconds:0} s (after build).";
Console.WriteLine();
Console.Write(table);
Console.WriteLine();
Console.WriteLine(summary);
Console.WriteLine(machine);

if (!options.NoWrite)
{
    var path = Path.Combine(Workspace.Root, "bench", "results", "latest.md");
    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
    var md = new StringBuilder();
    md.AppendLine("# cao-ops benchmark: latest results");
    md.AppendLine();
    md.AppendLine($"- date: {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
    md.AppendLine($"- binary: `{Path.GetRelativePath(Workspace.Root, caoOps)}` {version}");
    md.AppendLine($"- machine: {machine}");
    md.AppendLine($"- command: `dotnet run -c Release --project bench/CaoOps.Bench{(args.Length > 0 ? " -- " + string.Join(' ', args) : string.Empty)}`");
    md.AppendLine();
    md.Append(table);
    md.AppendLine();
    md.AppendLine(summary);
    File.WriteAllText(path, md.ToString());
    Console.WriteLine($"written to {Path.GetRelativePath(Workspace.Root, path)}");
}

return options.Strict && met < judged ? 1 : 0;

static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";

static string RunForLine(string path, string arg)
{
    var psi = new ProcessStartInfo(path, arg) { RedirectStandardOutput = true, UseShellExecute = false };
    using var p = Process.Start(psi)!;
    var text = p.StandardOutput.ReadToEnd().Trim();
    p.WaitForExit();
    return text;
}

internal sealed record Row(string Metric, string Measured, string Target, bool? Met);

internal sealed record Options(int Runs, int Calls, int Bursts, bool NoWrite, bool Strict, bool Breakdown, IReadOnlyList<(string Label, string Path)> Also, string? Only = null)
{
    public static Options Parse(string[] args)
    {
        var o = new Options(30, 1000, 5, false, false, true, []);
        for (var i = 0; i < args.Length; i++)
        {
            int Next() => int.Parse(args[++i], CultureInfo.InvariantCulture);
            o = args[i] switch
            {
                "--runs" => o with { Runs = Math.Max(20, Next()) },
                "--calls" => o with { Calls = Math.Max(100, Next()) },
                "--bursts" => o with { Bursts = Math.Max(1, Next()) },
                "--no-write" => o with { NoWrite = true },
                "--strict" => o with { Strict = true },
                "--no-breakdown" => o with { Breakdown = false },
                "--also" => o with { Also = [.. o.Also, ParseAlso(args[++i])] },
                "--only" when i + 1 < args.Length && args[i + 1] == "catalogue" => o with { Only = args[++i], NoWrite = true },
                _ => throw new ArgumentException($"unknown option '{args[i]}' (valid: --runs N, --calls N, --bursts N, --no-breakdown, --also LABEL=PATH, --no-write, --strict, --only catalogue)"),
            };
        }

        return o;
    }

    private static (string Label, string Path) ParseAlso(string spec)
    {
        var eq = spec.IndexOf('=', StringComparison.Ordinal);
        var (label, path) = eq > 0 ? (spec[..eq], spec[(eq + 1)..]) : (Path.GetFileName(Path.GetDirectoryName(spec)) ?? spec, spec);
        return File.Exists(path) ? (label, Path.GetFullPath(path)) : throw new FileNotFoundException($"--also: {path} does not exist");
    }
}
