using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary><c>GET /sessions</c>, <c>GET|DELETE /sessions/{name}</c>, <c>GET /sessions/{name}/terminals</c>.</summary>
internal sealed class SessionHandlers
{
    private readonly CaoState _state;

    public SessionHandlers(ServerContext ctx) => _state = ctx.State;

    public Task<ApiResponse> List(ApiRequest request)
    {
        lock (_state.Gate)
        {
            var list = _state.Sessions.Values
                .Where(s => s.Name.StartsWith(NameRules.SessionPrefix, StringComparison.Ordinal))
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(Summary)
                .ToList();
            return Task.FromResult(ApiResponse.Json(200, list));
        }
    }

    public Task<ApiResponse> Get(ApiRequest request)
    {
        var name = request.PathParams["session_name"];
        if (!NameRules.IsTmuxName(name))
        {
            return Task.FromResult(ApiResponse.Detail(400, NameRules.InvalidTmuxName("session_name", name)));
        }

        lock (_state.Gate)
        {
            if (!_state.Sessions.TryGetValue(name, out var session))
            {
                return Task.FromResult(ApiResponse.Detail(404, $"Session '{name}' not found"));
            }

            return Task.FromResult(ApiResponse.Json(200, new JObj
            {
                { "session", new JObj { { "id", name }, { "name", name }, { "status", "detached" } } },
                { "terminals", session.Terminals.Select(t => Row(t, withStatus: true)).ToList() },
            }));
        }
    }

    public Task<ApiResponse> Delete(ApiRequest request)
    {
        var name = request.PathParams["session_name"];
        if (!NameRules.IsTmuxName(name))
        {
            return Task.FromResult(ApiResponse.Detail(400, NameRules.InvalidTmuxName("session_name", name)));
        }

        lock (_state.Gate)
        {
            _state.RemoveSessionLocked(name);
        }

        // HEAD does not check existence: an unknown (valid) name is "deleted" too.
        return Task.FromResult(ApiResponse.Json(200, new JObj
        {
            { "success", true },
            { "deleted", new[] { name } },
            { "errors", Array.Empty<string>() },
        }));
    }

    public Task<ApiResponse> Terminals(ApiRequest request)
    {
        var name = request.PathParams["session_name"];
        if (!NameRules.IsTmuxName(name))
        {
            return Task.FromResult(ApiResponse.Detail(400, NameRules.InvalidTmuxName("session_name", name)));
        }

        lock (_state.Gate)
        {
            var rows = _state.Sessions.TryGetValue(name, out var session)
                ? session.Terminals.Select(t => Row(t, withStatus: false)).ToList()
                : [];
            return Task.FromResult(ApiResponse.Json(200, rows));
        }
    }

    private static JObj Summary(SessionRecord session)
    {
        var owner = session.Terminals.Find(t => t.AgentProfile is not null || t.WorkingDirectory is not null)
            ?? session.Terminals.FirstOrDefault();
        return new JObj
        {
            { "id", session.Name },
            { "name", session.Name },
            { "status", "detached" },
            { "working_directory", owner?.WorkingDirectory },
            { "agent_profile", owner?.AgentProfile },
        };
    }

    private static JObj Row(TerminalRecord t, bool withStatus)
    {
        var row = new JObj
        {
            { "id", t.Id },
            { "tmux_session", t.SessionName },
            { "tmux_window", t.WindowName },
            { "provider", t.Provider },
            { "agent_profile", t.AgentProfile },
            { "working_directory", t.WorkingDirectory },
            { "engine", t.Engine },
            { "last_active", WireText.IsoTimestamp(t.LastActive) },
        };
        if (withStatus)
        {
            row.Add("status", t.Status);
        }

        return row;
    }
}
