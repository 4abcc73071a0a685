namespace CaoOps.Resources;

/// <summary>What the watcher compares between two polls: which cao:// resources changed, and whether the listed set did.</summary>
internal sealed record WatchChanges(IReadOnlySet<string> Updated, bool ListChanged)
{
    public bool Any => Updated.Count > 0 || ListChanged;
}

/// <summary>A terminal as the watcher sees it: its session, and its status and last activity (what "changed" means).</summary>
internal sealed record TerminalState(string Session, string? Status, string? LastActive);

/// <summary>
/// The state of everything a client can subscribe to, reduced to what decides "changed": the session list as
/// cao-server returned it, each session's body, and each terminal's status and last activity.
/// </summary>
internal sealed record WatchSnapshot(string SessionList, IReadOnlyDictionary<string, string> Sessions, IReadOnlyDictionary<string, TerminalState> Terminals)
{
    /// <summary>
    /// A snapshot of <paramref name="view"/>. A session whose body could not be read this time keeps what
    /// <paramref name="previous"/> had for it, so a failed request is not reported as a change.
    /// </summary>
    public static WatchSnapshot From(Overview view, WatchSnapshot? previous)
    {
        var sessions = new Dictionary<string, string>(StringComparer.Ordinal);
        var terminals = new Dictionary<string, TerminalState>(StringComparer.Ordinal);
        foreach (var s in view.Sessions)
        {
            if (s.Detail is { } detail)
            {
                sessions[s.Name] = detail.GetRawText();
                foreach (var t in s.Terminals)
                {
                    terminals[t.Id] = new TerminalState(s.Name, t.Status, t.LastActive);
                }
            }
            else if (previous is not null && previous.Sessions.TryGetValue(s.Name, out var before))
            {
                sessions[s.Name] = before;
                foreach (var id in previous.Terminals.Keys)
                {
                    if (previous.Terminals[id] is { } state && state.Session == s.Name)
                    {
                        terminals[id] = state;
                    }
                }
            }
        }

        return new WatchSnapshot(view.SessionList.GetRawText(), sessions, terminals);
    }

    /// <summary>
    /// The canonical URIs whose content changed from <paramref name="before"/> to <paramref name="after"/>, and whether
    /// a session or terminal appeared or disappeared (what resources/list shows).
    /// </summary>
    public static WatchChanges Diff(WatchSnapshot before, WatchSnapshot after)
    {
        var updated = new HashSet<string>(StringComparer.Ordinal);
        if (before.SessionList != after.SessionList)
        {
            updated.Add(CaoUri.SessionsUri);
        }

        foreach (var name in before.Sessions.Keys.Union(after.Sessions.Keys))
        {
            if (before.Sessions.GetValueOrDefault(name) != after.Sessions.GetValueOrDefault(name))
            {
                updated.Add(CaoUri.Session(name).ToString());
            }
        }

        foreach (var id in before.Terminals.Keys.Union(after.Terminals.Keys))
        {
            if (before.Terminals.GetValueOrDefault(id) != after.Terminals.GetValueOrDefault(id))
            {
                updated.Add(CaoUri.Terminal(id).ToString());
                updated.Add(CaoUri.Output(id).ToString());
            }
        }

        var listChanged = !before.Sessions.Keys.ToHashSet().SetEquals(after.Sessions.Keys)
            || !before.Terminals.Keys.ToHashSet().SetEquals(after.Terminals.Keys);
        return new WatchChanges(updated, listChanged);
    }
}
