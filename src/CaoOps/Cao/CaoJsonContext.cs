using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Cao;

/// <summary>Source-generated JSON for the CAO client area (AOT: no reflection).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class CaoJsonContext : JsonSerializerContext;
