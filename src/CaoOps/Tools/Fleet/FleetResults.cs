using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Tools.Fleet;

/// <summary>One node's part in a fleet-wide answer.</summary>
internal sealed record NodeStatus(
    string Node,
    [property: Description("ok, offline: <reason>, or timeout")] string Status,
    double LatencyMs);

/// <summary>One node as list_nodes reports it.</summary>
internal sealed record NodeReport(
    string Node,
    string Url,
    string? Label,
    string? Os,
    string? Role,
    bool Reachable,
    [property: Description("ok, offline: <reason>, or timeout")] string Status,
    [property: Description("cao-server's /health answer"), Shape(CaoShapes.Health)] JsonElement? Health,
    int? SessionCount,
    double LatencyMs);

/// <summary>list_nodes' answer.</summary>
internal sealed record NodeListResult(bool Success, IReadOnlyList<NodeReport> Nodes)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}

/// <summary>Source-generated JSON for the fleet area.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(NodeListResult))]
[JsonSerializable(typeof(IReadOnlyList<NodeStatus>))]
internal sealed partial class FleetJsonContext : JsonSerializerContext;
