using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Flows;

/// <summary>
/// <c>run_flow</c>: runs a flow now. cao-server stamps last_run before it can skip or fail, so the cases it would
/// skip (its session still busy) or fail (<c>[[var]]</c> without a script) are refused here without a request.
/// </summary>
internal static class RunFlowTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "run_flow",
        Title = "Run a flow now",
        Toolset = Toolsets.Flows,
        Description = "Run a flow now, even if disabled: launches session cao-flow-<name> with its agent and prompt, replacing that session if it exists (the previous run's output is lost). Refused while that session is processing.",
        Hints = new ToolHints(ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: true),
        Parameters = [FlowApi.Name],
        Output = OutputSchemas.For(FlowsJsonContext.Default.RunFlowResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var session = FlowApi.SessionOf(name);
        var (flow, read) = await FlowApi.GetAsync(call, name, ct).ConfigureAwait(false);
        if (flow is null)
        {
            return Fail(FlowApi.Failure(read));
        }

        if (flow.Script is null && FlowApi.Placeholders(flow.PromptTemplate ?? string.Empty) is { Count: > 0 } missing)
        {
            return Fail($"Flow '{name}' was not run: its prompt uses {string.Join(", ", missing.Select(p => $"[[{p}]]"))} but it has no script to fill them, so cao-server would fail the run. Recreate the flow with the values written into the prompt.");
        }

        var (previous, busy, probeError) = await FlowSessionAsync(call, session, ct).ConfigureAwait(false);
        if (probeError is not null)
        {
            return Fail(probeError);
        }

        if (busy)
        {
            return Fail($"Flow '{name}' was not run: its session {session} (terminal {previous}) is still processing the previous run. Wait for it (wait_for_terminal) or shut it down (shutdown_session), then run again.");
        }

        var request = new ApiRequest(HttpMethod.Post, CaoPath.Of("flows", name, "run"), $"Run flow '{name}'")
        {
            Timeout = call.Services.Cao.Settings.LaunchTimeout,
            TimeoutSetting = "CAO_OPS_LAUNCH_TIMEOUT",
        };
        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return Fail(FlowApi.Failure(response));
        }

        if (!(response.Json.ValueKind == JsonValueKind.Object && response.Json.TryGetProperty("executed", out var executed) && executed.ValueKind is JsonValueKind.True or JsonValueKind.False))
        {
            return Fail("Run flow failed: invalid response payload");
        }

        if (executed.ValueKind == JsonValueKind.False)
        {
            return ToolOutcome.Success(Of(new RunFlowResult(true, $"cao-server skipped flow '{name}': its script decided not to run, or its session {session} became busy") { Executed = false, SessionName = session }));
        }

        var (terminal, _, _) = await FlowSessionAsync(call, session, ct).ConfigureAwait(false);
        var replaced = previous is null ? string.Empty : $" It replaced the previous run's session (terminal {previous}).";
        return ToolOutcome.Success(Of(new RunFlowResult(true,
            $"Ran flow '{name}': session {session}{(terminal is null ? string.Empty : $", terminal {terminal}")} is working on the prompt; follow it with wait_for_terminal.{replaced} The next run (scheduled or manual) replaces this session.")
        {
            Executed = true,
            SessionName = session,
            TerminalId = terminal,
        }));
    }

    /// <summary>The flow session's first terminal (cao-server only checks that one) and whether it is processing.</summary>
    private static async Task<(string? Terminal, bool Busy, string? Error)> FlowSessionAsync(ToolCall call, string session, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("sessions", session), $"Get session '{session}'"), ct).ConfigureAwait(false);
        if (response.Failure == ApiFailure.Http && response.StatusCode == 404)
        {
            return (null, false, null);
        }

        if (!response.Ok)
        {
            return (null, false, response.Error);
        }

        if (response.Json.ValueKind == JsonValueKind.Object && response.Json.TryGetProperty("terminals", out var terminals)
            && terminals.ValueKind == JsonValueKind.Array && terminals.GetArrayLength() > 0 && terminals[0].ValueKind == JsonValueKind.Object)
        {
            return (JsonFields.Str(terminals[0], "id"), JsonFields.Str(terminals[0], "status") == "processing", null);
        }

        return (null, false, null);
    }

    private static JsonElement Of(RunFlowResult r) => Results.Of(r, FlowsJsonContext.Default.RunFlowResult);

    private static ToolOutcome Fail(string message) => ToolOutcome.Error(Results.Failure(message));
}
