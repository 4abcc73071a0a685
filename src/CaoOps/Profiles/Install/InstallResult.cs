using System.Text.Json.Serialization;

namespace CaoOps.Profiles.Install;

/// <summary>CAO's <c>InstallResult</c> (HEAD, 8 keys in this order; every key always serialised).</summary>
internal sealed record InstallResult(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("agent_name")] string? AgentName = null,
    [property: JsonPropertyName("context_file")] string? ContextFile = null,
    [property: JsonPropertyName("agent_file")] string? AgentFile = null,
    [property: JsonPropertyName("unresolved_vars")] IReadOnlyList<string>? UnresolvedVars = null,
    [property: JsonPropertyName("source_kind")] string? SourceKind = null,
    [property: JsonPropertyName("provider")] string? Provider = null);
