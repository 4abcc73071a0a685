using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tools.Fleet;

/// <summary>
/// Fleet mode: every tool gains an optional <c>node</c> argument and results carry <c>node</c>. Tools that act on one
/// session, terminal or profile need <c>node</c> when the fleet has more than one; list_sessions and list_profiles without
/// <c>node</c> ask every node concurrently, each within its own timeout, and merge what answered.
/// </summary>
internal static class FleetTools
{
    private static readonly Dictionary<string, string> FanOutLists = new(StringComparer.Ordinal)
    {
        ["list_sessions"] = "sessions",
        ["list_profiles"] = "profiles",
    };

    public static IReadOnlyList<ToolDefinition> Decorate(IReadOnlyList<ToolDefinition> tools, IReadOnlyList<FleetNode> nodes) =>
        [.. tools.Select(t => Decorate(t, nodes)), ListNodesTool.Create(nodes)];

    private static ToolDefinition Decorate(ToolDefinition tool, IReadOnlyList<FleetNode> nodes)
    {
        var names = nodes.Select(n => n.Name).ToArray();
        var fanOut = FanOutLists.TryGetValue(tool.Name, out var listKey);
        var node = new ToolParameter("node", ParamKind.String, fanOut
            ? "Fleet node to ask (see list_nodes). Default: every node, merged, each item tagged with its node."
            : nodes.Count > 1 ? "Fleet node (see list_nodes). Required: this fleet has several nodes." : "Fleet node (see list_nodes).")
        {
            Enum = names,
            EnumError = value => $"unknown node '{value}' (nodes: {string.Join(", ", names)})",
        };

        return tool with
        {
            Description = tool.Description + (fanOut ? " In a fleet, without node it asks every node and reports each node's status." : " In a fleet, pass node."),
            Parameters = [.. tool.Parameters, node],
            Output = OutputSchemas.Derive(() => WithNodeFields(tool.OutputSchema, fanOut)),
            Failure = (message, args) => Tag(tool.Failure(message, args), args?.String("node")),
            Handler = fanOut ? FanOut(tool, nodes, listKey!) : Targeted(tool, nodes),
        };
    }

    private static Func<ToolCall, CancellationToken, Task<ToolOutcome>> Targeted(ToolDefinition tool, IReadOnlyList<FleetNode> nodes) => async (call, ct) =>
    {
        var name = call.Args.String("node");
        if (name is null && nodes.Count > 1)
        {
            return ToolOutcome.Error(tool.Failure($"{tool.Name} needs 'node' in a fleet of {nodes.Count} nodes: one of {string.Join(", ", nodes.Select(n => n.Name))} (list_nodes describes them)", call.Args));
        }

        var node = name is null ? nodes[0] : nodes.First(n => n.Name == name);
        var outcome = await tool.Handler(call with { Services = node.Services }, ct).ConfigureAwait(false);
        return outcome with { Result = Tag(outcome.Result, node.Name) };
    };

