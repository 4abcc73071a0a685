namespace CaoOps.Http.Auth;

/// <summary>
/// Authorization as an OAuth 2.1 resource server: CAO_OPS_AUTH_JWKS_URI (https:// or file://), CAO_OPS_AUTH_ISSUER and
/// CAO_OPS_AUTH_AUDIENCE (default: the server's public URL). None set: no authorization (loopback only).
/// </summary>
internal sealed record AuthSettings(Uri JwksUri, string Issuer, string Audience, Uri Resource)
{
    /// <summary>How far exp and nbf may be off (clock skew between this host and the authorization server).</summary>
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(60);

    public static AuthSettings? FromEnvironment(Func<string, string?> env, Uri resource, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        var jwks = Trimmed(env("CAO_OPS_AUTH_JWKS_URI"));
        var issuer = Trimmed(env("CAO_OPS_AUTH_ISSUER"));
        var audience = Trimmed(env("CAO_OPS_AUTH_AUDIENCE"));
        problems = errors;
        if (jwks is null && issuer is null && audience is null)
        {
            return null;
        }

        Uri? jwksUri = null;
        if (jwks is null)
        {
            errors.Add("CAO_OPS_AUTH_JWKS_URI is not set: with CAO_OPS_AUTH_ISSUER or CAO_OPS_AUTH_AUDIENCE set, authorization is on and needs the issuer's key set (https://… or file://…).");
        }
        else if (!Uri.TryCreate(jwks, UriKind.Absolute, out jwksUri) || (jwksUri.Scheme != Uri.UriSchemeHttps && jwksUri.Scheme != Uri.UriSchemeFile))
        {
            errors.Add($"CAO_OPS_AUTH_JWKS_URI '{jwks}' is not an https:// or file:// URL (plain http would let anyone on the path swap the keys).");
        }

        if (issuer is null)
        {
            errors.Add("CAO_OPS_AUTH_ISSUER is not set: name the authorization server whose tokens are accepted (the tokens' iss claim).");
        }

        return errors.Count > 0 ? null : new AuthSettings(jwksUri!, issuer!, audience ?? resource.ToString(), resource);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
