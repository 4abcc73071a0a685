namespace CaoOps.Testing;

/// <summary>One request as the double received it (recorded before any handling).</summary>
/// <param name="Method">HTTP method, upper case as sent.</param>
/// <param name="RawTarget">Path and query exactly as received on the wire, still percent-encoded.</param>
/// <param name="Path">The fully percent-decoded path.</param>
/// <param name="Query">Decoded query parameters (the last value wins for repeated names).</param>
/// <param name="Body">The request body as UTF-8 text, or null when there was none.</param>
/// <param name="ContentType">The Content-Type header, or null.</param>
/// <param name="Headers">Request headers keyed by lower-case name.</param>
public sealed record RecordedRequest(
    string Method,
    string RawTarget,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    string? Body,
    string? ContentType,
    IReadOnlyDictionary<string, string> Headers);
