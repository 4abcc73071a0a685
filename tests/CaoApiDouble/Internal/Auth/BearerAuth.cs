using System.Text.Json;

namespace CaoOps.Testing.Internal.Auth;

/// <summary>
/// cao-server's bearer layer as the double models it: which token is accepted, with which scopes, and the
/// 401 texts PyJWT produces for the rest (captures 279–284). Signatures are not verified: a token is "validly
/// signed" when it is listed in <see cref="CaoApiDoubleOptions.Tokens"/> (or is <see cref="CaoApiDoubleOptions.RequiredToken"/>).
/// </summary>
internal sealed class BearerAuth
{
    public static readonly IReadOnlyList<string> AllScopes = ["cao:read", "cao:write", "cao:admin"];

    private readonly CaoApiDoubleOptions _options;
    private readonly Func<string> _defaultAudience;

    public BearerAuth(CaoApiDoubleOptions options, Func<string> defaultAudience)
    {
        _options = options;
        _defaultAudience = defaultAudience;
    }

    public bool Enabled => _options.RequiredToken is not null || _options.Tokens.Count > 0;

    /// <summary>The granted scopes, or the 401 detail.</summary>
    public (IReadOnlyList<string>? Scopes, string? Error) Check(string? header)
    {
        var trimmed = header?.Trim() ?? string.Empty;
        var split = trimmed.IndexOfAny([' ', '\t']);
        if (split < 0)
        {
            return (null, "missing bearer token");
        }

        var scheme = trimmed[..split];
        var token = trimmed[split..].Trim();
        if (!scheme.Equals("bearer", StringComparison.OrdinalIgnoreCase) || token.Length == 0)
        {
            return (null, "missing bearer token");
        }

        if (token == _options.RequiredToken)
        {
            return (AllScopes, null);
        }

        var segments = token.Split('.');
        if (!_options.Tokens.Contains(token))
        {
            return (null, segments.Length < 3 ? "invalid token: Not enough segments" : "invalid token: Signature verification failed");
        }

        if (Jwt.Payload(token) is not { } claims)
        {
            return (AllScopes, null);
        }

        var now = (_options.Clock ?? (() => DateTimeOffset.UtcNow))();
        if (claims.TryGetProperty("exp", out var exp) && exp.ValueKind == JsonValueKind.Number && exp.GetDouble() <= now.ToUnixTimeSeconds())
        {
            return (null, "invalid token: Signature has expired");
        }

        if (claims.TryGetProperty("aud", out var aud) && !Names(aud).Contains(_options.Audience ?? _defaultAudience()))
        {
            return (null, "invalid token: Audience doesn't match");
        }

        return (Jwt.Scopes(claims), null);
    }

    private static List<string> Names(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => [value.GetString()!],
        JsonValueKind.Array => [.. value.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)],
        _ => [],
    };
}

/// <summary>Unverified JWT helpers (the double trusts the token list, not signatures).</summary>
internal static class Jwt
{
    /// <summary>The payload claims of a three-segment token, or null when it is not one.</summary>
    public static JsonElement? Payload(string token)
    {
        var segments = token.Split('.');
        if (segments.Length != 3)
        {
            return null;
        }

        try
        {
            using var doc = JsonDocument.Parse(Base64UrlDecode(segments[1]));
            return doc.RootElement.ValueKind == JsonValueKind.Object ? doc.RootElement.Clone() : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>cao-server's <c>_scopes_from_claims</c>: <c>scope</c>, then <c>permissions</c> and <c>scp</c>, de-duplicated.</summary>
    public static List<string> Scopes(JsonElement claims)
    {
        var scopes = new List<string>();
        foreach (var key in new[] { "scope", "permissions", "scp" })
        {
            if (!claims.TryGetProperty(key, out var value))
            {
                continue;
            }

            if (value.ValueKind == JsonValueKind.String)
            {
                scopes.AddRange(value.GetString()!.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
            }
            else if (value.ValueKind == JsonValueKind.Array)
            {
                scopes.AddRange(value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText()));
            }
        }

        return [.. scopes.Distinct(StringComparer.Ordinal)];
    }

    public static string Make(string scope, DateTimeOffset expires, string? audience)
    {
        var header = Encode("{\"alg\":\"RS256\",\"kid\":\"cao-double-key\",\"typ\":\"JWT\"}"u8.ToArray());
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("sub", "cao-ops-test");
            if (audience is not null)
            {
                w.WriteString("aud", audience);
            }

            w.WriteString("iss", "https://issuer.cao-double.local/");
            w.WriteNumber("iat", DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            w.WriteNumber("exp", expires.ToUnixTimeSeconds());
            w.WriteString("scope", scope);
            w.WriteEndObject();
        }

        return $"{header}.{Encode(buffer.ToArray())}.{Encode(System.Security.Cryptography.RandomNumberGenerator.GetBytes(64))}";
    }

    private static string Encode(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] Base64UrlDecode(string text)
    {
        var s = text.Replace('-', '+').Replace('_', '/');
        s += (s.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException("bad base64url length") };
        return Convert.FromBase64String(s);
    }
}
