using System.Diagnostics;
using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tools.Fleet;

/// <summary>list_nodes (fleet mode): per node — reachable, /health summary, session count, latency.</summary>
internal static class ListNodesTool
{
    public static ToolDefinition Create(IReadOnlyList<FleetNode> nodes) => new()
    {
        Name = "list_nodes",
        Title = "List fleet nodes",
        Toolset = Toolsets.Fleet,
        Description = "List the CAO nodes of the fleet registry with their health: reachable, /health status and terminal backend, session count and latency. Use a node's name as the 'node' argument of the other tools.",
        Hints = ToolHints.Read,
        Output = OutputSchemas.For(FleetJsonContext.Default.NodeListResult),
        Failure = (message, _) => Results.Of(new NodeListResult(false, []) { Message = message }, FleetJsonContext.Default.NodeListResult),
        Handler = async (_, ct) =>
        {
            var reports = await Task.WhenAll(nodes.Select(n => ProbeAsync(n, ct))).ConfigureAwait(false);
            return ToolOutcome.Success(Results.Of(new NodeListResult(true, reports), FleetJsonContext.Default.NodeListResult));
        },
    };

    private static async Task<NodeReport> ProbeAsync(FleetNode node, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(node.Settings.NodeTimeout);
        try
        {
            var health = await node.Client.SendAsync(new ApiRequest(HttpMethod.Get, "/health", "Health check") { Timeout = node.Settings.NodeTimeout }, timeout.Token).ConfigureAwait(false);
            var latency = clock.Elapsed;
            var sessions = health.Ok
                ? await node.Client.SendAsync(new ApiRequest(HttpMethod.Get, "/sessions", "List sessions") { Timeout = node.Settings.NodeTimeout }, timeout.Token).ConfigureAwait(false)
                : null;
            return Report(node, health, sessions, latency, timedOut: false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Report(node, null, null, clock.Elapsed, timedOut: true);
        }
    }

    private static NodeReport Report(FleetNode node, ApiResponse? health, ApiResponse? sessions, TimeSpan latency, bool timedOut)
    {
        var reachable = health is { Ok: true };
        var status = reachable ? "ok"
            : timedOut || health?.Failure == ApiFailure.Timeout ? "timeout"
            : "offline: " + health?.Error;
        return new NodeReport(
            node.Name,
            node.Settings.BaseAddress,
            node.Label,
            node.Os,
            node.Role,
            reachable,
            status,
            reachable && health!.Json.ValueKind == JsonValueKind.Object ? health.Json : null,
            sessions is { Ok: true } s && s.Json.ValueKind == JsonValueKind.Array ? s.Json.GetArrayLength() : null,
            Math.Round(latency.TotalMilliseconds, 1));
    }
}
