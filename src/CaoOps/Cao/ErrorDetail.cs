using System.Text;
using System.Text.Json;

namespace CaoOps.Cao;

/// <summary>
/// Extracts a human-readable detail from a cao-server error body, following upstream's rules:
/// a string <c>detail</c> (or <c>message</c>) of a JSON object; otherwise the trimmed body text; otherwise "HTTP &lt;status&gt;".
/// FastAPI validation lists are summarised ("query.mode: Input should be 'full' or 'last'") instead of dumped raw.
/// </summary>
internal static class ErrorDetail
{
    private const int MaxTextLength = 2000;

    public static string From(int statusCode, ReadOnlySpan<byte> body, string? contentType)
    {
        if (TryParseObject(body, out var root))
        {
            if (StringMember(root, "detail") is { } detail)
            {
                return detail;
            }

            if (root.TryGetProperty("detail", out var list) && list.ValueKind == JsonValueKind.Array && Summarise(list) is { } summary)
            {
                return summary;
            }

            if (!IsTruthy(root, "detail") && StringMember(root, "message") is { } message)
            {
                return message;
            }
        }

        var text = Encoding.UTF8.GetString(body).Trim();
        if (text.Length == 0)
        {
            return $"HTTP {statusCode}";
        }

        if (contentType is not null && contentType.Contains("html", StringComparison.OrdinalIgnoreCase) || text.StartsWith('<'))
        {
            return $"HTTP {statusCode} with an HTML page instead of a JSON error (is something other than cao-server listening there?)";
        }

        return text.Length > MaxTextLength ? string.Concat(text.AsSpan(0, MaxTextLength), "…") : text;
    }

    private static bool TryParseObject(ReadOnlySpan<byte> body, out JsonElement root)
    {
        root = default;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
            if (!JsonElement.TryParseValue(ref reader, out var parsed) || parsed is not { ValueKind: JsonValueKind.Object } value)
            {
                return false;
            }

            root = value;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static string? StringMember(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    private static bool IsTruthy(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var v))
        {
            return false;
        }

        return v.ValueKind switch
        {
            JsonValueKind.Null or JsonValueKind.False or JsonValueKind.Undefined => false,
            JsonValueKind.String => v.GetString()!.Length > 0,
            JsonValueKind.Array => v.GetArrayLength() > 0,
            JsonValueKind.Object => v.EnumerateObject().Any(),
            JsonValueKind.Number => v.GetRawText() is not ("0" or "0.0"),
            _ => true,
        };
    }

    /// <summary>"query.agent_profile: Field required; path.terminal_id: String should match pattern '^[a-f0-9]{8}$'".</summary>
    private static string? Summarise(JsonElement errors)
    {
        var parts = new List<string>();
        foreach (var error in errors.EnumerateArray())
        {
            if (error.ValueKind != JsonValueKind.Object || StringMember(error, "msg") is not { } msg)
            {
                return null;
            }

            var loc = error.TryGetProperty("loc", out var l) && l.ValueKind == JsonValueKind.Array
                ? string.Join('.', l.EnumerateArray().Select(x => x.ValueKind == JsonValueKind.String ? x.GetString() : x.GetRawText()))
                : null;
            parts.Add(string.IsNullOrEmpty(loc) ? msg : $"{loc}: {msg}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }
}
