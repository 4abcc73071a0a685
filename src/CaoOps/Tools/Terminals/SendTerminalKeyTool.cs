using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tools.Terminals;

/// <summary>send_terminal_key: presses one tmux key in a terminal (<c>POST /terminals/{id}/key</c>).</summary>
internal static class SendTerminalKeyTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "send_terminal_key",
        Title = "Press a key in a terminal",
        Toolset = Toolsets.Terminals,
        Description = "Press one key in an agent's terminal. Interrupt a turn: Escape (Claude Code, Codex) or C-c (Kiro, most others; twice may quit). Pickers: Up/Down then Enter, or the digit; y/n: y or n.",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true),
        Parameters = [CommonParameters.TerminalId, new("key", ParamKind.String, "tmux name, e.g. Enter, Escape, Up, C-c, y, 1.") { Required = true }],
        Output = OutputSchemas.For(TerminalsJsonContext.Default.TerminalActionResult),
        Failure = (message, _) => Results.Of(new TerminalActionResult(false, message), TerminalsJsonContext.Default.TerminalActionResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var id = call.Args.String("terminal_id")!;
        var given = call.Args.String("key")!;
        if (TmuxKeys.Normalise(given) is not { } key)
        {
            return Fail(call, $"Invalid arguments for send_terminal_key: '{given}' is not a key cao-server can press; use {TmuxKeys.Allowed}. To type text, use send_terminal_input.");
        }

        var request = new ApiRequest(HttpMethod.Post, CaoPath.Of("terminals", id, "key"), $"Press {key} in terminal '{id}'") { Query = [new("key", key)] };
        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return Fail(call, response.Error + ApiCalls.NotFoundHint(response, TerminalChecks.NotFoundHint));
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return Fail(call, $"{request.Operation} failed: invalid response payload");
        }

        var message = $"Pressed {key} in terminal '{id}'."
            + (key == "C-c" ? " If it then stays 'processing' and its output ends at a shell prompt, the CLI quit: delete_terminal, then add_terminal." : string.Empty);
        return ToolOutcome.Success(Results.Of(new TerminalActionResult(true, message), TerminalsJsonContext.Default.TerminalActionResult));
    }

    private static ToolOutcome Fail(ToolCall call, string message) => ToolOutcome.Error(Definition.Failure(message, call.Args));
}
