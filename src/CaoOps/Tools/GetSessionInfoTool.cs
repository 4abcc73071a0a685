using CaoOps.Cao;

namespace CaoOps.Tools;

internal static class GetSessionInfoTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_session_info",
        Title = "Get session info",
        Toolset = Toolsets.Sessions,
        Description = "Get one CAO session and its terminals (id, provider, agent_profile, working_directory, live status). Use the terminal ids with send_session_message, get_terminal_status and get_terminal_output.",
        Hints = ToolHints.Read,
        Parameters = [CommonParameters.SessionName],
        OutputSchema = OutputSchemas.Parse("""
            {"type":"object","description":"The session exactly as cao-server returns it.","properties":{
              "session":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"status":{"type":"string"}}},
              "terminals":{"type":"array","items":{"type":"object","properties":{
                "id":{"type":"string"},"tmux_session":{"type":"string"},"tmux_window":{"type":"string"},"provider":{"type":"string"},
                "agent_profile":{"type":["string","null"]},"working_directory":{"type":["string","null"]},"status":{"type":["string","null"]},
                "engine":{"type":["string","null"]},"last_active":{"type":["string","null"]}}}},
              "success":{"type":"boolean","description":"present (false) only on failure"},"message":{"type":"string"}},
             "additionalProperties":true}
            """),
        Handler = RunAsync,
    };

    private static Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = SessionNames.Resolve(call.Args);
        var request = new ApiRequest(HttpMethod.Get, CaoPath.Of("sessions", name), $"Get session info for '{name}'");
        return ApiCalls.ObjectAsync(call, request, "Get session info failed: invalid response payload", ct,
            r => ApiCalls.NotFoundHint(r, "list_sessions shows the sessions that exist"));
    }
}
