using System.Text.Json;

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

/// <summary>
/// A request body after FastAPI's decoding step: absent, parsed JSON, or raw text
/// (a non-JSON content type, which then fails model validation).
/// </summary>
internal readonly record struct RequestBody(bool Present, JsonElement? Json, string? Raw)
{
    public static RequestBody Absent => new(false, null, null);

    /// <summary>Absent, or a literal JSON <c>null</c>: both count as "no body" for optional bodies.</summary>
    public bool IsNone => !Present || Json is { ValueKind: JsonValueKind.Null };

    /// <summary>The value echoed as <c>input</c> in 422 errors.</summary>
    public object? Input => Json is { } json ? json : Raw;
}
