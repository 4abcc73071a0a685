using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CaoOps.Profiles.Install;
using CaoOps.Profiles.Validation;

namespace CaoOps.Profiles;

/// <summary>Source-generated System.Text.Json metadata for the profiles area (AOT-safe).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(InstallResult))]
[JsonSerializable(typeof(List<ValidationReport>))]
internal sealed partial class ProfilesJsonContext : JsonSerializerContext
{
    /// <summary>Like the HTTP server: non-ASCII written raw, compact.</summary>
    public static ProfilesJsonContext Relaxed { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    });

    /// <summary>Indented, non-ASCII raw (CLI output).</summary>
    public static ProfilesJsonContext RelaxedIndented { get; } = new(new JsonSerializerOptions
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = true,
    });
}
