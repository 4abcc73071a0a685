using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Http.Auth;

/// <summary>A JSON Web Key Set (RFC 7517): only the members RS256 and ES256 verification reads.</summary>
internal sealed record JsonWebKeySet([property: JsonPropertyName("keys")] IReadOnlyList<JsonWebKey>? Keys);

internal sealed record JsonWebKey(
    [property: JsonPropertyName("kty")] string? Kty,
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("use")] string? Use,
    [property: JsonPropertyName("alg")] string? Alg,
    [property: JsonPropertyName("n")] string? N,
    [property: JsonPropertyName("e")] string? E,
    [property: JsonPropertyName("crv")] string? Crv,
    [property: JsonPropertyName("x")] string? X,
    [property: JsonPropertyName("y")] string? Y);

/// <summary>The JOSE header of a JWS.</summary>
internal sealed record JwtHeader(
    [property: JsonPropertyName("alg")] string? Alg,
    [property: JsonPropertyName("kid")] string? Kid,
    [property: JsonPropertyName("typ")] string? Typ,
    [property: JsonPropertyName("crit")] JsonElement? Crit);

/// <summary>The registered claims this server checks, and the scopes (a string "scope", or "scp" as a string or list).</summary>
internal sealed record JwtClaims(
    [property: JsonPropertyName("iss")] string? Iss,
    [property: JsonPropertyName("sub")] string? Sub,
    [property: JsonPropertyName("aud")] JsonElement? Aud,
    [property: JsonPropertyName("exp")] double? Exp,
    [property: JsonPropertyName("nbf")] double? Nbf,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("scp")] JsonElement? Scp,
    [property: JsonPropertyName("client_id")] string? ClientId);

/// <summary>RFC 9728 Protected Resource Metadata.</summary>
internal sealed record ProtectedResourceMetadata(
    [property: JsonPropertyName("resource")] string Resource,
    [property: JsonPropertyName("authorization_servers")] IReadOnlyList<string> AuthorizationServers,
    [property: JsonPropertyName("scopes_supported")] IReadOnlyList<string> ScopesSupported,
    [property: JsonPropertyName("bearer_methods_supported")] IReadOnlyList<string> BearerMethodsSupported,
    [property: JsonPropertyName("resource_name")] string ResourceName);

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull, NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(JsonWebKeySet))]
[JsonSerializable(typeof(JwtHeader))]
[JsonSerializable(typeof(JwtClaims))]
[JsonSerializable(typeof(ProtectedResourceMetadata))]
internal sealed partial class AuthJsonContext : JsonSerializerContext;
