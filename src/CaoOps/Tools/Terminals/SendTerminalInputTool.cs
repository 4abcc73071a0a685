using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Sessions;

namespace CaoOps.Tools.Terminals;

/// <summary>send_terminal_input: types text into a terminal now (<c>POST /terminals/{id}/input</c>), after checking it is safe.</summary>
internal static class SendTerminalInputTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "send_terminal_input",
        Title = "Type into a terminal",
        Toolset = Toolsets.Terminals,
        Description = "Type text and Enter into a terminal now, bypassing the inbox: answers a waiting_user_answer question. Text only: keys (Escape, C-c…) go through send_terminal_key. Refused for status error or an exited CLI (it would run in the shell).",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true),
        Parameters = [CommonParameters.TerminalId, new("message", ParamKind.String, "Text to type (no control characters).") { Required = true, ForAgent = true }],
        Output = OutputSchemas.For(TerminalsJsonContext.Default.TerminalActionResult),
        Failure = (message, _) => Results.Of(new TerminalActionResult(false, message), TerminalsJsonContext.Default.TerminalActionResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var id = call.Args.String("terminal_id")!;
        var text = call.Args.String("message")!;
        var operation = $"Type into terminal '{id}'";
        var (terminal, error) = await TerminalChecks.GetAsync(call, id, operation, ct).ConfigureAwait(false);
        if (terminal is null)
        {
            return Fail(call, error!);
        }

        if (terminal.Status == "error")
        {
            return Fail(call, $"{operation} refused: the terminal is in status 'error'{ErrorHints.ErrorState}");
        }

        if (await TerminalChecks.ShellPromptAsync(call, id, ct).ConfigureAwait(false) is { } prompt)
        {
            return Fail(call, $"{operation} refused: the agent's CLI has exited and the terminal shows a shell prompt ('{prompt}'), so the text would run as a shell command. "
                + "delete_terminal removes the terminal; add_terminal starts a new agent in the session.");
        }

        var request = new ApiRequest(HttpMethod.Post, CaoPath.Of("terminals", id, "input"), operation)
        {
            Query = [new("message", text), new("sender_id", SendSessionMessageTool.SenderId)],
        };
        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return Fail(call, response.Error + ApiCalls.NotFoundHint(response, TerminalChecks.NotFoundHint));
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return Fail(call, $"{operation} failed: invalid response payload");
        }

        var message = terminal.Status switch
        {
            "waiting_user_answer" => $"Answer typed into terminal '{id}'; wait_for_terminal follows the agent from here.",
            "processing" => $"Typed into terminal '{id}' while it is busy; the agent reads it when its turn ends.",
            _ => $"Typed into terminal '{id}'; wait_for_terminal follows the agent from here.",
        };
        return ToolOutcome.Success(Results.Of(new TerminalActionResult(true, message), TerminalsJsonContext.Default.TerminalActionResult));
    }

    private static ToolOutcome Fail(ToolCall call, string message) => ToolOutcome.Error(Definition.Failure(message, call.Args));
}
