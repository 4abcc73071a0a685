using CaoOps.Cao;

namespace CaoOps.Tools.Sessions;

internal static class GetSessionInfoTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_session_info",
        Title = "Get session info",
        Toolset = Toolsets.Sessions,
        Description = "One CAO session and its terminals (ids, providers, live status).",
        Hints = ToolHints.Read,
        Parameters = [CommonParameters.SessionName],
        Output = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "session":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"status":{"type":"string"}}},
              "terminals":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"status":{"type":"string"},"agent_profile":{"type":"string"},"provider":{"type":"string"},"working_directory":{"type":"string"},"engine":{"type":"string"},"last_active":{"type":"string"}}}},
              "success":{"type":"boolean"},"message":{"type":"string"}}}
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
