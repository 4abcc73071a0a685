using System.Text.Json;

namespace CaoOps.Testing.Internal;

/// <summary>
/// A request body after FastAPI's decoding step: absent, parsed JSON, or raw text
/// (a non-JSON content type, which then fails model validation).
/// </summary>
internal readonly record struct RequestBody(bool Present, JsonElement? Json, string? Raw)
{
    public static RequestBody Absent => new(false, null, null);

    /// <summary>Absent, or a literal JSON <c>null</c>: both count as "no body" for optional bodies.</summary>
    public bool IsNone => !Present || Json is { ValueKind: JsonValueKind.Null };

    /// <summary>The value echoed as <c>input</c> in 422 errors.</summary>
    public object? Input => Json is { } json ? json : Raw;
}
