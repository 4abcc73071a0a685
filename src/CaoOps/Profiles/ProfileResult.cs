using System.Text.Json;

namespace CaoOps.Profiles;

/// <summary>
/// Outcome of an engine call. <paramref name="Ok"/>: <paramref name="Json"/> is the HTTP success
/// body. Otherwise <paramref name="StatusCode"/> and <paramref name="Detail"/> are the server's
/// error status and <c>detail</c> text (for install failures <paramref name="Json"/> still holds the
/// failed InstallResult).
/// </summary>
public sealed record ProfileResult(bool Ok, JsonElement Json, int StatusCode, string? Detail);
