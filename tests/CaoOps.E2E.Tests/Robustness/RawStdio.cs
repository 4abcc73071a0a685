using System.Diagnostics;
using System.Text;
using System.Text.Json;
using CaoOps.E2E.Tests.Support;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>
/// The published binary driven with raw bytes on stdin (invalid UTF-8 and multi-megabyte lines included), with every
/// stdout line checked as it arrives: it must be valid UTF-8 and a JSON object with "jsonrpc":"2.0". Responses are
/// indexed by id so a test can wait for many of them; all waits poll with a deadline.
/// </summary>
internal sealed class RawStdio : IDisposable
{
    private static readonly string[] ScrubbedVariables =
    [
        "CAO_API_URL", "CAO_API_HOST", "CAO_API_PORT", "CAO_AUTH_LOCAL_TOKEN", "CAO_API_TOKEN", "CAO_OPS_TIMEOUT",
        "CAO_OPS_LAUNCH_TIMEOUT", "CAO_OPS_CONNECT_TIMEOUT", "CAO_OPS_READ_ONLY", "CAO_OPS_TOOLS", "CAO_OPS_EXCLUDE_TOOLS", "CAO_OPS_LOG",
    ];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly Thread _stdoutReader;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonElement> _responses = new(StringComparer.Ordinal);
    private readonly List<string> _violations = [];
    private readonly List<string> _stderr = [];
    private readonly List<JsonElement> _messages = [];
    private int _lineCount;

