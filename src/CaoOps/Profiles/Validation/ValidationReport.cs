using System.Text.Json.Serialization;

namespace CaoOps.Profiles.Validation;

/// <summary>One finding of <c>profile validate</c>.</summary>
internal sealed record ValidationFinding(
    [property: JsonPropertyName("severity")] string Severity,
    [property: JsonPropertyName("field")] string Field,
    [property: JsonPropertyName("line")] int Line,
    [property: JsonPropertyName("message")] string Message);

/// <summary>The <c>profile validate --json</c> result for one file.</summary>
internal sealed record ValidationReport(
    [property: JsonPropertyName("file")] string File,
    [property: JsonPropertyName("valid")] bool Valid,
    [property: JsonPropertyName("findings")] IReadOnlyList<ValidationFinding> Findings);
