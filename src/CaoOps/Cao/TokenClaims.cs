using System.Text;
using System.Text.Json;

namespace CaoOps.Cao;

/// <summary>
/// What a bearer token claims, read from its JWT payload without verifying it (cao-server does that): the scopes as
/// cao-server reads them (<c>scope</c>, <c>permissions</c>, <c>scp</c>), the expiry and the audience. The token itself
/// is never printed.
/// </summary>
internal sealed record TokenClaims(IReadOnlyList<string> Scopes, DateTimeOffset? ExpiresAt, string? Audience)
{
    /// <summary>The claims, or null when the token is not a JWT.</summary>
    public static TokenClaims? Read(string token)
    {
        var segments = token.Split('.');
        if (segments.Length != 3 || Decode(segments[1]) is not { } payload)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(payload);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var scopes = new List<string>();
            foreach (var key in new[] { "scope", "permissions", "scp" })
            {
                if (!root.TryGetProperty(key, out var value))
                {
                    continue;
                }

                if (value.ValueKind == JsonValueKind.String)
                {
                    scopes.AddRange(value.GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
                }
                else if (value.ValueKind == JsonValueKind.Array)
                {
                    scopes.AddRange(value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!));
                }
            }

            DateTimeOffset? expires = root.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
            var audience = root.TryGetProperty("aud", out var aud) ? aud.ValueKind switch
            {
                JsonValueKind.String => aud.GetString(),
                JsonValueKind.Array => string.Join(", ", aud.EnumerateArray().Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString())),
                _ => null,
            } : null;
            return new TokenClaims([.. scopes.Distinct(StringComparer.Ordinal)], expires, audience);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Which kinds of tools the scopes allow: read (any cao scope), write (cao:write or cao:admin), admin (cao:admin).</summary>
    public IReadOnlyList<string> Allows()
    {
        var admin = Scopes.Contains("cao:admin");
        var write = admin || Scopes.Contains("cao:write");
        var read = write || Scopes.Contains("cao:read");
        return [.. new[] { (read, "read"), (write, "write"), (admin, "admin") }.Where(x => x.Item1).Select(x => x.Item2)];
    }

    private static string? Decode(string segment)
    {
        var s = segment.Replace('-', '+').Replace('_', '/');
        if (s.Length % 4 == 1)
        {
            return null;
        }

        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
