
namespace CaoOps.Tools.Sessions;

internal static class ReadSessionOutputTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "read_session_output",
        Title = "Read session output",
        Toolset = Toolsets.Sessions,
        Description = "Read an agent's output by terminal_id or session_name.",
        Hints = ToolHints.Read,
        Parameters =
        [
            .. CommonParameters.TerminalOrSession,
            new("mode", ParamKind.String, "'full': recent terminal output; 'last': the agent's last response.")
            {
                Enum = TerminalOutput.Modes,
                DefaultJson = "\"full\"",
                EnumError = value => $"Invalid mode '{value}'; expected 'full' or 'last'",
            },
            CommonParameters.MaxChars(),
            CommonParameters.Clean,
        ],
        Output = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "success":{"type":"boolean"},"terminal_id":{"type":"string"},"mode":{"type":"string","enum":["full","last"]},
              "output":{"type":"string"},"truncated":{"type":"boolean"},"total_chars":{"type":"integer"},
              "message":{"type":"string"},"fallback":{"type":"string","description":"'full' when 'last' failed"},
              "terminals":{"type":"array","description":"on failure: the session's terminals"}},
             "required":["success"]}
            """),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var mode = call.Args.String("mode") ?? "full";
        var (terminalId, failure) = await SessionNames.TerminalIdAsync(call, ct).ConfigureAwait(false);
        if (terminalId is null)
        {
            return ToolOutcome.Error(failure!.Value);
        }

        var (response, fallback) = await TerminalOutput.ReadAsync(call, terminalId, mode, $"Read output for terminal '{terminalId}'", ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return ToolOutcome.Error(Results.Failure(response.Error!));
        }

        if (!TerminalOutput.TryGetOutput(response.Json, out var raw))
        {
            return ToolOutcome.Error(Results.Failure("Read output failed: invalid response payload"));
        }

        var maxChars = call.Args.Integer("max_chars") ?? (fallback is null ? null : TerminalOutput.FallbackChars);
        var output = TerminalOutput.Shape(raw, call.Args.Boolean("clean") ?? false, maxChars, out var total, out var truncated);
        return ToolOutcome.Success(SessionResults.Of(fallback is null
            ? new ReadOutputResult(true, terminalId, mode, output, truncated, total)
            : new ReadOutputResult(true, terminalId, "full", output, truncated, total) { Fallback = "full", Message = TerminalOutput.FallbackMessage(fallback, truncated) }));
    }
}
