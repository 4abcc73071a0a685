namespace CaoOps.Testing;

/// <summary>Configuration of a <see cref="CaoApiDouble"/> instance.</summary>
public sealed class CaoApiDoubleOptions
{
    /// <summary>IP address to bind (tests also use 127.0.0.2, 127.0.0.3, ...).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks an ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>
    /// When set, every gated route needs <c>Authorization: Bearer &lt;token&gt;</c>
    /// (401 "missing bearer token" / "invalid token: signature mismatch" otherwise).
    /// </summary>
    public string? RequiredToken { get; init; }

    /// <summary>
    /// False behaves like an old server: <c>GET /agents/profiles/{name}</c> and
    /// <c>POST /agents/profiles/install</c> answer the generic 404.
    /// </summary>
    public bool ProfileRoutesEnabled { get; init; } = true;

    /// <summary>How long a synchronous <c>POST /sessions</c> blocks before answering 201 "idle".</summary>
    public TimeSpan CreateDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Mock worker: time from "processing" to "completed" after a message is delivered.</summary>
    public TimeSpan WorkerDelay { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Added to every response.</summary>
    public TimeSpan ResponseDelay { get; init; } = TimeSpan.Zero;

    /// <summary>
    /// Extra Host header names accepted besides <c>127.0.0.1</c>, <c>localhost</c> and
    /// <see cref="Host"/> (like <c>CAO_ALLOWED_HOSTS</c>; <c>"*"</c> disables the check).
    /// </summary>
    public IReadOnlyList<string> AllowedHosts { get; init; } = [];

    /// <summary>Record every request in <see cref="CaoApiDouble.Requests"/> (turn off for long benchmarks).</summary>
    public bool RecordRequests { get; init; } = true;

    /// <summary>The server's own working directory, reported for sessions launched without one.</summary>
    public string DefaultWorkingDirectory { get; init; } = "/srv/cao";
}
