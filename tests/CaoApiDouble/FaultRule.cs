namespace CaoOps.Testing;

/// <summary>A fault injected for requests that match <paramref name="Method"/> and <paramref name="PathPrefix"/>.</summary>
/// <param name="Method">HTTP method to match (case-insensitive); "*" matches any.</param>
/// <param name="PathPrefix">Prefix matched (ordinal) against the decoded request path.</param>
/// <param name="Kind">What to do.</param>
public sealed record FaultRule(string Method, string PathPrefix, FaultKind Kind)
{
    /// <summary>Status code for <see cref="FaultKind.Status"/>.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>Body for <see cref="FaultKind.Status"/>.</summary>
    public string Body { get; init; } = "Internal Server Error";

    /// <summary>Content type for <see cref="FaultKind.Status"/>.</summary>
    public string ContentType { get; init; } = "text/plain";

    /// <summary>Delay for <see cref="FaultKind.Delay"/>, and the pause between chunks for <see cref="FaultKind.Trickle"/>.</summary>
    public TimeSpan Delay { get; init; }

    /// <summary>Total body size in bytes for <see cref="FaultKind.HugeBody"/>.</summary>
    public int Size { get; init; } = 10 * 1024 * 1024;

    /// <summary>Bytes per chunk for <see cref="FaultKind.Trickle"/>.</summary>
    public int ChunkSize { get; init; } = 16;

    /// <summary>How many requests the rule applies to.</summary>
    public int Times { get; init; } = int.MaxValue;
}
