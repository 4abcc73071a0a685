using System.Text;
using CaoOps.Cao;
using CaoOps.Resources;
using CaoOps.Tools.Terminals;
using ModelContextProtocol;
using static CaoOps.Prompts.PromptText;

namespace CaoOps.Prompts;

/// <summary>unblock_terminal: the question a terminal shows now (its cleaned screen tail) and how to answer it.</summary>
internal static class UnblockTerminalPrompt
{
    /// <summary>How much of the end of the screen the prompt shows.</summary>
    public const int TailLines = 40;
    public const int TailChars = 3000;

    public static readonly PromptDefinition Definition = new()
    {
        Name = "unblock_terminal",
        Title = "Answer a waiting CAO agent",
        Description = "Show the question a CAO agent's terminal is waiting on (the end of its screen) and how to answer it with send_terminal_input / send_terminal_key.",
        Arguments = [CommonParameters.TerminalId with { Description = "The waiting agent's terminal id (8 hex)." }],
        Requires = ["send_terminal_input"],
        Build = BuildAsync,
    };

    private static async Task<ModelContextProtocol.Protocol.GetPromptResult> BuildAsync(PromptRequest request, CancellationToken ct)
    {
        var id = request.Args.String("terminal_id")!;
        var terminal = await CaoReads.TerminalAsync(request.Cao, id, null, ct).ConfigureAwait(false);
        if (terminal is { Failure: ApiFailure.Http, StatusCode: 404 } && terminal.Detail != "Not Found")
        {
            throw new McpProtocolException($"{terminal.Error} — the terminal is gone or the id is wrong; the review_sessions prompt or cao://sessions lists the terminals.", McpErrorCode.InvalidParams);
        }

        if (!terminal.Ok)
        {
            throw new McpException(terminal.Error ?? $"Get terminal '{id}' failed");
        }

        var output = await CaoReads.OutputAsync(request.Cao, id, "full", null, ct).ConfigureAwait(false);
        var screen = output.Ok && TerminalOutput.TryGetOutput(output.Json, out var raw)
            ? PromptText.TailLines(TerminalText.Clean(raw), TailLines, TailChars)
            : null;
        var text = Text(id, JsonFields.Str(terminal.Json, "status"), JsonFields.Str(terminal.Json, "agent_profile"), JsonFields.Str(terminal.Json, "provider"),
            JsonFields.Str(terminal.Json, "session_name"), screen, output.Ok ? null : output.Error, request.Tools);
        return PromptDefinition.UserMessage($"Answer terminal {id}", text);
    }

    /// <summary>The prompt text (separate from the reads so tests can pin it).</summary>
    internal static string Text(string id, string? status, string? profile, string? provider, string? session, string? screen, string? screenError, IReadOnlySet<string> tools)
    {
        var who = string.Join(", ", new[] { profile, provider }.Where(x => x is not null));
        var text = new StringBuilder($"CAO terminal {id}{(who.Length > 0 ? $" ({who})" : string.Empty)}{(session is null ? string.Empty : $" in session {session}")} is {status ?? "unknown"}. ");
        text.Append(status switch
        {
            "waiting_user_answer" => "It is waiting for an answer.",
            "processing" => "It is not waiting for an answer: it is working. "
                + (tools.Contains("wait_for_terminal") ? "wait_for_terminal waits until it finishes or asks something." : "Check again later."),
            "completed" or "idle" => "It is not waiting for an answer: it has finished its turn. "
                + (tools.Contains("get_terminal_output") ? "get_terminal_output(mode=\"last\") reads its answer." : string.Empty),
            "error" => "Its CLI reported an error; cao-server refuses input in this state. Read the screen and tell me what went wrong.",
            _ => "cao-server does not know its state yet (right after a launch or a cao-server restart); the screen shows what it is doing.",
        });
        text.Append("\n\n");
        if (screen is not null)
        {
            text.Append($"The end of its screen (last {TailLines} lines, control sequences removed):\n<screen>\n{screen}\n</screen>\n\n");
        }
        else
        {
            text.Append($"Its screen could not be read: {screenError}\n\n");
        }

        text.Append("How to answer it:\n");
        text.Append($"- Text, yes/no or a numbered or lettered choice: send_terminal_input(terminal_id={Quote(id)}, message=<answer>) types it and presses Enter (e.g. message=\"1\" or \"y\").\n");
        if (tools.Contains("send_terminal_key"))
        {
            text.Append($"- An arrow-key picker (a highlighted option, \"↑/↓ to navigate\", \"Enter to confirm\"): send_terminal_key(terminal_id={Quote(id)}, key=\"Down\") once per step, then key=\"Enter\"; key=\"Escape\" cancels the dialog.\n");
        }

        text.Append("Decide the answer from what I asked this agent to do. If it is not clear, or the question grants permissions or deletes anything, ask me first.");
        if (tools.Contains("wait_for_terminal"))
        {
            text.Append($" After answering, wait_for_terminal(terminal_id={Quote(id)}) shows whether it carries on.");
        }

        return text.Append('\n').ToString();
    }
}
