using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace CaoOps.Tooling;

/// <summary>
/// Output schemas. A tool that returns a record gets its schema from the record's source-generated type info, with
/// the <see cref="DescriptionAttribute"/> texts on its properties, so schema and result cannot drift apart. Tools that
/// pass cao-server JSON through describe it with hand-written text (<see cref="Parse"/>).
/// </summary>
internal static class OutputSchemas
{
    private static readonly JsonSchemaExporterOptions Exporter = new()
    {
        TreatNullObliviousAsNonNullable = true,
        TransformSchemaNode = Describe,
    };

    /// <summary>The JSON Schema of <typeparamref name="T"/> as the source generator serialises it (built on first use).</summary>
    public static DeferredSchema For<T>(JsonTypeInfo<T> typeInfo) => new(() => Export(typeInfo));

    /// <summary>A hand-written schema (for JSON passed through from cao-server), parsed on first use.</summary>
    public static DeferredSchema Parse(string json) => new(() => JsonBuild.Parse(json));

    /// <summary>A declared shape (<see cref="CaoShapes"/>) with more properties, parsed on first use.</summary>
    public static DeferredSchema Extend(string shape, string properties) => new(() =>
    {
        var schema = JsonNode.Parse(shape)!.AsObject();
        var props = schema["properties"]!.AsObject();
        foreach (var (name, value) in JsonNode.Parse(properties)!.AsObject().ToList())
        {
            props[name] = value?.DeepClone();
        }

        return JsonBuild.Write(w => schema.WriteTo(w));
    });

    /// <summary>A schema derived from another one (fleet decoration), built on first use.</summary>
    public static DeferredSchema Derive(Func<JsonElement> build) => new(build);

    /// <summary>The schema now (tests and tools that compose schemas).</summary>
    public static JsonElement Export<T>(JsonTypeInfo<T> typeInfo)
    {
        var node = typeInfo.GetJsonSchemaAsNode(Exporter);
        return JsonBuild.Write(w => node.WriteTo(w));
    }

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        var provider = context.PropertyInfo?.AttributeProvider ?? (context.PropertyInfo is null ? context.TypeInfo.Type : null);

        // JSON passed through from cao-server (a JsonElement) exports as `true`, which clients reject: its declared shape replaces it.
        if (provider?.GetCustomAttributes(typeof(ShapeAttribute), inherit: false) is [ShapeAttribute shape, ..])
        {
            schema = JsonNode.Parse(shape.Schema)!;
        }
        else if (schema is JsonValue && context.PropertyInfo is { } unshaped)
        {
            throw new InvalidOperationException($"{context.TypeInfo.Type.Name}.{unshaped.Name} exports as a boolean schema: declare its shape with [Shape(CaoShapes.…)].");
        }

        if (schema is JsonObject obj)
        {
            // Results never carry null (ToolRunner drops null members), so a nullable field has one type and is optional.
            if (obj["type"] is JsonArray types && types.Count == 2 && types.Any(t => t?.GetValue<string>() == "null"))
            {
                obj["type"] = types.First(t => t?.GetValue<string>() != "null")!.GetValue<string>();
            }

            if (context.PropertyInfo is null && obj["required"] is JsonArray required)
            {
                var optional = context.TypeInfo.Properties.Where(p => p.IsGetNullable || p.ShouldSerialize is not null).Select(p => p.Name).ToHashSet();
                foreach (var name in required.Select(r => r!.GetValue<string>()).Where(optional.Contains).ToList())
                {
                    required.Remove(required.First(r => r!.GetValue<string>() == name));
                }

                if (required.Count == 0)
                {
                    obj.Remove("required");
                }
            }

            if (provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false) is [DescriptionAttribute d, ..])
            {
                obj.Remove("description");
                obj.Insert(0, "description", d.Description);
            }
        }

        return schema;
    }
}

/// <summary>
/// An output schema built the first time it is read. Every tool is declared when the catalogue is first touched, at
/// start-up; exporting ~30 schemas then cost ~7 ms before <c>initialize</c> could be answered, and only tools/list
/// (or a test) ever reads them.
/// </summary>
internal sealed class DeferredSchema(Func<JsonElement> build)
{
    private readonly Lazy<JsonElement> _value = new(build, LazyThreadSafetyMode.ExecutionAndPublication);

    public JsonElement Value => _value.Value;
}
