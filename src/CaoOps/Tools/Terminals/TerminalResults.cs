using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CaoOps.Tools.Terminals;

/// <summary>What send_terminal_input, send_terminal_key and exit_terminal answer.</summary>
internal sealed record TerminalActionResult(bool Success, string Message);

/// <summary>What add_terminal answers.</summary>
internal sealed record AddTerminalResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TerminalId { get; init; }

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }
}

/// <summary>What delete_terminal answers.</summary>
internal sealed record DeleteTerminalResult(bool Success, string Message)
{
    [Description("the session ended with it")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? SessionRemoved { get; init; }
}

/// <summary>What list_inbox_messages answers.</summary>
internal sealed record InboxListResult(bool Success, string Message)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    [Shape(CaoShapes.InboxMessages)]

    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public JsonElement? Messages { get; init; }
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(TerminalActionResult))]
[JsonSerializable(typeof(AddTerminalResult))]
[JsonSerializable(typeof(DeleteTerminalResult))]
[JsonSerializable(typeof(InboxListResult))]
internal sealed partial class TerminalsJsonContext : JsonSerializerContext;
