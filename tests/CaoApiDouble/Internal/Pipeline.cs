using System.Text;
using System.Text.Json;
using CaoOps.Testing.Internal.Auth;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CaoOps.Testing.Internal;

/// <summary>
/// The per-request flow: record, optional delay, fault injection, then cao-server's own order of
/// checks (Host, Origin, routing, JSON body decoding, auth, handler).
/// </summary>
internal sealed class Pipeline
{
    private static readonly string[] DefaultCorsOrigins =
    [
        "http://localhost:3000", "http://127.0.0.1:3000", "http://localhost:5173", "http://127.0.0.1:5173",
        "http://localhost:5174", "http://127.0.0.1:5174",
    ];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly ServerContext _ctx;
    private readonly RouteTable _routes;
    private readonly RequestRecorder _recorder;
    private readonly FaultInjector _faults;

    public Pipeline(ServerContext ctx, RouteTable routes, RequestRecorder recorder, FaultInjector faults)
    {
        _ctx = ctx;
        _routes = routes;
        _recorder = recorder;
        _faults = faults;
    }

    public async Task HandleAsync(HttpContext http)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, _ctx.Stopping);
        var token = linked.Token;
        try
        {
            var request = await ReadRequestAsync(http, token);
            if (_ctx.Options.ResponseDelay > TimeSpan.Zero)
            {
                await Task.Delay(_ctx.Options.ResponseDelay, token);
            }

            var fault = _faults.Take(request.Method, request.Path);
            if (fault is not null)
            {
                await FaultResponder.ApplyAsync(http, fault, () => DispatchAsync(request), token);
                return;
            }

            var response = await DispatchAsync(request);
            await ResponseWriter.WriteAsync(http, response, token);
        }
        catch (Exception) when (token.IsCancellationRequested)
        {
            http.Abort();
        }
        catch (Exception)
        {
            if (http.Response.HasStarted)
            {
                http.Abort();
            }
            else
            {
                await ResponseWriter.WriteAsync(http, ApiResponse.Text(500, "Internal Server Error"), token);
            }
        }
    }

    private async Task<ApiRequest> ReadRequestAsync(HttpContext http, CancellationToken token)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, token);
        var body = buffer.ToArray();

        var rawTarget = http.Features.Get<IHttpRequestFeature>()?.RawTarget ?? http.Request.Path + http.Request.QueryString;
        var (rawPath, rawQuery) = WireText.SplitTarget(rawTarget);
        var path = WireText.PercentDecode(rawPath);
        var query = WireText.ParseQuery(rawQuery);
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, values) in http.Request.Headers)
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", values.ToArray());
        }

        var contentType = headers.GetValueOrDefault("content-type");
        var method = http.Request.Method;
        _recorder.Add(new RecordedRequest(
            method,
            rawTarget,
            path,
            query,
            body.Length == 0 ? null : LenientUtf8.GetString(body),
            contentType,
            headers));

        return new ApiRequest
        {
            Method = method,
            Path = path,
            Query = query,
            Headers = headers,
            Body = body,
            ContentType = contentType,
            Aborted = token,
            ClientGone = () => http.RequestAborted.IsCancellationRequested,
            RawQuery = rawQuery,
        };
    }

    private async Task<ApiResponse> DispatchAsync(ApiRequest request)
    {
        if (!HostAllowed(request.Headers.GetValueOrDefault("host") ?? string.Empty))
        {
            return ApiResponse.Text(400, "Invalid host header");
        }

        if (request.Method is "POST" or "PUT" or "PATCH" or "DELETE"
            && !OriginAllowed(request.Headers.GetValueOrDefault("origin"), request.Headers.GetValueOrDefault("host")))
        {
            return ApiResponse.Detail(403, "Cross-origin request blocked");
        }

        if (!request.Path.StartsWith('/'))
        {
            return ApiResponse.NotFound();
        }

        var segments = request.Path[1..].Split('/');
        var (route, partial) = _routes.Match(request.Method, segments, request.PathParams);
        if (route is null)
        {
            if (partial is not null)
            {
                return ApiResponse.Detail(405, "Method Not Allowed").WithHeader("allow", partial.Method);
            }

            return RedirectSlashes(request) ?? ApiResponse.NotFound();
        }

        if (route.Body != BodyMode.None && request.Body.Length > 0)
        {
            var bodyError = DecodeBody(request);
            if (bodyError is not null)
            {
                return bodyError;
            }
        }

        if (route.Auth == RouteAuth.Gated && _ctx.Auth.Enabled)
        {
            var (scopes, authError) = _ctx.Auth.Check(request.Headers.GetValueOrDefault("authorization"));
            if (authError is not null)
            {
                return ApiResponse.Detail(401, authError).WithHeader("www-authenticate", "Bearer");
            }

            var required = RouteScopes.Required(route.Method, route.Template);
            if (!required.Any(scopes!.Contains))
            {
                return ApiResponse.Detail(403, RouteScopes.Forbidden(required));
            }
        }

        return await route.Handler(request);
    }

    /// <summary>Starlette TrustedHostMiddleware: the part of Host before the first ':' must be allowed.</summary>
    private bool HostAllowed(string hostHeader)
    {
        var allowed = _ctx.Options.AllowedHosts;
        if (allowed.Contains("*"))
        {
            return true;
        }

        var name = hostHeader.Split(':')[0];
        if (name == "localhost" || name == "127.0.0.1" || name == _ctx.Options.Host)
        {
            return true;
        }

        return allowed.Any(p => name == p || (p.StartsWith('*') && name.EndsWith(p[1..], StringComparison.Ordinal)));
    }

    /// <summary>cao-server's CSRF guard: no Origin, same origin as Host, or a configured CORS origin.</summary>
    private static bool OriginAllowed(string? origin, string? host)
    {
        if (string.IsNullOrEmpty(origin))
        {
            return true;
        }

        var schemeEnd = origin.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && host is not null)
        {
            var scheme = origin[..schemeEnd];
            if (scheme is "http" or "https")
            {
                var rest = origin[(schemeEnd + 3)..];
                var end = rest.IndexOfAny(['/', '?', '#']);
                var netloc = end < 0 ? rest : rest[..end];
                var authority = netloc[(netloc.LastIndexOf('@') + 1)..];
                if (netloc.Length > 0 && authority == host)
                {
                    return true;
                }
            }
        }

        return DefaultCorsOrigins.Contains(origin);
    }

    /// <summary>FastAPI's body step: JSON for no/JSON content types, raw text otherwise; malformed JSON is 422.</summary>
    private static ApiResponse? DecodeBody(ApiRequest request)
    {
        if (!IsJsonContentType(request.ContentType))
        {
            request.DecodedBody = new RequestBody(true, null, LenientUtf8.GetString(request.Body));
            return null;
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(request.Body);
        }
        catch (DecoderFallbackException)
        {
            return ApiResponse.Detail(400, "There was an error parsing the body");
        }

        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            request.DecodedBody = new RequestBody(true, document.RootElement.Clone(), null);
            return null;
        }
        catch (JsonException)
        {
            var (position, message) = PyJsonErrors.Locate(text);
            return ValidationErrors.Response([ValidationErrors.JsonInvalid(position, message)]);
        }
    }

    private static bool IsJsonContentType(string? contentType)
    {
        if (string.IsNullOrWhiteSpace(contentType))
        {
            return true;
        }

        var media = contentType.Split(';')[0].Trim().ToLowerInvariant();
        var slash = media.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || media[..slash] != "application")
        {
            return false;
        }

        var subtype = media[(slash + 1)..];
        return subtype == "json" || subtype.EndsWith("+json", StringComparison.Ordinal);
    }

    /// <summary>Starlette's redirect_slashes: a path that matches only with/without a trailing slash gets a 307.</summary>
    private ApiResponse? RedirectSlashes(ApiRequest request)
    {
        if (request.Path == "/")
        {
            return null;
        }

        var toggled = request.Path.EndsWith('/') ? request.Path.TrimEnd('/') : request.Path + "/";
        if (!toggled.StartsWith('/') || !_routes.MatchesAnyMethod(toggled[1..].Split('/')))
        {
            return null;
        }

        var host = request.Headers.GetValueOrDefault("host") ?? string.Empty;
        var location = $"http://{host}{toggled}" + (request.RawQuery.Length > 0 ? "?" + request.RawQuery : string.Empty);
        return new ApiResponse(307, null, []).WithHeader("location", QuoteUrl(location));
    }

    private static string QuoteUrl(string url)
    {
        const string Safe = ":/%#?=@[]!$&'()*+,;_.-~";
        var sb = new StringBuilder(url.Length);
        foreach (var b in Encoding.UTF8.GetBytes(url))
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || Safe.Contains(c, StringComparison.Ordinal)))
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }
}
