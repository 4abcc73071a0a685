using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaoOps.Mcp;

/// <summary>Finds strings that JSON allows but .NET cannot represent (unpaired surrogate escapes).</summary>
internal static class UnicodeCheck
{
    /// <summary>The JSON path of the first invalid string or property name, or null.</summary>
    public static string? FindInvalid(JsonNode node, string path = "params")
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    if (value is not null && FindInvalid(value, $"{path}.{key}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    if (array[i] is { } item && FindInvalid(item, $"{path}[{i}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                try
                {
                    _ = value.GetValue<string>();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return path;
                }

            default:
                return null;
        }
    }
}
