using CaoOps.Cao;

namespace CaoOps.Tools.Flows;

/// <summary>
/// <c>delete_flow</c>. cao-server removes only the flow's registration: its file and its <c>cao-flow-&lt;name&gt;</c>
/// session stay. The answer says what is left; <c>shutdown_session</c> also shuts the session down.
/// </summary>
internal static class DeleteFlowTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "delete_flow",
        Title = "Delete a flow",
        Toolset = Toolsets.Flows,
        Description = "Delete a flow. cao-server keeps its file and its cao-flow-<name> session; shutdown_session: true also shuts the session down.",
        Hints = new ToolHints(ReadOnly: false, Destructive: true, Idempotent: true, OpenWorld: false),
        Parameters =
        [
            FlowApi.Name,
            new("shutdown_session", ParamKind.Boolean, "Also shut down cao-flow-<name>.") { DefaultJson = "false" },
        ],
        Output = OutputSchemas.For(FlowsJsonContext.Default.DeleteFlowResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var shutdown = call.Args.Boolean("shutdown_session") == true;
        var session = FlowApi.SessionOf(name);
        var cao = call.Services.Cao;
        var (flow, read) = await FlowApi.GetAsync(call, name, ct).ConfigureAwait(false);
        if (flow is null)
        {
            return Fail(FlowApi.Failure(read) + (FlowApi.IsMissing(read) && shutdown ? $"; nothing was deleted (shutdown_session shuts down a leftover {session})" : string.Empty));
        }

        var deleted = await cao.SendAsync(new ApiRequest(HttpMethod.Delete, CaoPath.Of("flows", name), $"Delete flow '{name}'"), ct).ConfigureAwait(false);
        if (!deleted.Ok)
        {
            return Fail(FlowApi.Failure(deleted));
        }

        var probe = await cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("sessions", session), $"Get session '{session}'"), ct).ConfigureAwait(false);
        var sessionExists = probe.Ok;
        string sessionNote;
        if (!sessionExists)
        {
            sessionNote = probe.StatusCode == 404 ? string.Empty : $" Could not check session {session}: {probe.Error}";
        }
        else if (shutdown)
        {
            var down = await cao.SendAsync(new ApiRequest(HttpMethod.Delete, CaoPath.Of("sessions", session), $"Shutdown session '{session}'"), ct).ConfigureAwait(false);
            sessionExists = !down.Ok;
            sessionNote = down.Ok ? $" Shut down session {session}." : $" The flow is deleted, but shutting down {session} failed: {down.Error}";
        }
        else
        {
            sessionNote = $" Session {session} is still running; shut it down with shutdown_session when its work is no longer needed.";
        }

        var file = flow.FilePath;
        var fileNote = file is null ? string.Empty : $" cao-server keeps its file {file} (harmless; a new flow with this name overwrites it).";
        var result = new DeleteFlowResult(!sessionExists || !shutdown, $"Deleted flow '{name}': it will not run again.{fileNote}{sessionNote}")
        {
            FileLeft = file,
            SessionLeft = sessionExists ? session : null,
        };
        var json = Results.Of(result, FlowsJsonContext.Default.DeleteFlowResult);
        return result.Success ? ToolOutcome.Success(json) : ToolOutcome.Error(json);
    }

    private static ToolOutcome Fail(string message) => ToolOutcome.Error(Results.Failure(message));
}
