using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tooling;

internal static class SessionNames
{
    /// <summary>The session a name argument means: CAO's "cao-" prefix is added when missing, as CAO does at launch.</summary>
    public static string Resolve(ToolArguments args, string parameter = "session_name") => Identifiers.Prefixed(args.String(parameter)!);

    /// <summary>
    /// The terminal a call means: its terminal_id, or the only terminal of its session_name
    /// (<see cref="CommonParameters.TerminalOrSession"/>). Otherwise null and the failure answer.
    /// </summary>
    public static async Task<(string? TerminalId, JsonElement? Failure)> TerminalIdAsync(ToolCall call, CancellationToken ct)
    {
        if (call.Args.String("terminal_id") is { } id)
        {
            return (id, null);
        }

        return call.Args.String("session_name") is null
            ? (null, Results.Failure("Provide either terminal_id or session_name"))
            : await ResolveSingleTerminalAsync(call, Resolve(call.Args), ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The terminal of a session that has exactly one (upstream's read_session_output rules and messages);
    /// otherwise a failure answer (with the terminals listed when there are several).
    /// </summary>
    private static async Task<(string? TerminalId, JsonElement? Failure)> ResolveSingleTerminalAsync(ToolCall call, string session, CancellationToken ct)
    {
        var request = new ApiRequest(HttpMethod.Get, CaoPath.Of("sessions", session), $"Resolve terminals for session '{session}'");
        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return (null, Results.Failure(response.Error + ApiCalls.NotFoundHint(response, "list_sessions shows the sessions that exist")));
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return (null, Results.Failure($"Session '{session}' returned an invalid response payload"));
        }

        var terminals = response.Json.TryGetProperty("terminals", out var t) ? t : JsonBuild.EmptyArray;
        if (terminals.ValueKind != JsonValueKind.Array || terminals.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.Object))
        {
            return (null, Results.Failure($"Session '{session}' returned an invalid terminals payload"));
        }

        switch (terminals.GetArrayLength())
        {
            case 0:
                return (null, Results.Failure($"Session '{session}' has no terminals"));
            case 1:
                var only = terminals[0];
                var id = only.TryGetProperty("id", out var v) ? v.ValueKind switch
                {
                    JsonValueKind.String => v.GetString(),
                    JsonValueKind.Number when v.GetRawText() != "0" => v.GetRawText(),
                    _ => null,
                } : null;
                return string.IsNullOrEmpty(id)
                    ? (null, Results.Failure($"Session '{session}' returned a terminal without an id"))
                    : (id, null);
            default:
                return (null, Results.Failure($"Session '{session}' has {terminals.GetArrayLength()} terminals; specify terminal_id", terminals));
        }
    }
}
