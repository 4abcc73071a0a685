namespace CaoOps.Testing;

/// <summary>Configuration of a <see cref="CaoApiDouble"/> instance.</summary>
public sealed class CaoApiDoubleOptions
{
    /// <summary>IP address to bind (tests also use 127.0.0.2, 127.0.0.3, ...).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks an ephemeral port.</summary>
    public int Port { get; init; }

    /// <summary>
    /// Turns auth on with one accepted token that carries every scope. Gated routes then need
    /// <c>Authorization: Bearer &lt;token&gt;</c> (401 "missing bearer token" / "invalid token: …" otherwise).
    /// </summary>
    public string? RequiredToken { get; init; }

    /// <summary>
    /// Turns auth on: tokens the double treats as validly signed by its issuer. A token shaped like a JWT
    /// (see <see cref="CaoApiDouble.MakeToken"/>) grants the scopes of its <c>scope</c>/<c>scp</c>/<c>permissions</c>
    /// claims and is checked for <c>exp</c> and <c>aud</c>; any other listed string grants every scope.
    /// Routes answer 403 <c>Forbidden: requires one of [...]</c> when the scopes do not cover them.
    /// </summary>
    public IReadOnlyList<string> Tokens { get; init; } = [];

    /// <summary>The audience tokens must name (when they carry <c>aud</c>); default: the double's base address.</summary>
    public string? Audience { get; init; }

    /// <summary>The issuer listed as authorization server in the protected-resource metadata.</summary>
    public string? Issuer { get; init; }

    /// <summary>The clock token expiry is checked against (default: the system clock).</summary>
    public Func<DateTimeOffset>? Clock { get; init; }

    /// <summary>
    /// Providers whose binary is "on the server's PATH" (<c>GET /agents/providers</c> <c>installed</c>). Without
    /// <c>kiro_cli</c>, launching kiro_cli (explicitly or as the default) fails its binary probe with 400, as captured.
    /// </summary>
    public IReadOnlyList<string> InstalledProviders { get; init; } =
    [
        "kiro_cli", "codex", "hermes", "kimi_cli", "copilot_cli", "opencode_cli", "cursor_cli", "antigravity_cli", "omp", "grok_cli", "mcode",
    ];

    /// <summary>
    /// The agent a terminal launched through <c>POST /sessions</c> or <c>POST /sessions/{name}/terminals</c> runs, by agent
    /// profile (null: mock_cli). Lets a test launch, through the client under test, an agent that asks a question.
    /// </summary>
    public Func<string, AgentScript?>? LaunchedAgent { get; init; }

    /// <summary>Mock worker: how long one second of <c>__mock_sleep_N</c> lasts.</summary>
    public TimeSpan MockSleepUnit { get; init; } = TimeSpan.FromMilliseconds(100);

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
