using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace CaoOps.Testing.Schemas;

/// <summary>
/// Checks a tool result against the tool's outputSchema with a real JSON Schema validator (JsonSchema.Net), as MCP
/// client SDKs do before they accept a result. Shared by the unit and end-to-end harnesses, so no test can pass with
/// a result that breaks its schema.
/// </summary>
internal static class SchemaAssert
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Cache = new(StringComparer.Ordinal);

    private static readonly EvaluationOptions Options = new() { OutputFormat = OutputFormat.List };

    /// <summary>Fails the test with every violation when <paramref name="result"/> does not match <paramref name="schema"/>.</summary>
    public static void Matches(JsonElement schema, JsonElement result, string tool)
    {
        var problems = Violations(schema, result);
        Assert.True(problems.Count == 0, $"{tool}: structuredContent does not match its outputSchema:\n  {string.Join("\n  ", problems)}\nresult: {result.GetRawText()}\nschema: {schema.GetRawText()}");
    }

    /// <summary>The violations, one line each (empty when the result is valid).</summary>
    public static IReadOnlyList<string> Violations(JsonElement schema, JsonElement result)
    {
        var text = schema.GetRawText();
        var compiled = Cache.GetOrAdd(text, t => JsonSchema.FromText(t));
        var evaluation = compiled.Evaluate(result, Options);
        if (evaluation.IsValid)
        {
            return [];
        }

        return [.. (evaluation.Details ?? [])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}"))];
    }
}
