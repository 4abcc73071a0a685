using System.Globalization;
using System.Text;
using CaoOps.Resources;
using ModelContextProtocol;

namespace CaoOps.Prompts;

/// <summary>review_sessions: a status report of every session and terminal, read live when the prompt is fetched.</summary>
internal static class ReviewSessionsPrompt
{
    public static readonly PromptDefinition Definition = new()
    {
        Name = "review_sessions",
        Title = "Review CAO sessions",
        Description = "Status report of every CAO session and agent (status, last activity, queued messages), with what needs attention first.",
        Requires = ["list_sessions", "get_session_info"],
        Build = BuildAsync,
    };

    /// <summary>Pending inbox count of one terminal; null when it could not be read (e.g. a server without the route).</summary>
    internal sealed record Pending(int? Count, bool Capped);

    private static async Task<ModelContextProtocol.Protocol.GetPromptResult> BuildAsync(PromptRequest request, CancellationToken ct)
    {
        var (view, failure) = await CaoReads.OverviewAsync(request.Cao, null, ct).ConfigureAwait(false);
        if (view is null)
        {
            throw new McpException(failure!.Error ?? "List sessions failed");
        }

        var pending = new Dictionary<string, Pending>(StringComparer.Ordinal);
        using var gate = new SemaphoreSlim(4);
        await Task.WhenAll(view.Terminals.Select(async t =>
        {
            await gate.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                var inbox = await CaoReads.PendingInboxAsync(request.Cao, t.Id, null, ct).ConfigureAwait(false);
                var count = inbox.Ok && inbox.Json.ValueKind == System.Text.Json.JsonValueKind.Array ? inbox.Json.GetArrayLength() : (int?)null;
                lock (pending)
                {
                    pending[t.Id] = new Pending(count, count >= 100);
                }
            }
            finally
            {
                gate.Release();
            }
        })).ConfigureAwait(false);

