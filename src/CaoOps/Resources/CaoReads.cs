using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Sessions;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Resources;

/// <summary>One terminal row of GET /sessions/{name}: what prompts, completions and the watcher need.</summary>
internal sealed record TerminalRow(string Id, string Session, string? Status, string? LastActive, string? Provider, string? AgentProfile, string? WorkingDirectory);

/// <summary>One session: its summary from GET /sessions and, when it could be read, its GET /sessions/{name} body.</summary>
internal sealed record SessionView(string Name, string? Status, string? WorkingDirectory, string? AgentProfile, JsonElement? Detail, IReadOnlyList<TerminalRow> Terminals);

/// <summary>Every session with its terminals, read at one moment.</summary>
internal sealed record Overview(JsonElement SessionList, IReadOnlyList<SessionView> Sessions)
{
    public IEnumerable<TerminalRow> Terminals => Sessions.SelectMany(s => s.Terminals);
}

/// <summary>
/// The cao-server reads behind prompts, resources and completions (they go through the same <see cref="CaoClient"/> as
/// the tools). Every read has its own deadline; failures come back as the client's message, never as an exception.
/// </summary>
internal static class CaoReads
{
    /// <summary>At most this many sessions are read in detail (one request each).</summary>
    public const int MaxSessions = 100;

    public static Task<ApiResponse> SessionsAsync(CaoClient cao, TimeSpan? timeout, CancellationToken ct) =>
        cao.SendAsync(new ApiRequest(HttpMethod.Get, "/sessions", "List sessions") { Timeout = timeout }, ct);

    public static Task<ApiResponse> SessionAsync(CaoClient cao, string name, TimeSpan? timeout, CancellationToken ct) =>
        cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("sessions", name), $"Get session '{name}'") { Timeout = timeout }, ct);

    public static Task<ApiResponse> TerminalAsync(CaoClient cao, string id, TimeSpan? timeout, CancellationToken ct) =>
        cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id), $"Get terminal '{id}'") { Timeout = timeout }, ct);

    public static Task<ApiResponse> OutputAsync(CaoClient cao, string id, string mode, TimeSpan? timeout, CancellationToken ct) =>
        cao.SendAsync(TerminalOutput.Request(id, mode, $"Get terminal output for '{id}'") with { Timeout = timeout }, ct);

    public static Task<ApiResponse> ProfilesAsync(CaoClient cao, TimeSpan? timeout, CancellationToken ct) =>
        cao.SendAsync(new ApiRequest(HttpMethod.Get, "/agents/profiles", "List profiles") { Timeout = timeout }, ct);

    public static Task<ApiResponse> ProvidersAsync(CaoClient cao, TimeSpan? timeout, CancellationToken ct) =>
        cao.SendAsync(new ApiRequest(HttpMethod.Get, "/agents/providers", "List providers") { Timeout = timeout }, ct);

    /// <summary>Pending inbox messages of a terminal (the oldest 100; the route caps limit at 100).</summary>
    public static Task<ApiResponse> PendingInboxAsync(CaoClient cao, string id, TimeSpan? timeout, CancellationToken ct) =>
        cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id, "inbox", "messages"), $"List inbox messages of '{id}'")
        {
            Query = [new("status", "pending"), new("limit", "100")],
            Timeout = timeout,
        }, ct);

    /// <summary>
    /// GET /sessions, then GET /sessions/{name} for each (a few at a time). A session that vanished in between, or
    /// whose detail could not be read, is kept with no terminals. Null (and the failure) when the list itself failed.
    /// </summary>
    public static async Task<(Overview? View, ApiResponse? Failure)> OverviewAsync(CaoClient cao, TimeSpan? timeout, CancellationToken ct)
    {
        var list = await SessionsAsync(cao, timeout, ct).ConfigureAwait(false);
        if (!list.Ok)
        {
            return (null, list);
        }

        if (ListSessionsTool.Normalise(list.Json) is not { } sessions)
        {
            return (null, list with { Failure = ApiFailure.InvalidJson, Error = "List sessions failed: invalid response payload" });
        }

        // Plain loops over JsonElement and no value tuples: Native AOT compiles generic code again for each value type.
        var summaries = new List<SessionView>();
        foreach (var s in sessions.EnumerateArray())
        {
            var name = Str(s, "name") ?? Str(s, "id");
            if (name is not null && Identifiers.SessionName.Pattern.IsMatch(name) && summaries.Count < MaxSessions)
            {
                summaries.Add(new SessionView(name, Str(s, "status"), Str(s, "working_directory"), Str(s, "agent_profile"), null, []));
            }
        }

        var views = new SessionView[summaries.Count];
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(summaries.Select(async (s, i) =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var detail = await SessionAsync(cao, s.Name, timeout, ct).ConfigureAwait(false);
                var body = detail.Ok && detail.Json.ValueKind == JsonValueKind.Object ? detail.Json : (JsonElement?)null;
                views[i] = body is { } b ? s with { Detail = b, Terminals = Rows(s.Name, b) } : s;
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);
        return (new Overview(sessions, views), null);
    }

    /// <summary>The terminal rows of a GET /sessions/{name} body (rows without a valid id are skipped).</summary>
    public static IReadOnlyList<TerminalRow> Rows(string session, JsonElement detail)
    {
        if (!detail.TryGetProperty("terminals", out var terminals) || terminals.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        var rows = new List<TerminalRow>();
        foreach (var t in terminals.EnumerateArray())
        {
            if (Str(t, "id") is { } id && Identifiers.TerminalId.Pattern.IsMatch(id))
            {
                rows.Add(new TerminalRow(id, session, Str(t, "status"), Str(t, "last_active"), Str(t, "provider"), Str(t, "agent_profile"), Str(t, "working_directory")));
            }
        }

        return rows;
    }

    /// <summary>The "name" of every object in a JSON array (profiles, providers); empty for anything else.</summary>
    public static IReadOnlyList<string> Names(JsonElement array) => Names(array, _ => true);

    /// <summary>The "name" of every object in a JSON array for which <paramref name="keep"/> holds.</summary>
    public static IReadOnlyList<string> Names(JsonElement array, Func<JsonElement, bool> keep)
    {
        var names = new List<string>();
        if (array.ValueKind == JsonValueKind.Array)
        {
            foreach (var e in array.EnumerateArray())
            {
                if (Str(e, "name") is { } name && keep(e))
                {
                    names.Add(name);
                }
            }
        }

        return names;
    }
}
