using System.Text.Json;
using CaoOps.Testing;
using CaoOps.Testing.Schemas;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace CaoOps.E2E.Tests.Support;

/// <summary>
/// The published binary over stdio, driven by the SDK's own MCP client, pointed at a CAO API double. Every tool result
/// that carries structuredContent is validated against the tool's outputSchema from tools/list.
/// </summary>
internal sealed class McpHarness : IAsyncDisposable
{
    /// <summary>Settings of cao-ops a test must not inherit from the machine running it.</summary>
    public static readonly string[] ScrubbedVariables =
    [
        "CAO_API_URL", "CAO_API_HOST", "CAO_API_PORT", "CAO_AUTH_LOCAL_TOKEN", "CAO_API_TOKEN", "CAO_OPS_TIMEOUT",
        "CAO_OPS_LAUNCH_TIMEOUT", "CAO_OPS_CONNECT_TIMEOUT", "CAO_OPS_READ_ONLY", "CAO_OPS_TOOLS", "CAO_OPS_EXCLUDE_TOOLS", "CAO_OPS_TOOLSETS", "CAO_OPS_LOG",
        "CAO_FLEET", "CAO_OPS_NODE_TIMEOUT", "CAO_OPS_WAIT_OUTAGE", "CAO_HOME_DIR", "CAO_AGENTS_DIR", "CAO_BUILTIN_STORE", "CAO_PROFILE_ALLOWED_HOSTS",
    ];

    private readonly List<string> _stderr;
    private Dictionary<string, JsonElement?>? _outputSchemas;

    private McpHarness(McpClient client, List<string> stderr)
    {
        Client = client;
        _stderr = stderr;
    }

    public McpClient Client { get; }

    public static Task<McpHarness> StartAsync(CaoApiDouble api, Dictionary<string, string?>? env = null, params string[] extraArgs) =>
        StartAsync(api.BaseAddress, env, extraArgs);

    public static Task<McpHarness> StartAsync(string baseAddress, Dictionary<string, string?>? env = null, params string[] extraArgs) =>
        StartCoreAsync(baseAddress, env, null, extraArgs);

    /// <summary>
    /// With the protocol version the client asks for. Without one the SDK negotiates the handshake-free 2026-07-28;
    /// "2025-11-25" and older go through the initialize handshake, as Claude Code and VS Code do.
    /// </summary>
    public static Task<McpHarness> StartOnProtocolAsync(CaoApiDouble api, string protocolVersion, Dictionary<string, string?>? env = null, params string[] extraArgs) =>
        StartCoreAsync(api.BaseAddress, env, protocolVersion, extraArgs);

    private static async Task<McpHarness> StartCoreAsync(string baseAddress, Dictionary<string, string?>? env, string? protocolVersion, string[] extraArgs)
    {
        var variables = ScrubbedVariables.ToDictionary(v => v, _ => (string?)null);
        variables["CAO_API_URL"] = baseAddress;
        foreach (var (key, value) in env ?? [])
        {
            variables[key] = value;
        }

        var lines = new List<string>();
        var transport = new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "cao-ops",
            Command = PublishedBinary.Path,
            Arguments = ["mcp", .. extraArgs],
            EnvironmentVariables = variables,
            StandardErrorLines = line => { lock (lines) { lines.Add(line); } },
            ShutdownTimeout = TimeSpan.FromSeconds(5),
        });
        using var cts = new CancellationTokenSource(Deadlines.Seconds(30));
        var client = await McpClient.CreateAsync(transport, new McpClientOptions { ClientInfo = new Implementation { Name = "cao-ops-e2e", Version = "1.0" }, ProtocolVersion = protocolVersion }, cancellationToken: cts.Token);
        var harness = new McpHarness(client, lines);
        // Read the output schemas now, so no timed call later pays for the tools/list its result is checked against.
        await harness.OutputSchemasAsync(cts.Token);
        return harness;
    }

    /// <summary>Everything the server wrote to stderr so far.</summary>
    public string StderrText()
    {
        lock (_stderr)
        {
            return string.Join('\n', _stderr);
        }
    }

    public async Task<CallToolResult> CallAsync(string tool, object? arguments = null, IProgress<ModelContextProtocol.ProgressNotificationValue>? progress = null, CancellationToken ct = default)
    {
        var args = arguments is null ? new Dictionary<string, object?>() : ToDictionary(arguments);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Deadlines.Seconds(60));
        var result = await Client.CallToolAsync(tool, args, progress, cancellationToken: timeout.Token);
        if (result.StructuredContent is { } structured && (await OutputSchemasAsync(timeout.Token)).TryGetValue(tool, out var schema) && schema is { } s)
        {
            SchemaAssert.Matches(s, structured, tool);
        }

        return result;
    }

    /// <summary>Each listed tool's outputSchema, read once per server (every result is checked against it).</summary>
    private async Task<Dictionary<string, JsonElement?>> OutputSchemasAsync(CancellationToken ct) =>
        _outputSchemas ??= (await Client.ListToolsAsync(cancellationToken: ct)).ToDictionary(t => t.Name, t => t.ProtocolTool.OutputSchema);

    private static Dictionary<string, object?> ToDictionary(object arguments)
    {
        using var doc = JsonDocument.Parse(JsonSerializer.Serialize(arguments));
        return doc.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());
    }

    public async ValueTask DisposeAsync() => await Client.DisposeAsync();
}

internal static class ResultExtensions
{
    public static JsonElement Json(this CallToolResult result) => result.StructuredContent!.Value;

    public static string Str(this CallToolResult result, string key) => result.Json().GetProperty(key).GetString()!;

    public static string Message(this CallToolResult result) => result.Str("message");

    public static string Text(this CallToolResult result) => ((TextContentBlock)result.Content[0]).Text;
}
