using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Sessions;

internal static class ShutdownSessionTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "shutdown_session",
        Title = "Shut down a session",
        Toolset = Toolsets.Sessions,
        Description = "Shut down a CAO session, killing its agents (unsaved work is lost).",
        Hints = new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false),
        Parameters = [CommonParameters.SessionName],
        Output = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "success":{"type":"boolean"},"deleted":{"type":"array","items":{"type":"string"}},"errors":{"type":"array"},
              "message":{"type":"string"}},
             "required":["success"]}
            """),
        Handler = async (call, ct) => (await ShutdownAsync(call.Services.Cao, SessionNames.Resolve(call.Args), ct).ConfigureAwait(false)).Outcome,
    };

    /// <summary>
    /// The shutdown (the tool's handler, also <c>cao-ops run</c>'s cleanup): its outcome, and the failed cao-server answer
    /// when a request failed (a 404 on the probe means the session does not exist).
    /// </summary>
    internal static async Task<(ToolOutcome Outcome, ApiResponse? Failed)> ShutdownAsync(CaoClient cao, string name, CancellationToken ct, TimeSpan? requestTimeout = null)
    {
        var operation = $"Shutdown session '{name}'";

        // cao-server 2.4.1 answers 200 "deleted" for any name, existing or not: check first so a typo is not reported as done.
        var probe = await cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("sessions", name), operation) { Timeout = requestTimeout }, ct).ConfigureAwait(false);
        if (!probe.Ok)
        {
            var hint = ApiCalls.NotFoundHint(probe, "nothing was shut down; list_sessions shows the sessions that exist");
            return (ToolOutcome.Error(Results.Failure(probe.Error + hint)), probe);
        }

        var response = await cao.SendAsync(new ApiRequest(HttpMethod.Delete, CaoPath.Of("sessions", name), operation) { Timeout = requestTimeout }, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return (ToolOutcome.Error(Results.Failure(response.Error!)), response);
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return (ToolOutcome.Error(Results.Failure("Shutdown session failed: invalid response payload")), null);
        }

        var failed = response.Json.TryGetProperty("success", out var s) && s.ValueKind == JsonValueKind.False;
        return (new ToolOutcome(response.Json, failed), null);
    }
}
