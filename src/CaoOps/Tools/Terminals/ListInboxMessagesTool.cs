using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tools.Terminals;

/// <summary>list_inbox_messages: a terminal's inbox (<c>GET /terminals/{id}/inbox/messages</c>) and why pending messages wait.</summary>
internal static class ListInboxMessagesTool
{
    private static readonly string[] Statuses = ["pending", "delivered", "failed"];

    public static readonly ToolDefinition Definition = new()
    {
        Name = "list_inbox_messages",
        Title = "List a terminal's inbox",
        Toolset = Toolsets.Terminals,
        Description = "A terminal's inbox, oldest first, with delivery states and why pending messages wait.",
        Hints = ToolHints.Read,
        Parameters =
        [
            CommonParameters.TerminalId,
            new("status", ParamKind.String, "Only this state.") { Enum = Statuses },
            new("limit", ParamKind.Integer, "Max items.") { Minimum = 1, Maximum = 100, DefaultJson = "10" },
        ],
        Output = OutputSchemas.For(TerminalsJsonContext.Default.InboxListResult),
        Failure = (message, _) => Results.Of(new InboxListResult(false, message), TerminalsJsonContext.Default.InboxListResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var id = call.Args.String("terminal_id")!;
        var operation = $"List inbox of terminal '{id}'";
        // cao-server answers [] for an unknown terminal: look it up, which also gives the status that explains waiting messages.
        var (terminal, error) = await TerminalChecks.GetAsync(call, id, operation, ct).ConfigureAwait(false);
        if (terminal is null)
        {
            return Fail(call, error!);
        }

        var query = new List<KeyValuePair<string, string>> { new("limit", call.Args.Integer("limit")!.Value.ToString(CultureInfo.InvariantCulture)) };
        if (call.Args.String("status") is { } status)
        {
            query.Add(new("status", status));
        }

        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id, "inbox", "messages"), operation) { Query = query }, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return Fail(call, response.Error!);
        }

        if (response.Json.ValueKind != JsonValueKind.Array)
        {
            return Fail(call, $"{operation} failed: invalid response payload");
        }

        var states = response.Json.EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Object && m.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString() : null)
            .ToList();
        var pending = states.Count(s => s == "pending");
        var summary = states.Count == 0
            ? "No messages."
            : $"{states.Count} message(s): " + string.Join(", ", states.GroupBy(s => s ?? "?").Select(g => $"{g.Count()} {g.Key}")) + ".";
        var message = pending == 0 ? summary : $"{summary} {Why(terminal.Status)}";
        return ToolOutcome.Success(Results.Of(new InboxListResult(true, message) { Status = terminal.Status, Messages = response.Json }, TerminalsJsonContext.Default.InboxListResult));
    }

    /// <summary>Why pending messages wait, by the terminal's status.</summary>
    private static string Why(string? status) => status switch
    {
        "processing" => "Pending ones wait because the agent is busy: CAO delivers the oldest when it turns idle or completed (interrupt it with send_terminal_key, or type now with send_terminal_input).",
        "waiting_user_answer" => "Pending ones wait because the agent is asking a question: answer it with send_terminal_input or send_terminal_key, then delivery resumes.",
        "error" => "Pending ones will not be delivered: the terminal is in error. Read get_terminal_output, then delete_terminal and start a fresh agent.",
        "unknown" => "Pending ones wait because the status is unknown (after a cao-server restart, until the terminal prints something new); get_terminal_output shows what the agent is doing.",
        _ => "The agent is ready, so delivery is due (cao-server retries pending messages every 30 s).",
    };

    private static ToolOutcome Fail(ToolCall call, string message) => ToolOutcome.Error(Definition.Failure(message, call.Args));
}
