using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Tools.Profiles;

internal sealed record ProfileListResult(bool Success, string? Message, JsonElement Profiles)
{
    /// <summary>"local" when the answer came from cao-ops' own profile engine instead of cao-server.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}

internal sealed record InstallResult(
    bool Success,
    string Message,
    string? AgentName,
    string? ContextFile,
    string? AgentFile,
    IReadOnlyList<string>? UnresolvedVars,
    [property: Description("name, url or file")] string? SourceKind,
    string? Provider)
{
    [Description("'local': installed by cao-ops")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Source { get; init; }
}

/// <summary>What list_providers answers: cao-server's list, passed through.</summary>
internal sealed record ProvidersResult(bool Success, string Message)
{
    [Shape(CaoShapes.Providers)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Providers { get; init; }
}

/// <summary>What find_profiles answers.</summary>
internal sealed record ProfileSearchResult(bool Success, string Message)
{
    [Shape(CaoShapes.ProfileHits)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Profiles { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ProfileListResult))]
[JsonSerializable(typeof(InstallResult))]
[JsonSerializable(typeof(ProvidersResult))]
[JsonSerializable(typeof(ProfileSearchResult))]
internal sealed partial class ProfileToolsJsonContext : JsonSerializerContext;

/// <summary>The profiles toolset's result records as JSON elements.</summary>
internal static class ProfileResults
{
    public static JsonElement Of(ProfileListResult r) => Results.Of(r, ProfileToolsJsonContext.Default.ProfileListResult);

    public static JsonElement Of(InstallResult r) => Results.Of(r, ProfileToolsJsonContext.Default.InstallResult);
}