    private static Func<ToolCall, CancellationToken, Task<ToolOutcome>> FanOut(ToolDefinition tool, IReadOnlyList<FleetNode> nodes, string listKey)
    {
        var targeted = Targeted(tool, nodes);
        return async (call, ct) =>
        {
            if (call.Args.String("node") is not null)
            {
                var one = await targeted(call, ct).ConfigureAwait(false);
                return one with { Result = TagItems(one.Result, listKey, call.Args.String("node")!) };
            }

            var answers = await Task.WhenAll(nodes.Select(n => AskAsync(tool, call, n, ct))).ConfigureAwait(false);
            var ok = answers.Count(a => a.Status == "ok");
            var failed = answers.Where(a => a.Status != "ok").ToList();
            var result = JsonBuild.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("success", ok > 0);
                if (failed.Count == 0)
                {
                    w.WriteNull("message");
                }
                else
                {
                    w.WriteString("message", $"{failed.Count} of {nodes.Count} nodes did not answer: {string.Join("; ", failed.Select(f => $"{f.Node.Name} {f.Status}"))}");
                }

                w.WriteStartArray(listKey);
                foreach (var answer in answers.Where(a => a.Status == "ok"))
                {
                    if (answer.Result.TryGetProperty(listKey, out var items) && items.ValueKind == JsonValueKind.Array)
                    {
                        foreach (var item in items.EnumerateArray())
                        {
                            WriteTagged(w, item, answer.Node.Name);
                        }
                    }
                }

                w.WriteEndArray();
                w.WritePropertyName("nodes");
                JsonSerializer.Serialize(w, [.. answers.Select(a => new NodeStatus(a.Node.Name, a.Status, Math.Round(a.Elapsed.TotalMilliseconds, 1)))], FleetJsonContext.Default.IReadOnlyListNodeStatus);
                w.WriteEndObject();
            });
            return new ToolOutcome(result, ok == 0);
        };
    }

    internal sealed record NodeAnswer(FleetNode Node, string Status, JsonElement Result, TimeSpan Elapsed);

    /// <summary>One node's answer within its own timeout: "ok", "offline: &lt;reason&gt;" or "timeout".</summary>
    internal static async Task<NodeAnswer> AskAsync(ToolDefinition tool, ToolCall call, FleetNode node, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        using var nodeCts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var work = tool.Handler(call with { Services = node.Services }, nodeCts.Token);
        var limit = Task.Delay(node.Settings.NodeTimeout, ct);
        if (await Task.WhenAny(work, limit).ConfigureAwait(false) != work)
        {
            ct.ThrowIfCancellationRequested();
            await nodeCts.CancelAsync().ConfigureAwait(false);
            _ = work.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            return new NodeAnswer(node, "timeout", default, clock.Elapsed);
        }

        var outcome = await work.ConfigureAwait(false);
        if (!outcome.IsError)
        {
            return new NodeAnswer(node, "ok", outcome.Result, clock.Elapsed);
        }

        var message = outcome.Result.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "failed";
        var status = message.Contains("did not answer within", StringComparison.Ordinal) ? "timeout" : "offline: " + message;
        return new NodeAnswer(node, status, outcome.Result, clock.Elapsed);
    }

    /// <summary>The result object with "node" added (or replaced).</summary>
    internal static JsonElement Tag(JsonElement result, string? node) => node is null || result.ValueKind != JsonValueKind.Object
        ? result
        : JsonBuild.Write(w => WriteTagged(w, result, node));

    private static JsonElement TagItems(JsonElement result, string listKey, string node) => JsonBuild.Write(w =>
    {
        w.WriteStartObject();
        foreach (var prop in result.EnumerateObject())
        {
            if (prop.Name == listKey && prop.Value.ValueKind == JsonValueKind.Array)
            {
                w.WriteStartArray(listKey);
                foreach (var item in prop.Value.EnumerateArray())
                {
                    WriteTagged(w, item, node);
                }

                w.WriteEndArray();
            }
            else
            {
                prop.WriteTo(w);
            }
        }

        w.WriteEndObject();
    });

    private static void WriteTagged(System.Text.Json.Utf8JsonWriter w, JsonElement obj, string node)
    {
        if (obj.ValueKind != JsonValueKind.Object)
        {
            obj.WriteTo(w);
            return;
        }

        w.WriteStartObject();
        foreach (var prop in obj.EnumerateObject())
        {
            if (prop.Name != "node")
            {
                prop.WriteTo(w);
            }
        }

        w.WriteString("node", node);
        w.WriteEndObject();
    }

    /// <summary>Adds "node" (and for fleet-wide lists "nodes") to a tool's output schema.</summary>
    private static JsonElement WithNodeFields(JsonElement schema, bool fanOut)
    {
        var root = JsonNode.Parse(schema.GetRawText())!.AsObject();
        var properties = root["properties"] as JsonObject ?? [];
        root["properties"] = properties;
        properties["node"] = new JsonObject { ["type"] = "string", ["description"] = "the fleet node that answered" };
        if (fanOut)
        {
            var nodesSchema = JsonNode.Parse(OutputSchemas.Export(FleetJsonContext.Default.IReadOnlyListNodeStatus).GetRawText())!.AsObject();
            nodesSchema.Insert(0, "description", "fleet-wide answers: each node's status");
            properties["nodes"] = nodesSchema;
        }

        return JsonBuild.Write(w => root.WriteTo(w));
    }
}
