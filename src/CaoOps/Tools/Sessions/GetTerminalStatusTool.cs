using CaoOps.Cao;

namespace CaoOps.Tools.Sessions;

internal static class GetTerminalStatusTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_terminal_status",
        Title = "Get terminal status",
        Toolset = Toolsets.Sessions,
        Description = "One terminal (agent) and its live status.",
        Hints = ToolHints.Read,
        Parameters = [CommonParameters.TerminalId],
        Output = OutputSchemas.Extend(CaoShapes.Terminal, """{"success":{"type":"boolean"},"message":{"type":"string"}}"""),
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
