using System.Text.Json;

namespace CaoOps.Cao;

internal enum ApiFailure
{
    None,
    Unreachable,
    Timeout,
    Http,
    InvalidJson,
    TooLarge,
}

/// <summary>The outcome of one call: the parsed JSON on success, or a message that says what failed and what to do.</summary>
internal sealed record ApiResponse
{
    public ApiFailure Failure { get; init; }
    public int StatusCode { get; init; }
    public JsonElement Json { get; init; }
    public string? Error { get; init; }

    /// <summary>The server's own detail text for HTTP errors (without the operation prefix).</summary>
    public string? Detail { get; init; }

    public bool Ok => Failure == ApiFailure.None;

    public static ApiResponse Success(int status, JsonElement json) => new() { StatusCode = status, Json = json };
}
