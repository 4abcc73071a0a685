using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>One argument as tools/list advertises it.</summary>
internal sealed record SchemaProperty(string Name, string Type, string? Pattern, IReadOnlyList<string>? Enum, bool Required);

/// <summary>One tool as tools/list advertises it.</summary>
internal sealed record ToolSchema(string Name, IReadOnlyList<SchemaProperty> Properties)
{
    /// <summary>Reads the tools/list result (a JSON-RPC response line's "result", or the result object itself).</summary>
    public static IReadOnlyList<ToolSchema> FromToolsList(JsonElement response)
    {
        var result = response.TryGetProperty("result", out var r) ? r : response;
        var tools = new List<ToolSchema>();
        foreach (var tool in result.GetProperty("tools").EnumerateArray())
        {
            tools.Add(From(tool.GetProperty("name").GetString()!, tool.GetProperty("inputSchema")));
        }

        return tools;
    }

    /// <summary>Reads one tool's inputSchema.</summary>
    public static ToolSchema From(string name, JsonElement schema)
    {
        var required = schema.TryGetProperty("required", out var req) ? req.EnumerateArray().Select(x => x.GetString()!).ToHashSet() : [];
        var props = new List<SchemaProperty>();
        if (schema.TryGetProperty("properties", out var properties))
        {
            foreach (var p in properties.EnumerateObject())
            {
                var type = p.Value.GetProperty("type").GetString()!;
                if (type == "object" && !p.Value.TryGetProperty("additionalProperties", out _))
                {
                    type = "object-any"; // any JSON object (launch metadata), not a map of strings
                }

                props.Add(new SchemaProperty(
                    p.Name,
                    type,
                    p.Value.TryGetProperty("pattern", out var pat) ? pat.GetString() : null,
                    p.Value.TryGetProperty("enum", out var en) ? [.. en.EnumerateArray().Select(x => x.GetString()!)] : null,
                    required.Contains(p.Name)));
            }
        }

        return new ToolSchema(name, props);
    }

    public SchemaProperty Property(string name) => Properties.Single(p => p.Name == name);

    /// <summary>Valid values for every required argument of every tool (none of them names a real terminal).</summary>
    public static readonly IReadOnlyDictionary<string, string> ValidRequired = new Dictionary<string, string>
    {
        ["terminal_id"] = "deadbeef",
        ["session_name"] = "cao-robust",
        ["name"] = "developer",
        ["source"] = "developer",
        ["agent_profile"] = "developer",
        ["message"] = "hi",
        ["key"] = "Enter",
        ["query"] = "review",
    };

    /// <summary>The required arguments with valid values, as a JSON object to add to.</summary>
    public JsonObject ValidArguments()
    {
        var args = new JsonObject();
        foreach (var p in Properties.Where(p => p.Required))
        {
            args[p.Name] = ValidRequired.TryGetValue(p.Name, out var v)
                ? v
                : throw new InvalidOperationException($"no valid value known for required argument {Name}.{p.Name}: add it to {nameof(ValidRequired)}");
        }

        return args;
    }

    /// <summary>JSON values of every kind except the one the schema asks for (null means "absent", so it is not wrong).</summary>
    public static IReadOnlyList<string> WrongValues(string type) => type switch
    {
        "string" => ["42", "-1.5", "true", "false", "[]", "[\"a\"]", "{}", "{\"a\":\"b\"}"],
        "integer" => ["\"7\"", "1.5", "1e400", "-1e400", "9223372036854775808", "true", "[]", "[1]", "{}"],
        "boolean" => ["\"true\"", "0", "1", "[]", "{}", "[true]"],
        "array" => ["\"a\"", "1", "true", "{}", "[1]", "[null]", "[[\"a\"]]", "[{}]", "[\"ok\",2]"],
        "object" => ["\"a\"", "1", "true", "[]", "{\"K\":1}", "{\"K\":null}", "{\"K\":[]}", "{\"K\":{}}"],
        "object-any" => ["\"a\"", "1", "true", "[]", "[{}]"],
        _ => throw new InvalidOperationException($"unexpected schema type {type}"),
    };
}
