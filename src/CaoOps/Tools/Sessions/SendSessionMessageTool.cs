using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Sessions;

internal static class SendSessionMessageTool
{
    public const string SenderId = "cao-ops-mcp";

    public static readonly ToolDefinition Definition = new()
    {
        Name = "send_session_message",
        Title = "Send a message to an agent",
        Toolset = Toolsets.Sessions,
        Description = "Queue a task for an agent; CAO delivers it when the agent is idle or completed.",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true),
        Parameters =
        [
            CommonParameters.TerminalId,
            new("message", ParamKind.String, "Text to deliver, verbatim.") { Required = true, ForAgent = true },
        ],
        Output = OutputSchemas.For(SessionsJsonContext.Default.SendMessageResult),
        Failure = (message, args) => SessionResults.Of(new SendMessageResult(false, message, args?.String("terminal_id") ?? string.Empty)),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var id = call.Args.String("terminal_id")!;
        var text = call.Args.String("message")!;
        var operation = $"Send message to terminal '{id}'";
        var request = new ApiRequest(HttpMethod.Post, CaoPath.Of("terminals", id, "inbox", "messages"), operation)
        {
            Query = [new("sender_id", SenderId), new("message", text)],
        };
        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            var hint = ApiCalls.NotFoundHint(response, "the terminal is gone or the id is wrong; get_session_info lists a session's terminals");
            return ToolOutcome.Error(Definition.Failure(response.Error + hint, call.Args));
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return ToolOutcome.Error(Definition.Failure("Send message failed: invalid response payload", call.Args));
        }

        long? messageId = response.Json.ValueKind == JsonValueKind.Object && response.Json.TryGetProperty("message_id", out var m) && m.ValueKind == JsonValueKind.Number && m.TryGetInt64(out var n) ? n : null;
        return ToolOutcome.Success(SessionResults.Of(new SendMessageResult(true, $"Message queued for terminal '{id}'", id) { MessageId = messageId }));
    }
}
