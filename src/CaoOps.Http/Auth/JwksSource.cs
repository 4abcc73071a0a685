using System.Security.Cryptography;
using System.Text.Json;

namespace CaoOps.Http.Auth;

/// <summary>A verification key of the issuer: RSA (RS256) or EC P-256 (ES256).</summary>
internal sealed record VerificationKey(string? Kid, string Kty, RSA? Rsa, ECDsa? Ecdsa);

/// <summary>
/// The issuer's keys from CAO_OPS_AUTH_JWKS_URI: a file:// set is re-read when the file changes; an https:// set is
/// cached for 10 minutes and fetched again (at most every 30 s) when a token names a key it does not hold (rotation).
/// </summary>
internal sealed class JwksSource(Uri uri, TimeProvider? time = null) : IDisposable
{
    private const int MaxBytes = 1024 * 1024;
    private static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MinRefetch = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly HttpClient? _http = uri.Scheme == Uri.UriSchemeHttps ? new HttpClient { Timeout = TimeSpan.FromSeconds(10) } : null;
    private IReadOnlyList<VerificationKey> _keys = [];
    private DateTimeOffset _fetched = DateTimeOffset.MinValue;
    private DateTime _fileStamp;

    /// <summary>The keys; <paramref name="refresh"/> asks for a fresh copy (rate-limited) because a kid was not found.</summary>
    public async Task<IReadOnlyList<VerificationKey>> GetAsync(bool refresh, CancellationToken ct)
    {
        var now = _time.GetUtcNow();
        if (!Stale(now, refresh))
        {
            return _keys;
        }

        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Stale(now, refresh))
            {
                _keys = await LoadAsync(ct).ConfigureAwait(false);
                _fetched = now;
            }

            return _keys;
        }
        finally
        {
            _gate.Release();
        }
    }

    private bool Stale(DateTimeOffset now, bool refresh)
    {
        if (uri.IsFile)
        {
            return _fileStamp != File.GetLastWriteTimeUtc(uri.LocalPath) || (refresh && now - _fetched > MinRefetch);
        }

        return now - _fetched > CacheFor || (refresh && now - _fetched > MinRefetch);
    }

    private async Task<IReadOnlyList<VerificationKey>> LoadAsync(CancellationToken ct)
    {
        byte[] bytes;
        if (uri.IsFile)
        {
            var info = new FileInfo(uri.LocalPath);
            if (!info.Exists)
            {
                throw new JwksException($"the key set file {uri.LocalPath} does not exist");
            }

            if (info.Length > MaxBytes)
            {
                throw new JwksException($"the key set file {uri.LocalPath} is larger than {MaxBytes} bytes");
            }

            _fileStamp = info.LastWriteTimeUtc;
            bytes = await File.ReadAllBytesAsync(uri.LocalPath, ct).ConfigureAwait(false);
        }
        else
        {
            try
            {
                using var response = await _http!.GetAsync(uri, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
                if (!response.IsSuccessStatusCode)
                {
                    throw new JwksException($"GET {uri} answered {(int)response.StatusCode}");
                }

                await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
                using var buffer = new MemoryStream();
                var chunk = new byte[16 * 1024];
                int read;
                while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > MaxBytes)
                    {
                        throw new JwksException($"the key set at {uri} is larger than {MaxBytes} bytes");
                    }

                    buffer.Write(chunk, 0, read);
                }

                bytes = buffer.ToArray();
            }
            catch (HttpRequestException ex)
            {
                throw new JwksException($"GET {uri} failed: {ex.Message}");
            }
        }

        JsonWebKeySet? set;
        try
        {
            set = JsonSerializer.Deserialize(bytes, AuthJsonContext.Default.JsonWebKeySet);
        }
        catch (JsonException ex)
        {
            throw new JwksException($"the key set at {uri} is not a JSON Web Key Set: {ex.Message}");
        }

        var keys = new List<VerificationKey>();
        foreach (var jwk in set?.Keys ?? [])
        {
            if (jwk.Use is { } use && use != "sig")
            {
                continue;
            }

            try
            {
                if (jwk is { Kty: "RSA", N: { } n, E: { } e })
                {
                    var rsa = RSA.Create();
                    rsa.ImportParameters(new RSAParameters { Modulus = Base64Url.Decode(n), Exponent = Base64Url.Decode(e) });
                    keys.Add(new VerificationKey(jwk.Kid, "RSA", rsa, null));
                }
                else if (jwk is { Kty: "EC", Crv: "P-256", X: { } x, Y: { } y })
                {
                    var ec = ECDsa.Create(new ECParameters { Curve = ECCurve.NamedCurves.nistP256, Q = new ECPoint { X = Base64Url.Decode(x), Y = Base64Url.Decode(y) } });
                    keys.Add(new VerificationKey(jwk.Kid, "EC", null, ec));
                }
            }
            catch (Exception ex) when (ex is CryptographicException or FormatException)
            {
                Log.Warn($"JWKS key '{jwk.Kid}' skipped: {ex.Message}");
            }
        }

        return keys;
    }

    public void Dispose()
    {
        _http?.Dispose();
        _gate.Dispose();
    }
}

internal sealed class JwksException(string message) : Exception(message);
