using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tools.Terminals;

/// <summary>exit_terminal: sends the agent CLI's exit command (<c>POST /terminals/{id}/exit</c>), unless it already exited.</summary>
internal static class ExitTerminalTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "exit_terminal",
        Title = "Exit an agent's CLI",
        Toolset = Toolsets.Terminals,
        Description = "Ask an agent's CLI to exit cleanly; its terminal stays (a shell) until delete_terminal.",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: true),
        Parameters = [CommonParameters.TerminalId],
        Output = OutputSchemas.For(TerminalsJsonContext.Default.TerminalActionResult),
        Failure = (message, _) => Results.Of(new TerminalActionResult(false, message), TerminalsJsonContext.Default.TerminalActionResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var id = call.Args.String("terminal_id")!;
        var operation = $"Exit the agent in terminal '{id}'";
        var (terminal, error) = await TerminalChecks.GetAsync(call, id, operation, ct).ConfigureAwait(false);
        if (terminal is null)
        {
            return Fail(call, error!);
        }

        if (terminal.Status == "error")
        {
            return Fail(call, $"{operation} refused: the terminal is in status 'error', and cao-server cannot send the exit command to it. delete_terminal removes it.");
        }

        if (await TerminalChecks.ShellPromptAsync(call, id, ct).ConfigureAwait(false) is { } prompt)
        {
            // A second exit would type the exit command into the shell.
            return Done($"The agent in terminal '{id}' has already exited (the terminal shows '{prompt}'); nothing sent. delete_terminal removes the terminal.");
        }

        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Post, CaoPath.Of("terminals", id, "exit"), operation), ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return Fail(call, response.Error + ApiCalls.NotFoundHint(response, TerminalChecks.NotFoundHint));
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return Fail(call, $"{operation} failed: invalid response payload");
        }

        return Done($"Exit command sent to the agent in terminal '{id}'. The terminal stays (as a shell) until delete_terminal removes it.");
    }

    private static ToolOutcome Done(string message) =>
        ToolOutcome.Success(Results.Of(new TerminalActionResult(true, message), TerminalsJsonContext.Default.TerminalActionResult));

    private static ToolOutcome Fail(ToolCall call, string message) => ToolOutcome.Error(Definition.Failure(message, call.Args));
}
