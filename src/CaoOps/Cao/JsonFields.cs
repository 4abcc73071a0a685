using System.Text.Json;

namespace CaoOps.Cao;

/// <summary>Reading fields of cao-server's JSON answers without trusting their shape.</summary>
internal static class JsonFields
{
    /// <summary>The string member <paramref name="key"/> of an object; null when it is absent, not a string, or not an object.</summary>
    public static string? Str(JsonElement obj, string key) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
