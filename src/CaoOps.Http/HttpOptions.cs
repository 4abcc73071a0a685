using System.Globalization;
using System.Net;

namespace CaoOps.Http;

/// <summary>The flags of <c>serve --http</c> (the tool selection flags are <see cref="Cli.Runtime"/>'s).</summary>
internal sealed record HttpOptions
{
    public const string DefaultBind = "127.0.0.1:8765";

    public required IPAddress Address { get; init; }

    public required int Port { get; init; }

    /// <summary>The host as written (a name such as localhost, or an address).</summary>
    public required string Host { get; init; }

    /// <summary>Origins (scheme://host[:port]) allowed besides the loopback ones.</summary>
    public IReadOnlyList<string> AllowedOrigins { get; init; } = [];

    /// <summary>Host header names allowed besides the loopback names and the bind host; "*" allows any.</summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>The URL clients use to reach /mcp (behind a proxy: the public one): the resource in the metadata and the default audience.</summary>
    public Uri? PublicUrl { get; init; }

    public long MaxRequestBytes { get; init; } = 4 * 1024 * 1024;

    public int MaxSessions { get; init; } = 64;

    public int MaxSessionRequests { get; init; } = 16;

    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(30);

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool IsLoopback => IPAddress.IsLoopback(Address);

    /// <summary>The URL of the MCP endpoint as clients see it.</summary>
    public Uri ResourceUrl => PublicUrl ?? new Uri($"http://{HostForUrl(Host)}:{Port.ToString(CultureInfo.InvariantCulture)}/mcp");

    /// <summary>Parses and removes the flags it knows; returns null after writing the problem to <paramref name="error"/>.</summary>
    public static HttpOptions? Parse(List<string> args, out string? error)
    {
        error = null;
        string? bind = null;
        var seenHttp = false;
        var origins = new List<string>();
        var hosts = new List<string>();
        Uri? publicUrl = null;
        long maxBytes = 4 * 1024 * 1024;
        int maxSessions = 64, maxSessionRequests = 16;
        double idle = 1800, drain = 10;
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string? Value()
            {
                if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    var v = args[i + 1];
                    args.RemoveRange(i, 2);
                    i--;
                    return v;
                }

                return null;
            }

            switch (flag)
            {
                case "--http":
                    seenHttp = true;
                    args.RemoveAt(i);
                    if (i < args.Count && !args[i].StartsWith("--", StringComparison.Ordinal))
                    {
                        bind = args[i];
                        args.RemoveAt(i);
                    }

                    i--;
                    break;
                case "--allowed-origins":
                    if (Value() is not { } o)
                    {
                        error = "--allowed-origins needs a comma-separated list of origins such as https://app.example.com";
                        return null;
                    }

                    foreach (var origin in o.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!Uri.TryCreate(origin, UriKind.Absolute, out var u) || (u.Scheme != "http" && u.Scheme != "https") || u.AbsolutePath != "/" || origin.EndsWith('/'))
                        {
                            error = $"--allowed-origins: '{origin}' is not an origin (scheme://host[:port], no path), e.g. https://app.example.com";
                            return null;
                        }

                        origins.Add(u.GetLeftPart(UriPartial.Authority));
                    }

                    break;
                case "--allowed-hosts":
                    if (Value() is not { } h)
                    {
                        error = "--allowed-hosts needs a comma-separated list of host names (what clients put in the Host header), or *";
                        return null;
                    }

                    hosts.AddRange(h.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(x => x.ToLowerInvariant()));
                    break;
                case "--public-url":
                    if (Value() is not { } p || !Uri.TryCreate(p, UriKind.Absolute, out publicUrl) || (publicUrl.Scheme != "http" && publicUrl.Scheme != "https"))
                    {
                        error = "--public-url needs the absolute http(s) URL clients use for the MCP endpoint, e.g. https://cao.example.com/mcp";
                        return null;
                    }

                    break;
                case "--max-request-bytes" or "--max-sessions" or "--max-session-requests" or "--idle-timeout" or "--drain-timeout":
                    var text = Value();
                    if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || n < 1 || n > 1e9 || (flag is not ("--idle-timeout" or "--drain-timeout") && n != Math.Floor(n)))
                    {
                        error = $"{flag} needs a positive {(flag is "--idle-timeout" or "--drain-timeout" ? "number of seconds" : "whole number")}, got '{text}'";
                        return null;
                    }

                    switch (flag)
                    {
                        case "--max-request-bytes":
                            maxBytes = (long)n;
                            break;
                        case "--max-sessions":
                            maxSessions = (int)n;
                            break;
                        case "--max-session-requests":
                            maxSessionRequests = (int)n;
                            break;
                        case "--idle-timeout":
                            idle = n;
                            break;
                        default:
                            drain = n;
                            break;
                    }

                    break;
            }
        }

        if (!seenHttp)
        {
            error = "serve needs --http [HOST:PORT] (the only transport it serves; for stdio run 'cao-ops mcp')";
            return null;
        }

        bind ??= DefaultBind;
        if (!TryParseBind(bind, out var host, out var address, out var port))
        {
            error = $"--http: '{bind}' is not HOST:PORT with an IP address or localhost and a port 1-65535, e.g. 127.0.0.1:8765 or [::1]:8765";
            return null;
        }

        return new HttpOptions
        {
            Host = host,
            Address = address,
            Port = port,
            AllowedOrigins = origins,
            AllowedHosts = hosts,
            PublicUrl = publicUrl,
            MaxRequestBytes = maxBytes,
            MaxSessions = maxSessions,
            MaxSessionRequests = maxSessionRequests,
            IdleTimeout = TimeSpan.FromSeconds(idle),
            DrainTimeout = TimeSpan.FromSeconds(drain),
        };
    }

    internal static bool TryParseBind(string bind, out string host, out IPAddress address, out int port)
    {
        host = string.Empty;
        address = IPAddress.Loopback;
        port = 0;
        var colon = bind.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(bind.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return false;
        }

        host = bind[..colon];
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        if (string.Equals(bare, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            host = "localhost";
            address = IPAddress.Loopback;
            return true;
        }

        return IPAddress.TryParse(bare, out address!) && (host == bare) == (address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetworkV6);
    }

    internal static string HostForUrl(string host) =>
        host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
}
