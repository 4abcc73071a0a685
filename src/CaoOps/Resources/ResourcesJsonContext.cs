using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Resources;

/// <summary>The body of cao://sessions: cao-server's session list, each entry with the same keys as list_sessions.</summary>
internal sealed record SessionsDocument(JsonElement Sessions);

/// <summary>Source-generated JSON for the resources and prompts area (AOT: no reflection).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(SessionsDocument))]
internal sealed partial class ResourcesJsonContext : JsonSerializerContext;
