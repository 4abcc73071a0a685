using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace CaoOps.E2E.Tests.Http;

/// <summary>An authorization server in miniature: an RSA and an EC P-256 key, their JWKS in a file, and signed tokens.</summary>
internal sealed class TestIssuer : IDisposable
{
    public const string Issuer = "https://issuer.test";

    private readonly RSA _rsa = RSA.Create(2048);
    private readonly ECDsa _ec = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly string _dir = Directory.CreateTempSubdirectory("cao-ops-jwks-").FullName;

    public TestIssuer()
    {
        var r = _rsa.ExportParameters(false);
        var e = _ec.ExportParameters(false);
        var jwks = new JsonObject
        {
            ["keys"] = new JsonArray(
                new JsonObject { ["kty"] = "RSA", ["kid"] = "rsa-1", ["use"] = "sig", ["alg"] = "RS256", ["n"] = B64(r.Modulus!), ["e"] = B64(r.Exponent!) },
                new JsonObject { ["kty"] = "EC", ["kid"] = "ec-1", ["use"] = "sig", ["crv"] = "P-256", ["x"] = B64(e.Q.X!), ["y"] = B64(e.Q.Y!) }),
        };
        JwksPath = Path.Combine(_dir, "jwks.json");
        File.WriteAllText(JwksPath, jwks.ToJsonString());
    }

    public string JwksPath { get; }

    public Dictionary<string, string?> Environment(string? audience = null) => new()
    {
        ["CAO_OPS_AUTH_JWKS_URI"] = new Uri(JwksPath).AbsoluteUri,
        ["CAO_OPS_AUTH_ISSUER"] = Issuer,
        ["CAO_OPS_AUTH_AUDIENCE"] = audience,
    };

    public static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Claims that pass for <paramref name="audience"/>, with <paramref name="scope"/>; tests change what they test.</summary>
    public static JsonObject Claims(string audience, string scope) => new()
    {
        ["iss"] = Issuer,
        ["sub"] = "agent-1",
        ["aud"] = audience,
        ["iat"] = Now,
        ["nbf"] = Now - 10,
        ["exp"] = Now + 600,
        ["scope"] = scope,
    };

    public string Sign(JsonObject claims, string alg = "RS256", string? kid = null)
    {
        var header = new JsonObject { ["alg"] = alg, ["typ"] = "JWT", ["kid"] = kid ?? (alg == "ES256" ? "ec-1" : "rsa-1") };
        var input = B64(Encoding.UTF8.GetBytes(header.ToJsonString())) + "." + B64(Encoding.UTF8.GetBytes(claims.ToJsonString()));
        var data = Encoding.ASCII.GetBytes(input);
        var signature = alg switch
        {
            "RS256" => _rsa.SignData(data, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
            "ES256" => _ec.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation),
            // HMAC keyed with the public key's bytes: the classic algorithm-confusion attack.
            "HS256" => HMACSHA256.HashData(_rsa.ExportSubjectPublicKeyInfo(), data),
            _ => [],
        };
        return input + "." + B64(signature);
    }

    public void Dispose()
    {
        _rsa.Dispose();
        _ec.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
