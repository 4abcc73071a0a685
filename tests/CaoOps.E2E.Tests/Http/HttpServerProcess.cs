using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using CaoOps.E2E.Tests.Support;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CaoOps.E2E.Tests.Http;

/// <summary>
/// The published cao-ops-http (dist/&lt;rid&gt;/cao-ops-http, beside cao-ops) serving <c>serve --http</c> on a free
/// loopback port, pointed at a CAO API double; clients are the SDK's own Streamable HTTP client.
/// </summary>
internal sealed class HttpServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stderr = [];

    private HttpServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public Uri Endpoint => new($"http://127.0.0.1:{Port}/mcp");

    public Uri Root => new($"http://127.0.0.1:{Port}/");

    public static string BinaryPath => Path.Combine(Path.GetDirectoryName(PublishedBinary.Path)!, OperatingSystem.IsWindows() ? "cao-ops-http.exe" : "cao-ops-http");

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>Runs the binary to completion (for start-up refusals); returns exit code and stderr.</summary>
    public static async Task<(int Code, string Stderr)> RunToExitAsync(string binary, Dictionary<string, string?> env, params string[] args)
    {
        using var p = Process.Start(StartInfo(binary, "http://127.0.0.1:1", env, args))!;
        p.StandardInput.Close();
        var stderr = p.StandardError.ReadToEndAsync();
        _ = p.StandardOutput.ReadToEndAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await p.WaitForExitAsync(cts.Token);
        return (p.ExitCode, await stderr);
    }

    public static async Task<HttpServerProcess> StartAsync(string caoBaseAddress, Dictionary<string, string?>? env = null, params string[] extraArgs)
    {
        for (var attempt = 0; ; attempt++)
        {
            var port = FreePort();
            var p = Process.Start(StartInfo(BinaryPath, caoBaseAddress, env ?? [], ["serve", "--http", $"127.0.0.1:{port}", .. extraArgs]))!;
            var server = new HttpServerProcess(p, port);
            var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            p.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null)
                {
                    listening.TrySetResult();
                    return;
                }

                lock (server._stderr)
                {
                    server._stderr.Add(e.Data);
                }

                if (e.Data.StartsWith("cao-ops: listening on", StringComparison.Ordinal))
                {
                    listening.TrySetResult();
                }
            };
            p.BeginErrorReadLine();
            p.StandardInput.Close();
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(60));
            if (!p.HasExited)
            {
                return server;
            }

            // The port was taken between FreePort and the bind: try another one.
            if (attempt >= 3 || !server.StderrText().Contains("cannot listen", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"cao-ops-http exited with {p.ExitCode}: {server.StderrText()}");
            }
        }
    }

    private static ProcessStartInfo StartInfo(string binary, string caoBaseAddress, Dictionary<string, string?> env, string[] args)
    {
        var start = new ProcessStartInfo(binary) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var v in McpHarness.ScrubbedVariables.Concat(["CAO_OPS_AUTH_JWKS_URI", "CAO_OPS_AUTH_ISSUER", "CAO_OPS_AUTH_AUDIENCE", "CAO_OPS_HTTP_BIN"]))
        {
            start.Environment.Remove(v);
        }

        start.Environment["CAO_API_URL"] = caoBaseAddress;
        foreach (var (k, v) in env)
        {
            start.Environment[k] = v;
        }

        return start;
    }

    public async Task<McpClient> ConnectAsync(string protocolVersion = "2025-11-25", Dictionary<string, string>? headers = null)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
            Name = "cao-ops-http",
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "cao-ops-http-e2e", Version = "1.0" }, ProtocolVersion = protocolVersion }, cancellationToken: cts.Token);
    }

    public string StderrText()
    {
        lock (_stderr)
        {
            return string.Join('\n', _stderr);
        }
    }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public void Signal(PosixSignal signal)
    {
        _ = kill(_process.Id, signal == PosixSignal.SIGTERM ? 15 : 2);
    }

    public Task WaitForExitAsync(TimeSpan timeout) => _process.WaitForExitAsync().WaitAsync(timeout);

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int sig);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Signal(PosixSignal.SIGTERM);
            try
            {
                await WaitForExitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                _process.Kill(entireProcessTree: true);
            }
        }

        _process.Dispose();
    }
}
