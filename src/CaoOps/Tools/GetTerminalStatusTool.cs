using CaoOps.Cao;

namespace CaoOps.Tools;

internal static class GetTerminalStatusTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_terminal_status",
        Title = "Get terminal status",
        Toolset = Toolsets.Sessions,
        Description = "Get one terminal (agent) with its live status: idle, processing, completed, waiting_user_answer, error or unknown. 'completed' means the agent finished its last task; read it with get_terminal_output.",
        Hints = ToolHints.Read,
        Parameters = [CommonParameters.TerminalId],
        OutputSchema = OutputSchemas.Parse("""
            {"type":"object","description":"The terminal exactly as cao-server returns it.","properties":{
              "id":{"type":"string"},"name":{"type":"string"},"provider":{"type":"string"},"session_name":{"type":"string"},
              "agent_profile":{"type":["string","null"]},"status":{"type":["string","null"],"enum":["unknown","idle","processing","completed","waiting_user_answer","error",null]},
              "last_active":{"type":["string","null"]},"caller_id":{"type":["string","null"]},
              "allowed_tools":{"type":["array","null"],"items":{"type":"string"}},"engine":{"type":["string","null"]},
              "shell_command":{"type":["string","null"]},"group":{"type":["array","null"],"items":{"type":"string"}},
              "metadata":{"type":["object","null"]},
              "success":{"type":"boolean","description":"present (false) only on failure"},"message":{"type":"string"}},
             "additionalProperties":true}
            """),
        Handler = RunAsync,
    };

    private static Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var id = call.Args.String("terminal_id")!;
        var request = new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id), $"Get terminal status for '{id}'");
        return ApiCalls.ObjectAsync(call, request, "Get terminal status failed: invalid response payload", ct,
            r => ApiCalls.NotFoundHint(r, "the terminal is gone or the id is wrong; get_session_info lists a session's terminals"));
    }
}
