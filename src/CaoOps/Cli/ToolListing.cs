using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Cli;

/// <summary>One tool as <c>cao-ops tools</c> prints it (the MCP field names, plus its toolset).</summary>
internal sealed record ToolListing(
    string Name,
    string Title,
    string Toolset,
    string Description,
    ToolAnnotationFlags Annotations,
    JsonElement InputSchema,
    JsonElement OutputSchema);

/// <summary>The four MCP annotation hints, always stated.</summary>
internal sealed record ToolAnnotationFlags(bool ReadOnlyHint, bool DestructiveHint, bool IdempotentHint, bool OpenWorldHint);

/// <summary>Source-generated JSON for the CLI's own output.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(IReadOnlyList<ToolListing>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
