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

    /// <summary>The JSON Schema of <typeparamref name="T"/> as the source generator serialises it.</summary>
    public static JsonElement For<T>(JsonTypeInfo<T> typeInfo)
    {
        var node = typeInfo.GetJsonSchemaAsNode(Exporter);
        return JsonBuild.Write(w => node.WriteTo(w));
    }

    /// <summary>A hand-written schema (for JSON passed through from cao-server).</summary>
    public static JsonElement Parse(string json) => JsonBuild.Parse(json);

    private static JsonNode Describe(JsonSchemaExporterContext context, JsonNode schema)
    {
        var provider = context.PropertyInfo?.AttributeProvider ?? (context.PropertyInfo is null ? context.TypeInfo.Type : null);
        if (provider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false) is [DescriptionAttribute d, ..] && schema is JsonObject obj)
        {
            obj.Insert(0, "description", d.Description);
        }

        return schema;
    }
}
