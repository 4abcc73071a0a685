using System.Text.RegularExpressions;

namespace CaoOps.Cao;

/// <summary>
/// What to do about a cao-server error, appended to its detail (" — …"). Covers the auth answers (401 missing or
/// rejected token, 403 missing scope), the Host check (400), and the 409s that are not specific to one tool.
/// Never includes the token itself.
/// </summary>
internal static partial class ErrorHints
{
    public static string For(int status, string detail, CaoSettings settings) => status switch
    {
        401 when detail == "missing bearer token" && settings.Token is null =>
            " — cao-server requires a bearer token: set CAO_AUTH_LOCAL_TOKEN (or CAO_API_TOKEN) to a token it accepts.",
        401 when detail == "missing bearer token" =>
            $" — cao-ops sent the token from {settings.TokenVariable}, but it did not arrive (a proxy in between may drop the Authorization header).",
        401 when detail.StartsWith("invalid token", StringComparison.Ordinal) =>
            $" — cao-server rejected the token in {settings.TokenVariable}: {Rejected(detail, settings)}",
        403 when Scopes().Match(detail) is { Success: true } m =>
            $" — this operation needs a token with {Either(m.Groups[1].Value)}; the token in {settings.TokenVariable} has {(m.Groups[1].Value.Contains(',', StringComparison.Ordinal) ? "neither" : "not")} (`cao-ops doctor` shows its scopes).",
        403 when detail.Contains("Cross-origin", StringComparison.Ordinal) => " — a proxy added an Origin header; cao-ops never sends one.",
        400 when detail == "Invalid host header" =>
            $" — cao-server at {settings.BaseUrl.Host} only accepts requests addressed to 127.0.0.1/localhost: on that machine, start cao-server with CAO_ALLOWED_HOSTS={settings.BaseUrl.Host} (comma-separated list).",
        409 or 500 when detail.Contains("ERROR state", StringComparison.Ordinal) => ErrorState,
        409 when detail.Contains("waiting for a user answer", StringComparison.Ordinal) =>
            " — answer the agent's question first: send_terminal_input (text) or send_terminal_key (a key).",
        409 when detail.StartsWith("cleanup deferred", StringComparison.Ordinal) =>
            " — a Grok CLI process is still exiting; retry in a few seconds.",
        _ => string.Empty,
    };

    /// <summary>For a terminal in <c>error</c>: cao-server refuses input to it until it leaves that state.</summary>
    public const string ErrorState =
        " — its agent CLI failed or exited, and cao-server refuses input while the terminal is in error (mock and most CLIs never leave it). "
        + "Read get_terminal_output to see why, then delete_terminal and add_terminal (or launch_session) for a fresh agent.";

    private static string Rejected(string detail, CaoSettings settings)
    {
        if (detail.Contains("expired", StringComparison.Ordinal))
        {
            return $"it has expired. Put a fresh token in {settings.TokenVariable}.";
        }

        if (detail.Contains("Audience", StringComparison.Ordinal))
        {
            return $"it was issued for another audience; cao-server expects its own URL (e.g. {settings.BaseAddress}) as aud. Get a token for this server.";
        }

        if (detail.Contains("issuer", StringComparison.OrdinalIgnoreCase))
        {
            return "it comes from another issuer than the one cao-server trusts (CAO_AUTH_ISSUER). Get a token from that issuer.";
        }

        if (detail.Contains("Signature", StringComparison.Ordinal) || detail.Contains("signing key", StringComparison.Ordinal))
        {
            return "it is not signed by a key cao-server trusts (its CAO_AUTH_JWKS_URI). Get a token from cao-server's issuer.";
        }

        if (detail.Contains("segments", StringComparison.Ordinal) || detail.Contains("padding", StringComparison.Ordinal) || detail.Contains("decode", StringComparison.OrdinalIgnoreCase))
        {
            return $"it is not a JWT. {settings.TokenVariable} must hold a token from cao-server's issuer.";
        }

        return $"check the token in {settings.TokenVariable}.";
    }

    /// <summary>"'cao:write', 'cao:admin'" → "cao:write or cao:admin".</summary>
    private static string Either(string list) =>
        string.Join(" or ", list.Split(',').Select(s => s.Trim().Trim('\'', '"')).Where(s => s.Length > 0));

    [GeneratedRegex(@"\AForbidden: requires one of \[(.*)\]\z")]
    private static partial Regex Scopes();
}
