using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace CaoOps.E2E.Tests.Support;

/// <summary>The published binary driven line by line, for what an SDK client hides: raw stdout, EOF and signals.</summary>
internal sealed partial class RawServer : IDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];

    public RawServer(string baseAddress, params string[] args)
    {
        var psi = new ProcessStartInfo(PublishedBinary.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args.Length == 0 ? ["mcp"] : args)
        {
            psi.ArgumentList.Add(a);
        }

        psi.Environment["CAO_API_URL"] = baseAddress;
        psi.Environment.Remove("CAO_AUTH_LOCAL_TOKEN");
        psi.Environment.Remove("CAO_API_TOKEN");
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stdout)
                {
                    _stdout.Add(e.Data);
                }
            }
        };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Process Process => _process;

    public IReadOnlyList<string> StdoutLines
    {
        get
        {
            lock (_stdout)
            {
                return [.. _stdout];
            }
        }
    }

    public void Send(string line)
    {
        _process.StandardInput.WriteLine(line);
        _process.StandardInput.Flush();
    }

    public void Initialize()
    {
        Send("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""");
        WaitForResponse("init");
        Send("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
    }

    /// <summary>Polls stdout until the response with this id arrives.</summary>
    public JsonElement WaitForResponse(string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? Deadlines.Seconds(10));
        while (DateTime.UtcNow < deadline)
        {
            foreach (var line in StdoutLines)
            {
                using var doc = JsonDocument.Parse(line);
                if (doc.RootElement.TryGetProperty("id", out var v) && v.ToString() == id)
                {
                    return doc.RootElement.Clone();
                }
            }

            Thread.Sleep(10);
        }

        throw new TimeoutException($"no response with id {id}; stdout so far:\n{string.Join('\n', StdoutLines)}");
    }

    public void CloseStdin() => _process.StandardInput.Close();

    public void Signal(int signal) => Assert.Equal(0, Kill(_process.Id, signal));

    /// <summary>Exit code, or null if it has not exited within the timeout.</summary>
    public int? WaitForExit(TimeSpan timeout) => _process.WaitForExit(timeout) ? _process.ExitCode : null;

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
