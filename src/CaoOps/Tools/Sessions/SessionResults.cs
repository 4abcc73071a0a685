using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Tools.Sessions;

internal sealed record LaunchResult(
    bool Success,
    string Message,
    string? SessionName,
    string? TerminalId)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? RequestedSessionName { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Provider { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }
}

internal sealed record SendMessageResult(bool Success, string Message, string TerminalId)
{
    [Description("CAO inbox message id")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? MessageId { get; init; }
}

internal sealed record SessionListResult(bool Success, string? Message, JsonElement Sessions);

internal sealed record ReadOutputResult(bool Success, string TerminalId, string Mode, string Output, bool Truncated, int TotalChars)
{
    /// <summary>"full" when mode 'last' failed (500) and the output is the end of the full output instead.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Fallback { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Message { get; init; }
}

/// <summary>What wait_for_terminal answers; everything but success and message is absent on failure.</summary>
internal sealed record WaitResult(bool Success, string Message)
{
    [Description("false on timeout")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Reached { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ElapsedSeconds { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? Until { get; init; }

    [Description("inbox messages not yet delivered")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? PendingMessages { get; init; }

    [Shape(CaoShapes.TerminalSummary)]

    [Description("as get_terminal_status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Terminal { get; init; }

    [Description("on waiting_user_answer: the prompt shown")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Question { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(LaunchResult))]
[JsonSerializable(typeof(SendMessageResult))]
[JsonSerializable(typeof(SessionListResult))]
[JsonSerializable(typeof(ReadOutputResult))]
[JsonSerializable(typeof(WaitResult))]
internal sealed partial class SessionsJsonContext : JsonSerializerContext;

/// <summary>The sessions toolset's result records as JSON elements.</summary>
internal static class SessionResults
{
    public static JsonElement Of(LaunchResult r) => Results.Of(r, SessionsJsonContext.Default.LaunchResult);

    public static JsonElement Of(SendMessageResult r) => Results.Of(r, SessionsJsonContext.Default.SendMessageResult);

    public static JsonElement Of(SessionListResult r) => Results.Of(r, SessionsJsonContext.Default.SessionListResult);

    public static JsonElement Of(ReadOutputResult r) => Results.Of(r, SessionsJsonContext.Default.ReadOutputResult);

    public static JsonElement Of(WaitResult r) => Results.Of(r, SessionsJsonContext.Default.WaitResult);
}
