using System.Diagnostics;
using System.Net;
using System.Text;
using CaoOps.Testing;

namespace CaoOps.Bench;

/// <summary>A program started in the startup round-robin.</summary>
/// <param name="Label">Row label.</param>
/// <param name="Path">Executable.</param>
/// <param name="Args">Arguments.</param>
/// <param name="Kind">How it is timed.</param>
internal sealed record StartupVariant(string Label, string Path, string[] Args, StartupKind Kind);

internal enum StartupKind
{
    /// <summary>cao-ops style MCP server: initialize, then tools/list; both results are validated.</summary>
    Mcp,

    /// <summary>The echo floor: the same two lines, answered by echo.</summary>
    Echo,

    /// <summary>A command that prints one line and exits (e.g. --version): spawn → first line, and spawn → exit.</summary>
    PrintAndExit,
}

internal sealed record StartupSample(Stats Init, Stats List);

internal sealed record StartupResult(IReadOnlyDictionary<string, StartupSample> ByLabel, string FloorLabel, string CaoLabel)
{
    public StartupSample Floor => ByLabel[FloorLabel];

    public StartupSample Cao => ByLabel[CaoLabel];

    public double InitRatio => Cao.Init.Median / Floor.Init.Median;

    public double ListRatio => Cao.List.Median / Floor.List.Median;
}

internal sealed record CallResult(Stats Mcp, Stats Http, Stats PairedDiff, double FirstCallMs, long IdlePeakKiB, long IdleRssKiB, long CallsPeakKiB, long CallsRssKiB, int TotalCalls)
{
    public double MedianOverhead => Mcp.Median - Http.Median;

    public double MeanOverhead => Mcp.Mean - Http.Mean;
}

internal sealed record ConcurrencyResult(int Calls, TimeSpan ApiDelay, double FirstBurstMs, Stats Bursts);

/// <summary>The measurements. Each one starts its own API double and cao-ops process(es).</summary>
internal static class Benchmarks
{
    private static readonly string[] ScrubbedVariables =
    [
        "CAO_API_URL", "CAO_API_HOST", "CAO_API_PORT", "CAO_AUTH_LOCAL_TOKEN", "CAO_API_TOKEN", "CAO_OPS_TIMEOUT",
        "CAO_OPS_LAUNCH_TIMEOUT", "CAO_OPS_CONNECT_TIMEOUT", "CAO_OPS_READ_ONLY", "CAO_OPS_TOOLS", "CAO_OPS_EXCLUDE_TOOLS", "CAO_OPS_TOOLSETS", "CAO_OPS_LOG", "CAO_FLEET",
    ];

    private static readonly byte[] Initialized = StdioPeer.Encode(StdioPeer.InitializedNotification);

    public static Dictionary<string, string?> CaoEnv(string baseAddress)
    {
        var env = ScrubbedVariables.ToDictionary(v => v, _ => (string?)null);
        env["CAO_API_URL"] = baseAddress;
        return env;
    }

