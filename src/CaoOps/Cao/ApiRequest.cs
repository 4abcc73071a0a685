using System.Text.Json;

namespace CaoOps.Cao;

/// <summary>One call to cao-server. <see cref="Operation"/> names it in error messages ("Get session info for 'x'").</summary>
internal sealed record ApiRequest(HttpMethod Method, string Path, string Operation)
{
    public IReadOnlyList<KeyValuePair<string, string>>? Query { get; init; }

    /// <summary>JSON body (sent with Content-Type: application/json), or null for no body.</summary>
    public JsonElement? Body { get; init; }

    /// <summary>Overrides the default request timeout (launching blocks until the agent is ready).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Which environment variable raises <see cref="Timeout"/>; named in the timeout message.</summary>
    public string TimeoutSetting { get; init; } = "CAO_OPS_TIMEOUT";

    public string Target => CaoPath.WithQuery(Path, Query);
}
