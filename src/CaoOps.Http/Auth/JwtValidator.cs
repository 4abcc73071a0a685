using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace CaoOps.Http.Auth;

/// <summary>The outcome of validating a bearer token: a principal, or why it was refused (safe to show: never the token).</summary>
internal readonly record struct JwtResult(ClaimsPrincipal? Principal, string? Error);

/// <summary>
/// Validates a bearer JWT (a JWS in compact form): RS256 or ES256 only (alg none and HMAC are refused: a public key must
/// never serve as an HMAC secret), the signature against the issuer's JWKS, exp (required) and nbf with
/// <see cref="AuthSettings.Skew"/>, iss and aud.
/// </summary>
internal sealed class JwtValidator(AuthSettings settings, JwksSource keys, TimeProvider time)
{
    private const int MaxTokenLength = 16 * 1024;

    public async Task<JwtResult> ValidateAsync(string token, CancellationToken ct)
    {
        if (token.Length > MaxTokenLength)
        {
            return Fail($"the token is longer than {MaxTokenLength} characters");
        }

        var parts = token.Split('.');
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            return Fail("the token is not a signed JWT (header.payload.signature)");
        }

        if (!Base64Url.TryDecode(parts[0], out var headerBytes) || !Base64Url.TryDecode(parts[1], out var payloadBytes) || !Base64Url.TryDecode(parts[2], out var signature))
        {
            return Fail("the token is not base64url-encoded");
        }

        JwtHeader? header;
        JwtClaims? claims;
        try
        {
            header = JsonSerializer.Deserialize(headerBytes, AuthJsonContext.Default.JwtHeader);
            claims = JsonSerializer.Deserialize(payloadBytes, AuthJsonContext.Default.JwtClaims);
        }
        catch (JsonException)
        {
            return Fail("the token's header or claims are not a JSON object of the expected types");
        }

        if (header is null || claims is null)
        {
            return Fail("the token's header or claims are missing");
        }

        if (header.Alg is not ("RS256" or "ES256"))
        {
            return Fail($"the token's alg '{header.Alg}' is not accepted (RS256 or ES256 only; none and HMAC are refused)");
        }

        if (header.Crit is not null)
        {
            return Fail("the token has critical header parameters this server does not understand");
        }

        var kty = header.Alg == "RS256" ? "RSA" : "EC";
        VerificationKey[] candidates;
        try
        {
            candidates = Candidates(await keys.GetAsync(refresh: false, ct).ConfigureAwait(false), header.Kid, kty);
            if (candidates.Length == 0 && header.Kid is not null)
            {
                candidates = Candidates(await keys.GetAsync(refresh: true, ct).ConfigureAwait(false), header.Kid, kty);
            }
        }
        catch (Exception ex) when (ex is JwksException or IOException or UnauthorizedAccessException or TaskCanceledException)
        {
            Log.Error($"cannot read the key set (CAO_OPS_AUTH_JWKS_URI): {ex.Message}");
            return Fail("the server cannot read its authorization server's keys right now");
        }

        if (candidates.Length == 0)
        {
            return Fail(header.Kid is null ? $"no {kty} key in the key set to verify the token with" : $"the key '{header.Kid}' is not in the key set");
        }

        var signed = Encoding.ASCII.GetBytes(string.Concat(parts[0], ".", parts[1]));
        if (!candidates.Any(k => Verify(k, signed, signature)))
        {
            return Fail("the token's signature does not verify");
        }

        var now = time.GetUtcNow().ToUnixTimeSeconds();
        if (claims.Exp is not { } exp)
        {
            return Fail("the token has no exp claim");
        }

        if (now > exp + AuthSettings.Skew.TotalSeconds)
        {
            return Fail("the token has expired");
        }

        if (claims.Nbf is { } nbf && now < nbf - AuthSettings.Skew.TotalSeconds)
        {
            return Fail("the token is not valid yet (nbf)");
        }

        if (!string.Equals(claims.Iss, settings.Issuer, StringComparison.Ordinal))
        {
            return Fail($"the token's issuer is not {settings.Issuer}");
        }

        if (!Audiences(claims.Aud).Contains(settings.Audience, StringComparer.Ordinal))
        {
            return Fail($"the token's audience does not include {settings.Audience}");
        }

        var identity = new ClaimsIdentity("Bearer", ClaimTypes.NameIdentifier, null);
        var subject = claims.Sub ?? claims.ClientId;
        if (subject is not null)
        {
            identity.AddClaim(new Claim(ClaimTypes.NameIdentifier, subject));
            identity.AddClaim(new Claim("sub", subject));
        }

        var scopes = Scopes(claims);
        if (scopes.Length > 0)
        {
            identity.AddClaim(new Claim(ScopePolicy.ClaimType, scopes));
        }

        return new JwtResult(new ClaimsPrincipal(identity), null);
    }

    private static VerificationKey[] Candidates(IReadOnlyList<VerificationKey> all, string? kid, string kty) =>
        [.. all.Where(k => k.Kty == kty && (kid is null || k.Kid == kid))];

    private static bool Verify(VerificationKey key, byte[] signed, byte[] signature)
    {
        try
        {
            return key.Kty == "RSA"
                ? key.Rsa!.VerifyData(signed, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
                : signature.Length == 64 && key.Ecdsa!.VerifyData(signed, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    private static IEnumerable<string> Audiences(JsonElement? aud) => aud switch
    {
        { ValueKind: JsonValueKind.String } s => [s.GetString()!],
        { ValueKind: JsonValueKind.Array } a => a.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!),
        _ => [],
    };

    private static string Scopes(JwtClaims claims)
    {
        var list = new List<string>();
        if (claims.Scope is { } s)
        {
            list.AddRange(s.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }

        switch (claims.Scp)
        {
            case { ValueKind: JsonValueKind.String } scp:
                list.AddRange(scp.GetString()!.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                break;
            case { ValueKind: JsonValueKind.Array } arr:
                list.AddRange(arr.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!));
                break;
        }

        return string.Join(' ', list.Distinct(StringComparer.Ordinal));
    }

    private static JwtResult Fail(string error) => new(null, error);
}
