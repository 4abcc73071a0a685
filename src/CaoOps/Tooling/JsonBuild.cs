using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace CaoOps.Tooling;

/// <summary>Small helpers to build and print JSON without reflection.</summary>
internal static class JsonBuild
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions Indented = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, Indented = true };

    public static readonly JsonElement EmptyArray = Parse("[]");

    public static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.Clone();
    }

    /// <summary>Writes a JSON value with the writer and returns it as a detached element.</summary>
    public static JsonElement Write(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            write(writer);
        }

        using var doc = JsonDocument.Parse(buffer.WrittenMemory);
        return doc.RootElement.Clone();
    }

    /// <summary>
    /// The value without its null object members, at any depth: a tool result never carries null (a field cao-server
    /// sent as null is absent), so every output schema can give each field one type. Returns the value itself when it
    /// holds no null member.
    /// </summary>
    public static JsonElement WithoutNulls(JsonElement value) =>
        HasNullMember(value) ? Write(w => WriteWithoutNulls(w, value)) : value;

    private static bool HasNullMember(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => value.EnumerateObject().Any(p => p.Value.ValueKind == JsonValueKind.Null || HasNullMember(p.Value)),
        JsonValueKind.Array => value.EnumerateArray().Any(HasNullMember),
        _ => false,
    };

    private static void WriteWithoutNulls(Utf8JsonWriter w, JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                w.WriteStartObject();
                foreach (var p in value.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.Null)
                    {
                        w.WritePropertyName(p.Name);
                        WriteWithoutNulls(w, p.Value);
                    }
                }

                w.WriteEndObject();
                break;
            case JsonValueKind.Array:
                w.WriteStartArray();
                foreach (var item in value.EnumerateArray())
                {
                    WriteWithoutNulls(w, item);
                }

                w.WriteEndArray();
                break;
            default:
                value.WriteTo(w);
                break;
        }
    }

    /// <summary>Compact JSON text with non-ASCII left readable (the text content block of a tool result).</summary>
    public static string ToText(JsonElement element, bool indented = false)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, indented ? Indented : Compact))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