    /// <summary>
    /// spawn → initialize response and → tools/list response for every variant, interleaved round-robin (the order
    /// rotates every round) so the VM's background noise hits all of them alike.
    /// </summary>
    public static async Task<StartupResult> StartupAsync(IReadOnlyList<StartupVariant> variants, string floorLabel, string caoLabel, int runs, int warmup)
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Host = "127.0.0.1" });
        var caoEnv = CaoEnv(api.BaseAddress);
        var init = variants.ToDictionary(v => v.Label, _ => new List<double>());
        var list = variants.ToDictionary(v => v.Label, _ => new List<double>());
        for (var round = -warmup; round < runs; round++)
        {
            var shift = ((round % variants.Count) + variants.Count) % variants.Count;
            foreach (var variant in variants.Skip(shift).Concat(variants.Take(shift)))
            {
                var (i, l) = Spawn(variant, caoEnv);
                if (round >= 0)
                {
                    init[variant.Label].Add(i);
                    list[variant.Label].Add(l);
                }
            }
        }

        if (api.Requests.Count != 0)
        {
            throw new InvalidOperationException("the handshake must not call the CAO API");
        }

        return new StartupResult(variants.ToDictionary(v => v.Label, v => new StartupSample(Stats.Of(init[v.Label]), Stats.Of(list[v.Label]))), floorLabel, caoLabel);
    }

    private static (double First, double Second) Spawn(StartupVariant variant, IReadOnlyDictionary<string, string?> caoEnv)
    {
        if (variant.Kind == StartupKind.PrintAndExit)
        {
            var clock = Stopwatch.StartNew();
            using var p = StdioPeer.Start(variant.Path, variant.Args, caoEnv);
            p.ReadLine();
            var first = clock.Elapsed.TotalMilliseconds;
            var code = p.CloseAndWait(TimeSpan.FromSeconds(5));
            var exit = clock.Elapsed.TotalMilliseconds;
            return code == 0 ? (first, exit) : throw new InvalidOperationException($"{variant.Label} exited {code}");
        }

        return SpawnAndHandshake(variant.Path, variant.Args, variant.Kind == StartupKind.Mcp ? caoEnv : new Dictionary<string, string?>(), validate: variant.Kind == StartupKind.Mcp);
    }

    private static (double InitMs, double ListMs) SpawnAndHandshake(string path, string[] args, IReadOnlyDictionary<string, string?> env, bool validate)
    {
        var initRequest = StdioPeer.Encode(StdioPeer.InitializeRequest(1));
        var listRequest = StdioPeer.Encode(StdioPeer.ToolsListRequest(2));
        var clock = Stopwatch.StartNew();
        using var peer = StdioPeer.Start(path, args, env);
        peer.Write(initRequest);
        var initLine = peer.ReadUntilId(1);
        var init = clock.Elapsed.TotalMilliseconds;
        peer.Write(Initialized);
        peer.Write(listRequest);
        var listLine = peer.ReadUntilId(2);
        var list = clock.Elapsed.TotalMilliseconds;
        if (validate)
        {
            var result = StdioPeer.ExpectResult(initLine, 1);
            if (result.GetProperty("protocolVersion").GetString() != StdioPeer.ProtocolVersion)
            {
                throw new InvalidOperationException("unexpected protocolVersion: " + initLine);
            }

            if (StdioPeer.ExpectResult(listLine, 2).GetProperty("tools").GetArrayLength() == 0)
            {
                throw new InvalidOperationException("tools/list returned no tools");
            }
        }

        var code = peer.CloseAndWait(TimeSpan.FromSeconds(5));
        if (code != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(path)} exited {code}");
        }

        return (init, list);
    }

    /// <summary>
    /// N sequential list_sessions calls through cao-ops vs the same N GET /sessions made directly with HttpClient
    /// against the same double, interleaved call by call. Peak RSS is read after the handshake and after
    /// <paramref name="totalCalls"/> tool calls (the remainder is a mix of the other read tools).
    /// </summary>
    public static async Task<CallResult> CallsAsync(string caoOps, int calls, int warmup, int totalCalls)
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Host = "127.0.0.1" });
        var terminals = Enumerable.Range(0, 5).Select(i => api.SeedSession($"cao-bench{i}")).ToArray();
        using var peer = StdioPeer.Start(caoOps, ["mcp"], CaoEnv(api.BaseAddress));
        long id = 0;
        peer.Write(StdioPeer.InitializeRequest(++id));
        StdioPeer.ExpectResult(peer.ReadUntilId(id), id);
        peer.Write(Initialized);
        peer.Write(StdioPeer.ToolsListRequest(++id));
        StdioPeer.ExpectResult(peer.ReadUntilId(id), id);
        var (idlePeak, idleRss) = peer.Memory();

        using var http = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
        })
        {
            BaseAddress = api.BaseUrl,
        };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("cao-ops-bench/1");

        var toolCalls = 0;
        double McpCall(string tool = "list_sessions", string args = "{}")
        {
            var request = StdioPeer.Encode(StdioPeer.ToolCallRequest(++id, tool, args));
            var clock = Stopwatch.StartNew();
            peer.Write(request);
            var line = peer.ReadUntilId(id);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            StdioPeer.ExpectToolSuccess(line, id);
            toolCalls++;
            return elapsed;
        }

        async Task<double> HttpCall()
        {
            var clock = Stopwatch.StartNew();
            using var response = await http.GetAsync(new Uri("/sessions", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            if (response.StatusCode != HttpStatusCode.OK || body.Length < 2)
            {
                throw new InvalidOperationException($"GET /sessions answered {(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
            }

            return elapsed;
        }

        await HttpCall(); // warms the in-process double, so the first MCP call measures cao-ops alone
        var first = McpCall();
        for (var i = 0; i < warmup; i++)
        {
            McpCall();
            await HttpCall();
        }

        var mcp = new List<double>(calls);
        var direct = new List<double>(calls);
        var paired = new List<double>(calls);
        for (var i = 0; i < calls; i++)
        {
            double m, h;
            if (i % 2 == 0)
            {
                m = McpCall();
                h = await HttpCall();
            }
            else
            {
                h = await HttpCall();
                m = McpCall();
            }

            mcp.Add(m);
            direct.Add(h);
            paired.Add(m - h);
        }

        // Top up to totalCalls tool calls with the other read tools, then read the peak RSS.
        var mix = new (string Tool, Func<int, string> Args)[]
        {
            ("get_session_info", i => $$"""{"session_name":"cao-bench{{i % 5}}"}"""),
            ("get_terminal_status", i => $$"""{"terminal_id":"{{terminals[i % 5]}}"}"""),
            ("get_terminal_output", i => $$"""{"terminal_id":"{{terminals[i % 5]}}","mode":"full","clean":true}"""),
            ("read_session_output", i => $$"""{"session_name":"cao-bench{{i % 5}}","max_chars":200}"""),
            ("list_profiles", _ => "{}"),
            ("list_sessions", _ => "{}"),
        };
        for (var i = 0; toolCalls < totalCalls; i++)
        {
            var (tool, args) = mix[i % mix.Length];
            McpCall(tool, args(i));
        }

        var (callsPeak, callsRss) = peer.Memory();
        var code = peer.CloseAndWait(TimeSpan.FromSeconds(5));
        if (code != 0)
        {
            throw new InvalidOperationException($"cao-ops exited {code}");
        }

        return new CallResult(Stats.Of(mcp), Stats.Of(direct), Stats.Of(paired), first, idlePeak, idleRss, callsPeak, callsRss, toolCalls);
    }

    /// <summary>
    /// <paramref name="calls"/> get_session_info calls written at once against a double that delays every answer by
    /// <paramref name="apiDelay"/>: wall time until the last response. The first burst also opens the connections.
    /// </summary>
    public static async Task<ConcurrencyResult> ConcurrencyAsync(string caoOps, int calls, TimeSpan apiDelay, int bursts)
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Host = "127.0.0.1", ResponseDelay = apiDelay });
        for (var i = 0; i < calls; i++)
        {
            api.SeedSession($"cao-c{i:00}");
        }

        using var peer = StdioPeer.Start(caoOps, ["mcp"], CaoEnv(api.BaseAddress));
        long id = 0;
        peer.Write(StdioPeer.InitializeRequest(++id));
        StdioPeer.ExpectResult(peer.ReadUntilId(id), id);
        peer.Write(Initialized);

        double Burst()
        {
            var ids = new HashSet<long>();
            var lines = new StringBuilder();
            for (var i = 0; i < calls; i++)
            {
                ids.Add(++id);
                lines.Append(StdioPeer.ToolCallRequest(id, "get_session_info", $$"""{"session_name":"cao-c{{i:00}}"}""")).Append('\n');
            }

            var bytes = Encoding.UTF8.GetBytes(lines.ToString());
            var received = new List<string>(calls);
            var clock = Stopwatch.StartNew();
            peer.Write(bytes);
            while (received.Count < calls)
            {
                received.Add(peer.ReadLine());
            }

            var elapsed = clock.Elapsed.TotalMilliseconds;
            foreach (var line in received)
            {
                using var doc = System.Text.Json.JsonDocument.Parse(line);
                var rid = doc.RootElement.GetProperty("id").GetInt64();
                if (!ids.Remove(rid))
                {
                    throw new InvalidOperationException("unexpected response: " + line);
                }

                StdioPeer.ExpectToolSuccess(line, rid);
            }

            return elapsed;
        }

        var first = Burst();
        var samples = new List<double>();
        for (var b = 0; b < bursts; b++)
        {
            samples.Add(Burst());
        }

        peer.CloseAndWait(TimeSpan.FromSeconds(5));
        return new ConcurrencyResult(calls, apiDelay, first, Stats.Of(samples));
    }
}