        var now = request.Time.GetUtcNow().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);
        return PromptDefinition.UserMessage("Status of every CAO session", Report(view, pending, request.Tools, request.Cao.BaseAddress, now));
    }

    /// <summary>The report text (separate from the reads so tests can pin it).</summary>
    internal static string Report(Overview view, IReadOnlyDictionary<string, Pending> pending, IReadOnlySet<string> tools, string server, string now)
    {
        var text = new StringBuilder();
        text.Append($"Here is the state of every CAO session, read from cao-server at {server} at {now}. ");
        if (view.Sessions.Count == 0)
        {
            text.Append("There are no CAO sessions. Tell me so")
                .Append(tools.Contains("launch_session") ? ", and that launch_session (or the delegate_task prompt) starts a worker." : ".")
                .Append('\n');
            return text.ToString();
        }

        text.Append("Give me a short status report: first what needs my attention (agents waiting for an answer, errors, "
            + "messages stuck in a queue), then what is working, then what is idle or finished and could be shut down. "
            + "Suggest the next action for each item that needs one.\n\n");

        var terminals = view.Terminals.ToList();
        text.Append($"{Count(view.Sessions.Count, "session")}, {Count(terminals.Count, "terminal")}");
        var byStatus = terminals.GroupBy(t => t.Status ?? "unknown").OrderBy(g => Rank(g.Key)).Select(g => $"{g.Count()} {g.Key}");
        text.Append(terminals.Count > 0 ? ": " + string.Join(", ", byStatus) : string.Empty).Append(".\n");

        var groups = new (string Heading, Func<TerminalRow, bool> Member)[]
        {
            ("Needs attention", t => t.Status is "waiting_user_answer" or "error" || Stuck(t, pending)),
            ("Working", t => t.Status == "processing" && !Stuck(t, pending)),
            ("Status unknown (cao-server reports unknown right after a launch or a restart, until the agent prints something)", t => t.Status is null or "unknown" && !Stuck(t, pending)),
            ("Idle or finished", t => t.Status is "idle" or "completed" && !Stuck(t, pending)),
        };
        var shown = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (heading, member) in groups)
        {
            var rows = terminals.Where(t => !shown.Contains(t.Id) && member(t)).OrderBy(t => Rank(t.Status)).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            text.Append($"\n{heading}:\n");
            foreach (var t in rows)
            {
                shown.Add(t.Id);
                text.Append(Line(t, pending, view.Sessions.First(s => s.Name == t.Session))).Append('\n');
            }
        }

        var other = terminals.Where(t => !shown.Contains(t.Id)).ToList();
        if (other.Count > 0)
        {
            text.Append("\nOther:\n");
            foreach (var t in other)
            {
                text.Append(Line(t, pending, view.Sessions.First(s => s.Name == t.Session))).Append('\n');
            }
        }

        var empty = view.Sessions.Where(s => s.Terminals.Count == 0).ToList();
        if (empty.Count > 0)
        {
            text.Append("\nSessions without terminals:\n");
            foreach (var s in empty)
            {
                text.Append($"- {s.Name} ({s.Status ?? "status unknown"})")
                    .Append(s.Detail is null ? ": its terminals could not be read" : ": no agents; it can be shut down")
                    .Append('\n');
            }
        }

        text.Append("\nTools for the next steps:\n");
        if (tools.Contains("send_terminal_input"))
        {
            text.Append("- Answer a waiting agent: the unblock_terminal prompt, or send_terminal_input(terminal_id, message)")
                .Append(tools.Contains("send_terminal_key") ? " / send_terminal_key(terminal_id, key)" : string.Empty).Append(".\n");
        }

        if (tools.Contains("get_terminal_output"))
        {
            text.Append("- Read an agent's answer: get_terminal_output(terminal_id, mode=\"last\", clean=true); what its screen shows: mode=\"full\".\n");
        }

        if (tools.Contains("list_inbox_messages"))
        {
            text.Append("- See queued messages: list_inbox_messages(terminal_id, status=\"pending\").\n");
        }

        if (tools.Contains("shutdown_session"))
        {
            text.Append("- Shut down a finished session (its agents' unsaved work is lost): shutdown_session(session_name).\n");
        }

        return text.ToString();
    }

    /// <summary>Messages are queued but the agent is not busy: delivery only happens when it is idle or completed.</summary>
    private static bool Stuck(TerminalRow t, IReadOnlyDictionary<string, Pending> pending) =>
        t.Status != "processing" && pending.TryGetValue(t.Id, out var p) && p.Count > 0;

    private static string Line(TerminalRow t, IReadOnlyDictionary<string, Pending> pending, SessionView session)
    {
        var who = string.Join(", ", new[] { t.AgentProfile, t.Provider }.Where(x => x is not null));
        var line = new StringBuilder($"- {session.Name} / terminal {t.Id}");
        line.Append(who.Length > 0 ? $" ({who})" : string.Empty).Append($": {t.Status ?? "unknown"}");
        line.Append(t.Status switch
        {
            "waiting_user_answer" => " — it is asking a question and waits for an answer",
            "error" => " — its CLI reported an error; input is refused in this state",
            _ => string.Empty,
        });
        line.Append($"; last active {t.LastActive ?? "unknown"}");
        line.Append(pending.TryGetValue(t.Id, out var p) && p.Count is { } n
            ? n == 0 ? "; no queued messages" : $"; {(p.Capped ? "100+" : n.ToString(CultureInfo.InvariantCulture))} queued message{(n == 1 ? string.Empty : "s")} not yet delivered"
            : "; queued messages unknown (this cao-server did not list them)");
        if (t.WorkingDirectory is { } dir)
        {
            line.Append($"; in {dir}");
        }

        return line.ToString();
    }

    private static int Rank(string? status) => status switch
    {
        "waiting_user_answer" => 0,
        "error" => 1,
        "processing" => 2,
        "unknown" or null => 3,
        "idle" => 4,
        "completed" => 5,
        _ => 6,
    };

    private static string Count(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
