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
        // A property left out when null (JsonIgnore WhenWritingNull) is never null on the wire: its type needs no "null".
        if (context.PropertyInfo is { ShouldSerialize: not null } && schema is JsonObject { } nullable
            && nullable["type"] is JsonArray types && types.Count == 2 && types.Any(t => t?.GetValue<string>() == "null"))
        {
            nullable["type"] = types.First(t => t?.GetValue<string>() != "null")!.GetValue<string>();
        }

        var provider = context.PropertyInfo?.AttributeProvider ?? (context.PropertyInfo is null ? context.TypeInfo.Type : null);
        if (provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false) is [DescriptionAttribute d, ..] && schema is JsonObject obj)
        {
            obj.Insert(0, "description", d.Description);
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
