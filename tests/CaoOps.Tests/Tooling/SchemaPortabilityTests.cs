using System.Text.Json;
using CaoOps.Mcp;
using CaoOps.Tests.Support;
using CaoOps.Tools;
using CaoOps.Tools.Fleet;

namespace CaoOps.Tests.Tooling;

/// <summary>
/// The guard where the next tool is written: every input and output schema, of every tool and of the fleet-decorated
/// tools, is one that every MCP client accepts and that says something. Clients built on the TypeScript SDK (Claude
/// Code, the MCP Inspector, most hosts) reject a boolean subschema; hosts that map schemas onto a single-type dialect
/// (Gemini function declarations) reject or drop type arrays; a schema with no constraining keyword tells an agent
/// nothing. The rules are the MCP Inspector's strict lint (boolean-schema, type-union, untyped-schema).
/// </summary>
public class SchemaPortabilityTests
{
    // Keywords that constrain a value (the Inspector's list); a schema with none of them accepts anything.
    private static readonly HashSet<string> Constraining =
    [
        "type", "enum", "const", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum", "maxLength",
        "minLength", "pattern", "format", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains", "maxProperties",
        "minProperties", "required", "dependentRequired", "allOf", "anyOf", "oneOf", "not", "items", "prefixItems", "contains",
        "additionalItems", "unevaluatedItems", "properties", "patternProperties", "additionalProperties", "unevaluatedProperties",
        "propertyNames", "dependentSchemas", "dependencies", "$ref",
    ];

    private static readonly string[] MapKeywords = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"];
    private static readonly string[] ArrayKeywords = ["allOf", "anyOf", "oneOf", "prefixItems"];
    private static readonly string[] SchemaKeywords = ["items", "additionalProperties", "not", "contains", "propertyNames", "additionalItems", "unevaluatedItems", "unevaluatedProperties", "if", "then", "else"];

    // Keywords whose boolean value is a keyword value, not a subschema.
    private static readonly HashSet<string> BooleanValued = ["additionalProperties", "unevaluatedProperties", "uniqueItems", "exclusiveMaximum", "exclusiveMinimum"];

    public static TheoryData<string> Tools() => [.. ToolCatalog.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Tools))]
    public void Schemas_have_no_boolean_subschema_no_type_array_and_no_empty_schema(string name)
    {
        var tool = ProtocolTools.ToProtocol(ToolCatalog.All.Single(t => t.Name == name));
        Assert.Empty(Problems(tool.InputSchema, "inputSchema").Concat(Problems(tool.OutputSchema!.Value, "outputSchema")));
    }

    [Fact]
    public void Fleet_decorated_schemas_are_portable_too()
    {
        var errors = new List<string>();
        using var doc = JsonDocument.Parse("""{"machines":[{"name":"a","host":"127.0.0.1"},{"name":"b","host":"127.0.0.2"}]}""");
        var nodes = FleetRegistry.Parse("fleet.json", doc.RootElement, Harness.DefaultSettings, _ => null, errors)!;
        Assert.Empty(errors);
        var problems = FleetTools.Decorate(ToolCatalog.All, nodes).Select(ProtocolTools.ToProtocol)
            .SelectMany(t => Problems(t.InputSchema, t.Name + ".inputSchema").Concat(Problems(t.OutputSchema!.Value, t.Name + ".outputSchema")));
        Assert.Empty(problems);
    }

    [Fact]
    public void The_guard_finds_each_kind_of_problem()
    {
        var schema = JsonDocument.Parse("""
            {"type":"object","properties":{"a":true,"b":{"type":["string","null"]},"c":{},"d":{"description":"x"},
             "e":{"type":"object","additionalProperties":true},"f":{"anyOf":[{"type":"string"},{"type":"number"}]}}}
            """).RootElement;
        Assert.Equal(
            ["s.properties.a: boolean schema", "s.properties.b: type array", "s.properties.c: no constraining keyword", "s.properties.d: no constraining keyword"],
            Problems(schema, "s"));
    }

    internal static List<string> Problems(JsonElement schema, string path)
    {
        var found = new List<string>();
        Walk(schema, path, keyword: null, found);
        return found;
    }

    private static void Walk(JsonElement node, string path, string? keyword, List<string> found)
    {
        if (node.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            if (keyword is null || !BooleanValued.Contains(keyword))
            {
                found.Add($"{path}: boolean schema");
            }

            return;
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (node.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.Array)
        {
            found.Add($"{path}: type array");
        }

        if (keyword != "not" && !node.EnumerateObject().Any(p => Constraining.Contains(p.Name)))
        {
            found.Add($"{path}: no constraining keyword");
        }

        foreach (var key in MapKeywords)
        {
            if (node.TryGetProperty(key, out var map) && map.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in map.EnumerateObject())
                {
                    Walk(p.Value, $"{path}.{key}.{p.Name}", key, found);
                }
            }
        }

        foreach (var key in ArrayKeywords)
        {
            if (node.TryGetProperty(key, out var items) && items.ValueKind == JsonValueKind.Array)
            {
                var i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    Walk(item, $"{path}.{key}[{i++}]", key, found);
                }
            }
        }

        foreach (var key in SchemaKeywords)
        {
            if (node.TryGetProperty(key, out var sub))
            {
                Walk(sub, $"{path}.{key}", key, found);
            }
        }
    }
}
