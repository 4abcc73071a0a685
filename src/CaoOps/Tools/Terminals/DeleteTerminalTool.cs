using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tools.Terminals;

/// <summary>
/// delete_terminal: removes one terminal (<c>DELETE /terminals/{id}</c>). Looks the terminal up first, because
/// cao-server answers an unknown id with an unrelated 409 ("cleanup deferred … Grok"), and to say what happens to
/// the session when it was the last terminal.
/// </summary>
internal static class DeleteTerminalTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "delete_terminal",
        Title = "Delete a terminal",
        Toolset = Toolsets.Terminals,
        Description = "Kill one agent's terminal (no graceful exit). Deleting a session's last terminal ends the session.",
        Hints = new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false),
        Parameters = [CommonParameters.TerminalId],
        Output = OutputSchemas.For(TerminalsJsonContext.Default.DeleteTerminalResult),
        Failure = (message, _) => Results.Of(new DeleteTerminalResult(false, message), TerminalsJsonContext.Default.DeleteTerminalResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var id = call.Args.String("terminal_id")!;
        var operation = $"Delete terminal '{id}'";
        var (terminal, error) = await TerminalChecks.GetAsync(call, id, operation, ct).ConfigureAwait(false);
        if (terminal is null)
        {
            return Fail(call, error!);
        }

        var session = terminal.SessionName;
        var last = session is not null && await CountAsync(call, session, ct).ConfigureAwait(false) == 1;
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Delete, CaoPath.Of("terminals", id), operation), ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            if (response.StatusCode == 409 && terminal.Provider != "grok_cli")
            {
                // cao-server reports "nothing deleted" with its Grok-retry text: the terminal went away meanwhile.
                return Fail(call, $"{operation} failed: terminal '{id}' not found — it was deleted meanwhile; get_session_info lists a session's terminals.");
            }

            return Fail(call, response.Error + ApiCalls.NotFoundHint(response, TerminalChecks.NotFoundHint));
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return Fail(call, $"{operation} failed: invalid response payload");
        }

        var message = last
            ? $"Terminal '{id}' deleted. It was the last terminal of session '{session}', so that session is gone too."
            : $"Terminal '{id}' deleted{(session is null ? string.Empty : $"; session '{session}' keeps its other terminals")}.";
        return ToolOutcome.Success(Results.Of(new DeleteTerminalResult(true, message) { SessionRemoved = last }, TerminalsJsonContext.Default.DeleteTerminalResult));
    }

    /// <summary>How many terminals the session has (the ungated listing), or -1 when it cannot be read.</summary>
    private static async Task<int> CountAsync(ToolCall call, string session, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("sessions", session, "terminals"), $"List terminals of session '{session}'"), ct).ConfigureAwait(false);
        return response.Ok && response.Json.ValueKind == JsonValueKind.Array ? response.Json.GetArrayLength() : -1;
    }

    private static ToolOutcome Fail(ToolCall call, string message) => ToolOutcome.Error(Definition.Failure(message, call.Args));
}
