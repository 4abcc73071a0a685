using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CaoOps.Tooling;

/// <summary>Upstream's generic failure answer: {"success": false, "message": …}.</summary>
internal sealed record FailureResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Terminals { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FailureResult))]
internal sealed partial class ToolingJsonContext : JsonSerializerContext;

/// <summary>Turns result records into JSON elements through their source-generated type info.</summary>
internal static class Results
{
    public static JsonElement Failure(string message, JsonElement? terminals = null) =>
        JsonSerializer.SerializeToElement(new FailureResult(false, message) { Terminals = terminals }, ToolingJsonContext.Default.FailureResult);

    public static JsonElement Of<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.SerializeToElement(value, typeInfo);
}
