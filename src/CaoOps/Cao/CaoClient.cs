using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;

namespace CaoOps.Cao;

/// <summary>
/// The one HTTP seam to cao-server. Every request has a deadline, carries the bearer token when one is configured,
/// never an Origin header, and turns every failure into a message that names the operation and says what to do.
/// </summary>
internal sealed class CaoClient : IDisposable
{
    /// <summary>Larger bodies are refused rather than buffered (mode=full output is ~32 KiB on a real server).</summary>
    public const int MaxResponseBytes = 32 * 1024 * 1024;

    private readonly Lazy<HttpClient> _http;
    private readonly CaoSettings _settings;

    public CaoClient(CaoSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        // Created on the first request: an MCP server answers initialize without touching the network stack.
        _http = new Lazy<HttpClient>(() => CreateHttpClient(settings, handler), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    private static HttpClient CreateHttpClient(CaoSettings settings, HttpMessageHandler? handler)
    {
        handler ??= new SocketsHttpHandler
        {
            ConnectTimeout = settings.ConnectTimeout,
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30),
            MaxConnectionsPerServer = 64,
        };
        var http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = settings.BaseUrl,
            Timeout = Timeout.InfiniteTimeSpan, // per-request deadlines in SendAsync
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
        http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("cao-ops", ThisAssembly.Version));
        if (settings.Token is { } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return http;
    }

    public CaoSettings Settings => _settings;

    public string BaseAddress => _settings.BaseAddress;

    public async Task<ApiResponse> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        if (TlsLibrary.MissingFor(_settings.BaseUrl) is { } noTls)
        {
            return new ApiResponse { Failure = ApiFailure.Unreachable, Error = $"{request.Operation} failed: cannot connect to {BaseAddress}: {noTls}" };
        }

        var timeout = request.Timeout ?? _settings.RequestTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        if (!TryBuildUri(request.Target, out var uri))
        {
            return new ApiResponse
            {
                Failure = ApiFailure.Http,
                Error = $"{request.Operation} failed: the request is too long to send ({request.Target.Length} characters of URL); shorten the arguments.",
            };
        }

        using var message = new HttpRequestMessage(request.Method, uri);
        if (request.Body is { } body)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(body.GetRawText()); // the JSON exactly as the tool wrote it
            message.Content = new ByteArrayContent(bytes);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        try
        {
            using var response = await _http.Value.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (response.Content.Headers.ContentLength is > MaxResponseBytes)
            {
                return TooLarge(request, status);
            }

            var payload = await ReadBoundedAsync(response.Content, deadline.Token).ConfigureAwait(false);
            if (payload is null)
            {
                return TooLarge(request, status);
            }

            if (status >= 400)
            {
                var detail = Redact(ErrorDetail.From(status, payload, response.Content.Headers.ContentType?.MediaType));
                return new ApiResponse
                {
                    Failure = ApiFailure.Http,
                    StatusCode = status,
                    Detail = detail,
                    Error = $"{request.Operation} failed: {detail}{ErrorHints.For(status, detail, _settings)}",
                };
            }

            try
            {
                var json = JsonSerializer.Deserialize(payload, CaoJsonContext.Default.JsonElement);
                return ApiResponse.Success(status, json);
            }
            catch (JsonException ex)
            {
                return new ApiResponse
                {
                    Failure = ApiFailure.InvalidJson,
                    StatusCode = status,
                    Error = $"{request.Operation} failed: invalid JSON response ({Redact(ex.Message)}) from {BaseAddress} — is this a cao-server?",
                };
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new ApiResponse
            {
                Failure = ApiFailure.Timeout,
                Error = $"{request.Operation} failed: CAO server at {BaseAddress} did not answer within {Seconds(timeout)} s. "
                    + $"If the operation is legitimately slow, raise {request.TimeoutSetting} (seconds).",
            };
        }
        catch (HttpRequestException ex)
        {
            return new ApiResponse { Failure = ApiFailure.Unreachable, Error = $"{request.Operation} failed: {Describe(ex)}" };
        }
        catch (IOException ex)
        {
            // A connection reset while the request or response body streams (e.g. a request the server refuses to read).
            return new ApiResponse { Failure = ApiFailure.Unreachable, Error = $"{request.Operation} failed: {Describe(new HttpRequestException(ex.Message, ex))}" };
        }
    }

    /// <summary>The bearer token never appears in a message, even when a server or proxy echoes it back.</summary>
    private string Redact(string text) =>
        _settings.Token is { Length: >= 4 } token ? text.Replace(token, "***", StringComparison.Ordinal) : text;

    /// <summary>False for a target System.Uri refuses (too long): an argument problem, reported as such rather than thrown.</summary>
    private bool TryBuildUri(string target, out Uri uri) => Uri.TryCreate(_settings.BaseAddress + target, UriKind.Absolute, out uri!);

    private static async Task<byte[]?> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private ApiResponse TooLarge(ApiRequest request, int status) => new()
    {
        Failure = ApiFailure.TooLarge,
        StatusCode = status,
        Error = $"{request.Operation} failed: the response from {BaseAddress} is larger than {MaxResponseBytes / (1024 * 1024)} MiB; refusing to read it.",
    };

    private string Describe(HttpRequestException ex)
    {
        var socket = FindSocketError(ex);
        if (socket is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.HostUnreachable or SocketError.NetworkUnreachable
            or SocketError.TryAgain or SocketError.AddressNotAvailable)
        {
            return $"CAO server not reachable at {BaseAddress} — is `cao-server` running? ({Reason(socket.Value)}; set CAO_API_URL or CAO_API_HOST/CAO_API_PORT if it listens elsewhere)";
        }

        if (ex.InnerException is TimeoutException || ex.InnerException is OperationCanceledException)
        {
            return $"CAO server not reachable at {BaseAddress} — no connection within {Seconds(_settings.ConnectTimeout)} s (CAO_OPS_CONNECT_TIMEOUT). Is `cao-server` running and is the address right?";
        }

        if (socket is SocketError.ConnectionReset or SocketError.ConnectionAborted || ex.HttpRequestError is HttpRequestError.ResponseEnded or HttpRequestError.InvalidResponse)
        {
            return $"CAO server at {BaseAddress} closed the connection without a valid HTTP response ({(socket is { } e ? e.ToString() : ex.HttpRequestError.ToString())}). Check the cao-server log; if it restarted, retry.";
        }

        return $"request to CAO server at {BaseAddress} failed: {ex.Message}";
    }

    private static string Reason(SocketError error) => error switch
    {
        SocketError.ConnectionRefused => "connection refused",
        SocketError.HostNotFound or SocketError.TryAgain => "host name not found",
        _ => error.ToString(),
    };

    private static SocketError? FindSocketError(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException se)
            {
                return se.SocketErrorCode;
            }
        }

        return null;
    }

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    public void Dispose()
    {
        if (_http.IsValueCreated)
        {
            _http.Value.Dispose();
        }
    }
}
