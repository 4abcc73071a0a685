using System.Diagnostics;
using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools;

namespace CaoOps.Fleet;

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
        OutputSchema = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "success":{"type":"boolean"},
              "nodes":{"type":"array","items":{"type":"object","properties":{
                "node":{"type":"string"},"url":{"type":"string"},"label":{"type":["string","null"]},"os":{"type":["string","null"]},"role":{"type":["string","null"]},
                "reachable":{"type":"boolean"},"status":{"type":"string","description":"ok, offline: <reason>, or timeout"},
                "health":{"type":["object","null"]},"session_count":{"type":["integer","null"]},"latency_ms":{"type":"number"}}}}},
             "required":["success","nodes"]}
            """),
        Handler = async (_, ct) =>
        {
            var reports = await Task.WhenAll(nodes.Select(n => ProbeAsync(n, ct))).ConfigureAwait(false);
            return ToolOutcome.Success(JsonBuild.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("success", true);
                w.WriteStartArray("nodes");
                foreach (var r in reports)
                {
                    r.WriteTo(w);
                }

                w.WriteEndArray();
                w.WriteEndObject();
            }));
        },
    };

    private static async Task<JsonElement> ProbeAsync(FleetNode node, CancellationToken ct)
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

    private static JsonElement Report(FleetNode node, ApiResponse? health, ApiResponse? sessions, TimeSpan latency, bool timedOut) => JsonBuild.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("node", node.Name);
        w.WriteString("url", node.Settings.BaseAddress);
        WriteNullable(w, "label", node.Label);
        WriteNullable(w, "os", node.Os);
        WriteNullable(w, "role", node.Role);
        var reachable = health is { Ok: true };
        w.WriteBoolean("reachable", reachable);
        w.WriteString("status", reachable ? "ok"
            : timedOut || health?.Failure == ApiFailure.Timeout ? "timeout"
            : "offline: " + health?.Error);
        w.WritePropertyName("health");
        if (reachable && health!.Json.ValueKind == JsonValueKind.Object)
        {
            health.Json.WriteTo(w);
        }
        else
        {
            w.WriteNullValue();
        }

        if (sessions is { Ok: true } s && s.Json.ValueKind == JsonValueKind.Array)
        {
            w.WriteNumber("session_count", s.Json.GetArrayLength());
        }
        else
        {
            w.WriteNull("session_count");
        }

        w.WriteNumber("latency_ms", Math.Round(latency.TotalMilliseconds, 1));
        w.WriteEndObject();
    });

    private static void WriteNullable(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
