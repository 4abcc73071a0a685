using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CaoOps.Bench;

/// <summary>
/// A child process spoken to in raw newline-delimited JSON-RPC over its stdin/stdout, with as little client-side work
/// as possible: requests are pre-encoded bytes written straight to the pipe, responses are read as lines and only
/// matched by id while a timer runs (validation happens after the clock has stopped).
/// </summary>
internal sealed class StdioPeer : IDisposable
{
    public const string ProtocolVersion = "2025-06-18";

    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Process _process;
    private readonly Stream _stdin;
    private readonly StreamReader _stdout;

    private StdioPeer(Process process)
    {
        _process = process;
        _stdin = process.StandardInput.BaseStream;
        _stdout = process.StandardOutput;
    }

    public int Pid => _process.Id;

    /// <summary>Starts the program; stderr is inherited (cao-ops writes nothing there at its default log level).</summary>
    public static StdioPeer Start(string path, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> env)
    {
        var psi = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
            StandardOutputEncoding = Utf8,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        foreach (var (key, value) in env)
        {
            if (value is null)
            {
                psi.Environment.Remove(key);
            }
            else
            {
                psi.Environment[key] = value;
            }
        }

        return new StdioPeer(Process.Start(psi) ?? throw new InvalidOperationException($"could not start {path}"));
    }

    public static byte[] Encode(string line) => Utf8.GetBytes(line + "\n");

    public static string InitializeRequest(long id) =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + id.ToString(CultureInfo.InvariantCulture)
        + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"" + ProtocolVersion
        + "\",\"capabilities\":{},\"clientInfo\":{\"name\":\"cao-ops-bench\",\"version\":\"1\"}}}";

    public const string InitializedNotification = """{"jsonrpc":"2.0","method":"notifications/initialized"}""";

    public static string ToolsListRequest(long id) => "{\"jsonrpc\":\"2.0\",\"id\":" + id.ToString(CultureInfo.InvariantCulture) + ",\"method\":\"tools/list\"}";

    public static string ToolCallRequest(long id, string tool, string argumentsJson = "{}") =>
        "{\"jsonrpc\":\"2.0\",\"id\":" + id.ToString(CultureInfo.InvariantCulture)
        + ",\"method\":\"tools/call\",\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + argumentsJson + "}}";

    public void Write(byte[] bytes)
    {
        _stdin.Write(bytes);
        _stdin.Flush();
    }

    public void Write(string line) => Write(Encode(line));

    /// <summary>Next stdout line; throws when the process closed stdout.</summary>
    public string ReadLine() => _stdout.ReadLine() ?? throw new EndOfStreamException($"pid {Pid} closed stdout (exited: {_process.HasExited})");

    /// <summary>Reads lines until one carries this id (cheap textual match; the caller validates afterwards).</summary>
    public string ReadUntilId(long id)
    {
        var needle = "\"id\":" + id.ToString(CultureInfo.InvariantCulture);
        while (true)
        {
            var line = ReadLine();
            var at = line.IndexOf(needle, StringComparison.Ordinal);
            if (at >= 0 && at + needle.Length < line.Length && line[at + needle.Length] is ',' or '}')
            {
                return line;
            }
        }
    }

    /// <summary>Throws unless the line is a JSON-RPC result (not an error) for this id.</summary>
    public static JsonElement ExpectResult(string line, long id)
    {
        using var doc = JsonDocument.Parse(line);
        var root = doc.RootElement;
        if (!root.TryGetProperty("id", out var v) || v.ValueKind != JsonValueKind.Number || v.GetInt64() != id || !root.TryGetProperty("result", out var result))
        {
            throw new InvalidOperationException($"expected a result for id {id}, got: {Clip(line)}");
        }

        return result.Clone();
    }

    /// <summary>Throws unless the line is a tools/call result with isError absent or false.</summary>
    public static void ExpectToolSuccess(string line, long id)
    {
        var result = ExpectResult(line, id);
        if (result.TryGetProperty("isError", out var e) && e.ValueKind == JsonValueKind.True)
        {
            throw new InvalidOperationException($"tool call {id} failed: {Clip(line)}");
        }
    }

    /// <summary>VmHWM (peak resident set) and VmRSS in KiB from /proc/&lt;pid&gt;/status.</summary>
    public (long PeakKiB, long CurrentKiB) Memory()
    {
        long hwm = -1, rss = -1;
        foreach (var line in File.ReadLines($"/proc/{Pid}/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = ParseKiB(line);
            }
            else if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKiB(line);
            }
        }

        return (hwm, rss);
    }

    private static long ParseKiB(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    /// <summary>Closes stdin (the MCP way to end a stdio server) and waits for the exit code.</summary>
    public int CloseAndWait(TimeSpan timeout)
    {
        _stdin.Close();
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill();
            throw new TimeoutException($"pid {Pid} did not exit within {timeout.TotalSeconds} s of stdin EOF");
        }

        return _process.ExitCode;
    }

    private static string Clip(string s) => s.Length <= 300 ? s : s[..300] + "…";

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
