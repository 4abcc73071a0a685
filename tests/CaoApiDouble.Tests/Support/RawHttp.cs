using System.Net.Sockets;
using System.Text;

namespace CaoOps.Testing.Tests.Support;

/// <summary>A parsed HTTP/1.1 response read off a raw socket.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string Text => Encoding.UTF8.GetString(Body);

    public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
}

/// <summary>
/// Sends a request byte-for-byte over TCP, so request targets such as <c>/sessions/..</c> or
/// <c>/sessions/%2E%2E</c> reach the server unnormalised (HttpClient would rewrite them).
/// </summary>
public static class RawHttp
{
    public static async Task<RawResponse> SendAsync(
        CaoApiDouble server,
        string method,
        string target,
        IEnumerable<KeyValuePair<string, string>>? headers = null,
        byte[]? body = null,
        string? host = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.BaseUrl.Host, server.BaseUrl.Port);
        var stream = client.GetStream();
        var head = new StringBuilder();
        head.Append($"{method} {target} HTTP/1.1\r\n");
        head.Append($"Host: {host ?? server.BaseUrl.Authority}\r\n");
        foreach (var (name, value) in headers ?? [])
        {
            head.Append($"{name}: {value}\r\n");
        }

        if (body is not null)
        {
            head.Append($"Content-Length: {body.Length}\r\n");
        }

        head.Append("Connection: close\r\n\r\n");
        await stream.WriteAsync(Encoding.UTF8.GetBytes(head.ToString()));
        if (body is not null)
        {
            await stream.WriteAsync(body);
        }

        using var received = new MemoryStream();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await stream.CopyToAsync(received, timeout.Token);
        return Parse(received.ToArray());
    }

    private static RawResponse Parse(byte[] raw)
    {
        var split = IndexOf(raw, "\r\n\r\n"u8.ToArray());
        if (split < 0)
        {
            throw new InvalidOperationException("Incomplete HTTP response: " + Encoding.UTF8.GetString(raw));
        }

        var lines = Encoding.ASCII.GetString(raw, 0, split).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1]);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            var name = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            headers[name] = headers.TryGetValue(name, out var prior) ? prior + ", " + value : value;
        }

        return new RawResponse(status, headers, raw[(split + 4)..]);
    }

    private static int IndexOf(byte[] haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Length; i++)
        {
            if (haystack.AsSpan(i, needle.Length).SequenceEqual(needle))
            {
                return i;
            }
        }

        return -1;
    }
}
