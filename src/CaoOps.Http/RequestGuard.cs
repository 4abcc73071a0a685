using System.Text.Json;
using CaoOps.Http.Auth;
using Microsoft.AspNetCore.Http;

namespace CaoOps.Http;

/// <summary>
/// Checks every request before the SDK sees it: Host and Origin (DNS rebinding), the bearer token when authorization is
/// configured (401 / 403 insufficient_scope for a tool the token's scopes do not allow), the session bound and the
/// per-session bound on requests in flight.
/// </summary>
internal sealed class RequestGuard(HttpOptions http, AuthSettings? auth, JwtValidator? validator, ScopePolicy scopes, SessionRegistry sessions)
{
    private static readonly string[] LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    private readonly bool _anyHost = http.AllowedHosts.Contains("*") || (!http.IsLoopback && http.AllowedHosts.Count == 0);

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!HostAllowed(request.Host))
        {
            await Reject(context, StatusCodes.Status403Forbidden,
                $"Host '{request.Host.Host}' is not allowed (DNS rebinding protection). Connect to localhost, or start the server with --allowed-hosts naming this host.").ConfigureAwait(false);
            return;
        }

        if (request.Headers.Origin is { Count: > 0 } origin && !OriginAllowed(origin.ToString()))
        {
            await Reject(context, StatusCodes.Status403Forbidden,
                $"Origin '{origin}' is not allowed (DNS rebinding protection). Only localhost origins are, unless the server is started with --allowed-origins naming it.").ConfigureAwait(false);
            return;
        }

        var path = request.Path;
        if (!path.StartsWithSegments(HttpServe.Endpoint, StringComparison.Ordinal))
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (validator is not null && !await AuthenticateAsync(context).ConfigureAwait(false))
        {
            return;
        }

        string? sessionId = request.Headers["Mcp-Session-Id"];
        if (HttpMethods.IsPost(request.Method))
        {
            if (validator is not null && await ToolCallNeedingAsync(context).ConfigureAwait(false) is { } missing)
            {
                Forbid(context, missing);
                await Reject(context, StatusCodes.Status403Forbidden, $"This call needs the scope {missing}, which the bearer token does not carry. Ask the authorization server for a token with {missing}.").ConfigureAwait(false);
                return;
            }

            if (string.IsNullOrEmpty(sessionId) && sessions.Full)
            {
                context.Response.Headers.RetryAfter = "30";
                await Reject(context, StatusCodes.Status503ServiceUnavailable,
                    $"Too many MCP sessions open ({sessions.MaxSessions}, --max-sessions). End unused sessions (HTTP DELETE) or retry after idle ones expire.").ConfigureAwait(false);
                return;
            }

            if (!string.IsNullOrEmpty(sessionId))
            {
                if (!sessions.TryEnter(sessionId, out var gate))
                {
                    context.Response.Headers.RetryAfter = "1";
                    await Reject(context, StatusCodes.Status429TooManyRequests,
                        $"This session already has {sessions.MaxRequestsPerSession} requests in flight (--max-session-requests). Wait for answers before sending more.").ConfigureAwait(false);
                    return;
                }

                try
                {
                    await next(context).ConfigureAwait(false);
                }
                finally
                {
                    SessionRegistry.Exit(gate);
                }

                return;
            }
        }

        await next(context).ConfigureAwait(false);
    }

    private bool HostAllowed(HostString host)
    {
        if (_anyHost)
        {
            return true;
        }

        if (!host.HasValue)
        {
            return false;
        }

        var name = host.Host.ToLowerInvariant();
        var bound = http.Host.ToLowerInvariant();
        return LoopbackHosts.Contains(name) || name == bound || name == $"[{bound}]"
            || http.AllowedHosts.Contains(name) || (http.PublicUrl is { } u && string.Equals(u.Host, name, StringComparison.OrdinalIgnoreCase));
    }

    private bool OriginAllowed(string origin)
    {
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri) || (uri.Scheme != "http" && uri.Scheme != "https"))
        {
            return false;
        }

        return LoopbackHosts.Contains(uri.Host.ToLowerInvariant())
            || http.AllowedOrigins.Contains(uri.GetLeftPart(UriPartial.Authority), StringComparer.OrdinalIgnoreCase)
            || (http.PublicUrl is { } u && string.Equals(u.GetLeftPart(UriPartial.Authority), uri.GetLeftPart(UriPartial.Authority), StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Validates the bearer token; on failure answers 401 (or 403 without any CAO scope) and returns false.</summary>
    private async Task<bool> AuthenticateAsync(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer resource_metadata=\"{ProtectedResource.MetadataUrl(auth!)}\", scope=\"{ScopePolicy.Read}\"";
            await Reject(context, StatusCodes.Status401Unauthorized, "This server needs a bearer token (Authorization: Bearer <JWT>); the resource metadata in WWW-Authenticate names the authorization server.").ConfigureAwait(false);
            return false;
        }

        var result = await validator!.ValidateAsync(header["Bearer ".Length..].Trim(), context.RequestAborted).ConfigureAwait(false);
        if (result.Principal is not { } principal)
        {
            context.Response.Headers.WWWAuthenticate = $"Bearer resource_metadata=\"{ProtectedResource.MetadataUrl(auth!)}\", error=\"invalid_token\", error_description=\"{result.Error!.Replace("\"", "'", StringComparison.Ordinal)}\"";
            await Reject(context, StatusCodes.Status401Unauthorized, $"The bearer token was refused: {result.Error}").ConfigureAwait(false);
            return false;
        }

        if (!ScopePolicy.HasAny(principal))
        {
            Forbid(context, ScopePolicy.Read);
            await Reject(context, StatusCodes.Status403Forbidden, $"The bearer token carries none of {string.Join(", ", ScopePolicy.All)}; {ScopePolicy.Read} is the least this server needs.").ConfigureAwait(false);
            return false;
        }

        context.User = principal;
        return true;
    }

    private void Forbid(HttpContext context, string scope) =>
        context.Response.Headers.WWWAuthenticate = $"Bearer error=\"insufficient_scope\", scope=\"{scope}\", resource_metadata=\"{ProtectedResource.MetadataUrl(auth!)}\", error_description=\"needs {scope}\"";

    /// <summary>For a tools/call request, the scope its tool needs that the caller lacks (reads the body, which stays readable).</summary>
    private async Task<string?> ToolCallNeedingAsync(HttpContext context)
    {
        context.Request.EnableBuffering(bufferThreshold: 64 * 1024, bufferLimit: http.MaxRequestBytes);
        string? tool = null;
        try
        {
            using var doc = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted).ConfigureAwait(false);
            if (doc.RootElement.ValueKind == JsonValueKind.Object
                && doc.RootElement.TryGetProperty("method", out var method) && method.ValueKind == JsonValueKind.String && method.ValueEquals("tools/call")
                && doc.RootElement.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object
                && p.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String)
            {
                tool = name.GetString();
            }
        }
        catch (JsonException)
        {
            // the SDK answers malformed JSON itself
        }
        finally
        {
            context.Request.Body.Position = 0;
        }

        return tool is null ? null : scopes.Missing(context.User, tool);
    }

    private static async Task Reject(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("jsonrpc", "2.0");
            w.WriteNull("id");
            w.WriteStartObject("error");
            w.WriteNumber("code", status == StatusCodes.Status429TooManyRequests || status == StatusCodes.Status503ServiceUnavailable ? -32000 : -32001);
            w.WriteString("message", message);
            w.WriteEndObject();
            w.WriteEndObject();
        }

        await context.Response.Body.WriteAsync(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), context.RequestAborted).ConfigureAwait(false);
    }
}