    private RawStdio(Process process)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stdoutReader = new Thread(ReadStdout) { IsBackground = true, Name = "raw-stdout" };
        _stdoutReader.Start();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_gate)
                {
                    _stderr.Add(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
    }

    public static RawStdio Start(string baseAddress, IReadOnlyDictionary<string, string?>? env = null)
    {
        var psi = new ProcessStartInfo(PublishedBinary.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("mcp");
        foreach (var v in ScrubbedVariables)
        {
            psi.Environment.Remove(v);
        }

        psi.Environment["CAO_API_URL"] = baseAddress;
        foreach (var (key, value) in env ?? new Dictionary<string, string?>())
        {
            psi.Environment[key] = value;
        }

        return new RawStdio(Process.Start(psi)!);
    }

    public bool HasExited => _process.HasExited;

    public int ProcessId => _process.Id;

    /// <summary>Every JSON-RPC object written to stdout so far, in order (answers with "id": null included).</summary>
    public IReadOnlyList<JsonElement> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>The peak resident set size of the server so far (VmHWM), in bytes.</summary>
    public long PeakRssBytes() =>
        (MeasuredCli.ReadPeakKiB(_process.Id) ?? throw new InvalidOperationException($"/proc/{_process.Id}/status has no VmHWM")) * 1024;

    public int StdoutLineCount => Volatile.Read(ref _lineCount);

    /// <summary>stdout lines that were not UTF-8 JSON-RPC 2.0 objects (clipped).</summary>
    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_gate)
            {
                return [.. _violations];
            }
        }
    }

    public string StderrText()
    {
        lock (_gate)
        {
            return string.Join('\n', _stderr);
        }
    }

    /// <summary>The key under which a response with this id is indexed: "s:" + string id, or "n:" + number text.</summary>
    public static string Key(string id) => "s:" + id;

    /// <summary>Writes one line (a newline is appended) exactly as given.</summary>
    public void SendBytes(byte[] line)
    {
        _stdin.Write(line);
        _stdin.WriteByte((byte)'\n');
        _stdin.Flush();
    }

    public void Send(string line) => SendBytes(Encoding.UTF8.GetBytes(line));

    /// <summary>Raw initialize (protocolVersion 2025-06-18) and notifications/initialized.</summary>
    public async Task InitializeAsync()
    {
        Send("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"robustness","version":"1"}}}""");
        var init = await WaitAsync("init", Deadlines.Seconds(15));
        Assert.Equal("2025-06-18", init.GetProperty("result").GetProperty("protocolVersion").GetString());
        Send("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
    }

    public async Task<JsonElement> RequestAsync(string id, string method, string? paramsJson = null, TimeSpan? timeout = null)
    {
        Send($$"""{"jsonrpc":"2.0","id":{{JsonSerializer.Serialize(id)}},"method":"{{method}}"{{(paramsJson is null ? string.Empty : ",\"params\":" + paramsJson)}}}""");
        return await WaitAsync(id, timeout ?? Deadlines.Seconds(15));
    }

    /// <summary>ping answers {} — the liveness check after abuse.</summary>
    public async Task AssertPingAsync(string id)
    {
        var r = await RequestAsync(id, "ping");
        Assert.Equal(JsonValueKind.Object, r.GetProperty("result").ValueKind);
    }

    public bool TryGetResponse(string id, out JsonElement response)
    {
        lock (_gate)
        {
            return _responses.TryGetValue(Key(id), out response);
        }
    }

    public async Task<JsonElement> WaitAsync(string id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (TryGetResponse(id, out var r))
            {
                return r;
            }

            if (DateTime.UtcNow >= deadline || _process.HasExited)
            {
                throw new TimeoutException($"no response with id '{id}' within {timeout.TotalSeconds} s (exited: {_process.HasExited}); stderr:\n{StderrText()}");
            }

            await Task.Delay(10);
        }
    }

    /// <summary>Waits until every id has an answer; returns the ids still unanswered at the deadline.</summary>
    public async Task<IReadOnlyList<string>> WaitAllAsync(IReadOnlyCollection<string> ids, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            List<string> missing;
            lock (_gate)
            {
                missing = [.. ids.Where(id => !_responses.ContainsKey(Key(id)))];
            }

            if (missing.Count == 0 || DateTime.UtcNow >= deadline || _process.HasExited)
            {
                return missing;
            }

            await Task.Delay(20);
        }
    }

    /// <summary>Closes stdin; returns the exit code, or null when the process is still running at the deadline.</summary>
    public int? CloseAndWait(TimeSpan timeout)
    {
        _stdin.Close();
        if (!_process.WaitForExit(timeout))
        {
            return null;
        }

        _stdoutReader.Join(timeout);
        return _process.ExitCode;
    }

    private void ReadStdout()
    {
        var stdout = _process.StandardOutput.BaseStream;
        var line = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = stdout.Read(buffer, 0, buffer.Length)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n')
                {
                    line.Write(buffer, start, i - start);
                    Inspect(line.ToArray());
                    line.SetLength(0);
                    start = i + 1;
                }
            }

            line.Write(buffer, start, read - start);
        }

        if (line.Length > 0)
        {
            Inspect(line.ToArray());
        }
    }

    private void Inspect(byte[] bytes)
    {
        Interlocked.Increment(ref _lineCount);
        string text;
        try
        {
            text = StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            Violation("not UTF-8", Encoding.UTF8.GetString(bytes));
            return;
        }

        try
        {
            using var doc = JsonDocument.Parse(text);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("jsonrpc", out var v) || v.ValueKind != JsonValueKind.String || v.GetString() != "2.0")
            {
                Violation("not a JSON-RPC 2.0 object", text);
                return;
            }

            lock (_gate)
            {
                _messages.Add(root.Clone());
            }

            if (root.TryGetProperty("id", out var id))
            {
                var key = id.ValueKind == JsonValueKind.String ? "s:" + id.GetString() : "n:" + id.GetRawText();
                lock (_gate)
                {
                    _responses[key] = root.Clone();
                }
            }
        }
        catch (JsonException ex)
        {
            Violation("not JSON: " + ex.Message, text);
        }
    }

    private void Violation(string why, string text)
    {
        lock (_gate)
        {
            _violations.Add($"{why}: {(text.Length > 300 ? text[..300] + "…" : text)}");
        }
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
