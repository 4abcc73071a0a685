using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Cao;
using CaoOps.Tools.Terminals;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Tools.Terminals;

/// <summary>
/// Looks at a terminal before acting on it: its record (status, session, provider) and whether its pane has fallen
/// back to a bare shell because the agent CLI exited — where typed text would run as a command (captures 113–117).
/// </summary>
internal static partial class TerminalChecks
{
    public const string NotFoundHint = "it was deleted or the id is wrong; get_session_info lists a session's terminals";

    /// <summary>One terminal as <c>GET /terminals/{id}</c> returns it.</summary>
    public sealed record Snapshot(string? Status, string? SessionName, string? Provider);

    /// <summary>The terminal, or the failure message (404 says "not found" and where to look).</summary>
    public static async Task<(Snapshot? Terminal, string? Error)> GetAsync(ToolCall call, string id, string operation, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id), operation), ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return (null, response.Error + ApiCalls.NotFoundHint(response, NotFoundHint));
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return (null, $"{operation} failed: invalid response payload");
        }

        return (new Snapshot(Str(response.Json, "status"), Str(response.Json, "session_name"), Str(response.Json, "provider")), null);
    }

    /// <summary>
    /// The shell prompt the terminal's output ends with (e.g. <c>root@vm:/srv/work#</c>), or null when it does not end
    /// at one (or the output cannot be read: the check then does not block anything).
    /// </summary>
    public static async Task<string?> ShellPromptAsync(ToolCall call, string id, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(TerminalOutput.Request(id, "full", $"Read output of terminal '{id}'"), ct).ConfigureAwait(false);
        if (!response.Ok || !TerminalOutput.TryGetOutput(response.Json, out var raw))
        {
            return null;
        }

        var last = TerminalText.Clean(raw).Split('\n').Select(l => l.TrimEnd()).LastOrDefault(l => l.Length > 0);
        return last is not null && ShellPrompt().IsMatch(last) ? last : null;
    }

    // user@host:/path#, user@host ~ %, user@host:~$ — a login shell, not an agent CLI
    [GeneratedRegex(@"^[A-Za-z0-9._-]+@[A-Za-z0-9._-]+[: ]\S*( \S+)?\s?[#$%]\z")]
    private static partial Regex ShellPrompt();
}
