using System.Text.Json;

namespace CaoOps.Tools.Sessions;

internal static class GetTerminalOutputTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_terminal_output",
        Title = "Get terminal output",
        Toolset = Toolsets.Sessions,
        Description = "Read an agent's output: its last response (default) or the recent terminal buffer.",
        Hints = ToolHints.Read,
        Parameters =
        [
            CommonParameters.TerminalId,
            new("mode", ParamKind.String, "'last' or 'full' (terminal buffer).")
            {
                Enum = TerminalOutput.Modes,
                DefaultJson = "\"last\"",
                EnumError = value => $"mode must be 'last' or 'full', got '{value}'",
            },
            CommonParameters.MaxChars(),
            CommonParameters.Clean,
        ],
        Output = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "output":{"type":"string"},"mode":{"type":"string","enum":["full","last"]},
              "truncated":{"type":"boolean","description":"max_chars cut the start"},"total_chars":{"type":"integer"},
              "fallback":{"type":"string","description":"'full' when 'last' failed"},
              "success":{"type":"boolean"},"message":{"type":"string"}}}
            """),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var id = call.Args.String("terminal_id")!;
        var mode = call.Args.String("mode") ?? "last";
        var (response, fallback) = await TerminalOutput.ReadAsync(call, id, mode, $"Get terminal output for '{id}'", ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return ToolOutcome.Error(Results.Failure(response.Error + ApiCalls.NotFoundHint(response, "the terminal is gone or the id is wrong; get_session_info lists a session's terminals")));
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return ToolOutcome.Error(Results.Failure("Get terminal output failed: invalid response payload"));
        }

        if (!TerminalOutput.TryGetOutput(response.Json, out var raw))
        {
            return ToolOutcome.Success(response.Json); // upstream passes any object through unchanged
        }

        var maxChars = call.Args.Integer("max_chars") ?? (fallback is null ? null : TerminalOutput.FallbackChars);
        var output = TerminalOutput.Shape(raw, call.Args.Boolean("clean") ?? false, maxChars, out var total, out var truncated);
        // The API object with output replaced (when capped or cleaned) and truncated/total_chars added.
        return ToolOutcome.Success(JsonBuild.Write(w =>
        {
            w.WriteStartObject();
            foreach (var prop in response.Json.EnumerateObject())
            {
                if (prop.Name == "output")
                {
                    w.WriteString("output", output);
                }
                else if (prop.Name is not ("truncated" or "total_chars" or "fallback" or "message"))
                {
                    prop.WriteTo(w);
                }
            }

            w.WriteBoolean("truncated", truncated);
            w.WriteNumber("total_chars", total);
            if (fallback is not null)
            {
                w.WriteString("fallback", "full");
                w.WriteString("message", TerminalOutput.FallbackMessage(fallback, truncated));
            }

            w.WriteEndObject();
        }));
    }
}
