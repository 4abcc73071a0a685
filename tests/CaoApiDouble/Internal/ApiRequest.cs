namespace CaoOps.Testing.Internal;

/// <summary>A parsed request as handed to a route handler.</summary>
internal sealed class ApiRequest
{
    public required string Method { get; init; }

    /// <summary>The fully percent-decoded path.</summary>
    public required string Path { get; init; }

    public required IReadOnlyDictionary<string, string> Query { get; init; }

    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    public required byte[] Body { get; init; }

    public string? ContentType { get; init; }

    /// <summary>The query string as received, still encoded.</summary>
    public string RawQuery { get; init; } = string.Empty;

    public Dictionary<string, string> PathParams { get; } = new(StringComparer.Ordinal);

    /// <summary>The decoded JSON body (set by the pipeline for routes that take one).</summary>
    public RequestBody DecodedBody { get; set; }

    /// <summary>Fires when the client aborts or the double stops.</summary>
    public CancellationToken Aborted { get; init; }

    /// <summary>True when the client went away (as opposed to the double stopping).</summary>
    public required Func<bool> ClientGone { get; init; }

    public string? QueryValue(string name) => Query.TryGetValue(name, out var v) ? v : null;
}
