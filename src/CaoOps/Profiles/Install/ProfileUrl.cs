using System.Text.RegularExpressions;

namespace CaoOps.Profiles.Install;

/// <summary>
/// CAO's SSRF hardening of a profile URL (<c>_download_agent</c> before any I/O): https only,
/// allow-listed host (<c>CAO_PROFILE_ALLOWED_HOSTS</c> replaces the default), no query/fragment/
/// userinfo, a safe <c>/segment/…/file.md</c> path and a valid stem. The URL is rebuilt from parts.
/// </summary>
internal static partial class ProfileUrl
{
    private static readonly string[] DefaultHosts = ["github.com", "raw.githubusercontent.com"];

    [GeneratedRegex(@"\A(/[A-Za-z0-9_][A-Za-z0-9_.-]*)+\.md\z")]
    private static partial Regex SafePath();

    public static IReadOnlyList<string> AllowedHosts(string? overrideValue)
    {
        if (!string.IsNullOrEmpty(overrideValue))
        {
            var hosts = overrideValue.Split(',').Select(h => h.Trim().ToLowerInvariant()).Where(h => h.Length > 0).Distinct().ToList();
            if (hosts.Count > 0)
            {
                return hosts;
            }
        }

        return DefaultHosts;
    }

    /// <summary>Validates <paramref name="source"/>; returns the rebuilt URL and the file stem.</summary>
    /// <exception cref="ArgumentException">With CAO's message (to be prefixed "Failed to install agent: ").</exception>
    public static (Uri Url, string Stem) Validate(string source, string? allowedHostsOverride)
    {
        // urllib.parse.urlparse: scheme://netloc/path;params?query#fragment
        var schemeEnd = source.IndexOf(':', StringComparison.Ordinal);
        var scheme = source[..schemeEnd].ToLowerInvariant();
        if (scheme != "https")
        {
            throw new ArgumentException("Profile URL must use https://");
        }

        var rest = source[(schemeEnd + 1)..];
        var fragment = "";
        var hashAt = rest.IndexOf('#', StringComparison.Ordinal);
        if (hashAt >= 0)
        {
            fragment = rest[(hashAt + 1)..];
            rest = rest[..hashAt];
        }

        var query = "";
        var qAt = rest.IndexOf('?', StringComparison.Ordinal);
        if (qAt >= 0)
        {
            query = rest[(qAt + 1)..];
            rest = rest[..qAt];
        }

        var netloc = "";
        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var end = rest.IndexOf('/', 2);
            netloc = end < 0 ? rest[2..] : rest[2..end];
            rest = end < 0 ? "" : rest[end..];
        }

        var path = rest;
        var lastSlash = path.LastIndexOf('/');
        var semi = path.IndexOf(';', lastSlash < 0 ? 0 : lastSlash);
        if (semi >= 0)
        {
            path = path[..semi]; // urlparse moves ";params" of the last segment out of the path
        }

        string? userinfo = null;
        var hostport = netloc;
        var at = netloc.LastIndexOf('@');
        if (at >= 0)
        {
            userinfo = netloc[..at];
            hostport = netloc[(at + 1)..];
        }

        string host;
        if (hostport.StartsWith('['))
        {
            var close = hostport.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? hostport[1..] : hostport[1..close];
        }
        else
        {
            var colon = hostport.IndexOf(':', StringComparison.Ordinal);
            host = colon < 0 ? hostport : hostport[..colon];
        }

        host = host.ToLowerInvariant();
        var allowed = AllowedHosts(allowedHostsOverride);
        if (!allowed.Contains(host, StringComparer.Ordinal))
        {
            throw new ArgumentException($"Host '{host}' is not in the allowed downloader hosts. Set CAO_PROFILE_ALLOWED_HOSTS to extend the allowlist.");
        }

        if (query.Length > 0 || fragment.Length > 0 || (userinfo is not null && HasUserOrPassword(userinfo)))
        {
            throw new ArgumentException("Profile URL must not include query, fragment, or userinfo.");
        }

        if (!SafePath().IsMatch(path))
        {
            throw new ArgumentException("URL path must match /segment/.../file.md with no traversal segments.");
        }

        var fileName = path[(path.LastIndexOf('/') + 1)..];
        var stem = fileName[..^3];
        if (!ProfileNames.IsValid(stem))
        {
            throw new ArgumentException("URL filename stem must match [A-Za-z0-9_-]{1,64}");
        }

        var safeHost = allowed.First(h => h == host);
        return (new Uri($"https://{safeHost}{path}"), stem);
    }

    private static bool HasUserOrPassword(string userinfo)
    {
        // urlparse: username = part before ':' ; password = part after. Both empty strings are falsy.
        var colon = userinfo.IndexOf(':', StringComparison.Ordinal);
        var user = colon < 0 ? userinfo : userinfo[..colon];
        var pass = colon < 0 ? "" : userinfo[(colon + 1)..];
        return user.Length > 0 || pass.Length > 0;
    }
}
