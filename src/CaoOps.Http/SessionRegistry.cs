using System.Collections.Concurrent;
using CaoOps.Mcp;
using Microsoft.AspNetCore.Http;
using ModelContextProtocol.Server;

namespace CaoOps.Http;

/// <summary>
/// The MCP sessions open now: how many (bounded by --max-sessions), how many requests each has in flight (bounded by
/// --max-session-requests), and the per-session prompts/resources state, released when the session ends.
/// </summary>
internal sealed class SessionRegistry(int maxSessions, int maxRequestsPerSession)
{
    public const string ExtrasKey = "cao-ops.prompts-and-resources";

    private readonly ConcurrentDictionary<string, SemaphoreSlim> _sessions = new(StringComparer.Ordinal);

    public int Count => _sessions.Count;

    public int MaxSessions => maxSessions;

    public int MaxRequestsPerSession => maxRequestsPerSession;

    public bool Full => _sessions.Count >= maxSessions;

    /// <summary>The SDK's RunSessionHandler: runs the session, then lets its watcher and caches go.</summary>
    public async Task RunAsync(HttpContext context, McpServer server, CancellationToken ct)
    {
        var extras = context.Items.TryGetValue(ExtrasKey, out var e) ? e as PromptsAndResources : null;
        var id = server.SessionId;
        if (id is not null)
        {
            _sessions.TryAdd(id, new SemaphoreSlim(maxRequestsPerSession, maxRequestsPerSession));
        }

        try
        {
            await server.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            if (id is not null && _sessions.TryRemove(id, out var gate))
            {
                gate.Dispose();
            }

            if (extras is not null)
            {
                await extras.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Takes a request slot of a known session: false when all are taken. Unknown ids pass (the SDK answers 404 for them).
    /// </summary>
    public bool TryEnter(string sessionId, out SemaphoreSlim? gate)
    {
        if (!_sessions.TryGetValue(sessionId, out gate))
        {
            return true;
        }

        try
        {
            if (gate.Wait(0))
            {
                return true;
            }
        }
        catch (ObjectDisposedException)
        {
            gate = null;
            return true;
        }

        gate = null;
        return false;
    }

    public static void Exit(SemaphoreSlim? gate)
    {
        try
        {
            gate?.Release();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
