using System.Security.Cryptography;

namespace CaoOps.Testing.Internal.State;

/// <summary>
/// The simulated server state (sessions, terminals, inbox, profiles) plus the mock worker.
/// Every member ending in "Locked" must be called while holding <see cref="Gate"/>.
/// </summary>
internal sealed class CaoState
{
    private const string MockLaunch = "mock_cli --delay-ms 50";
    private readonly CancellationToken _stopping;
    private long _nextMessageId = 1;

    public CaoState(TimeSpan workerDelay, TimeSpan sleepUnit, CancellationToken stopping)
    {
        _stopping = stopping;
        Agents = new AgentEngine(this, workerDelay, sleepUnit);
        foreach (var profile in BuiltInProfiles.Create())
        {
            Profiles[profile.Name] = profile;
        }
    }

    public Lock Gate { get; } = new();

    /// <summary>What pasted text and pressed keys do inside a terminal.</summary>
    public AgentEngine Agents { get; }

    public Dictionary<string, SessionRecord> Sessions { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, TerminalRecord> Terminals { get; } = new(StringComparer.Ordinal);

    public List<InboxMessageRecord> Messages { get; } = [];

    public Dictionary<string, ProfileRecord> Profiles { get; } = new(StringComparer.Ordinal);

    public Flows.FlowState Flows { get; } = new();

    public Workflows.WorkflowState Workflows { get; } = new();

    public static string RandomHex(int length) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes((length + 1) / 2))[..length];

    public string NewTerminalIdLocked()
    {
        while (true)
        {
            var id = RandomHex(8);
            if (!Terminals.ContainsKey(id))
            {
                return id;
            }
        }
    }

    public string NewSessionNameLocked()
    {
        while (true)
        {
            var name = NameRules.SessionPrefix + RandomHex(8);
            if (!Sessions.ContainsKey(name))
            {
                return name;
            }
        }
    }

    public static string NewWindowName(string agentProfile) => $"{agentProfile}-{RandomHex(4)}";

    public TerminalRecord AddTerminalLocked(SessionRecord session, TerminalSpec spec)
    {
        var terminal = new TerminalRecord
        {
            Id = spec.Id ?? NewTerminalIdLocked(),
            WindowName = spec.WindowName ?? NewWindowName(spec.AgentProfile ?? "terminal"),
            Provider = spec.Provider,
            SessionName = session.Name,
            AgentProfile = spec.AgentProfile,
            CallerId = spec.CallerId,
            AllowedTools = spec.AllowedTools,
            Engine = spec.Provider == Providers.Default ? "v2" : null,
            Group = spec.Group,
            Metadata = spec.Metadata,
            WorkingDirectory = spec.WorkingDirectory,
            Cwd = spec.WorkingDirectory,
            Status = spec.Status,
            LastActive = DateTime.Now,
        };
        terminal.Append(Banner(terminal.Provider, terminal.WorkingDirectory ?? "/"));
        session.Terminals.Add(terminal);
        Terminals[terminal.Id] = terminal;
        return terminal;
    }

    public void RemoveSessionLocked(string name)
    {
        if (!Sessions.Remove(name, out var session))
        {
            return;
        }

        foreach (var terminal in session.Terminals)
        {
            Terminals.Remove(terminal.Id);
            terminal.WorkId++;
        }
    }

    public void RemoveTerminalLocked(TerminalRecord terminal)
    {
        Terminals.Remove(terminal.Id);
        terminal.WorkId++;
        if (Sessions.TryGetValue(terminal.SessionName, out var session))
        {
            session.Terminals.Remove(terminal);
            if (session.Terminals.Count == 0)
            {
                // tmux destroys a session when its last window goes away.
                Sessions.Remove(session.Name);
            }
        }
    }

    public InboxMessageRecord AddMessageLocked(string senderId, string receiverId, string message)
    {
        var row = new InboxMessageRecord
        {
            Id = _nextMessageId++,
            SenderId = senderId,
            ReceiverId = receiverId,
            Message = message,
            CreatedAt = DateTime.Now,
        };
        Messages.Add(row);
        return row;
    }

    /// <summary>Delivers the oldest pending inbox message if the terminal is idle or completed.</summary>
    public void DeliverPendingLocked(TerminalRecord terminal)
    {
        if (terminal.Status is not ("idle" or "completed") || !Terminals.ContainsKey(terminal.Id))
        {
            return;
        }

        var next = Messages.Find(m => m.ReceiverId == terminal.Id && m.Status == "pending");
        if (next is null)
        {
            return;
        }

        next.Status = "delivered";
        StartWorkLocked(terminal, next.Message);
    }

    /// <summary>Pastes <paramref name="text"/> into the terminal (the <c>/input</c> path) and lets its agent react.</summary>
    public void StartWorkLocked(TerminalRecord terminal, string text) => Agents.PasteLocked(terminal, text);

    /// <summary>Forces a status (test seeding); cancels any in-flight work and may trigger inbox delivery.</summary>
    public void ForceStatusLocked(TerminalRecord terminal, string status)
    {
        AgentEngine.ResetLocked(terminal);
        terminal.Status = status;
        terminal.LastActive = DateTime.Now;
        DeliverPendingLocked(terminal);
    }

    /// <summary>
    /// What <c>mode=last</c> answers: the agent's last reply; else mock_cli-like providers give the
    /// <c>[NO RESPONSE …]</c> sentinel and the rendered scrollback (capture 168), while providers with a fixed capture
    /// depth (kiro_cli, opencode_cli) fail with their extraction error (500).
    /// </summary>
    public static (string? Output, string? ExtractionError) LastOutput(TerminalRecord terminal)
    {
        if (terminal.LastOutput is not null)
        {
            return (terminal.LastOutput, null);
        }

        switch (terminal.Provider)
        {
            case "kiro_cli":
                return (null, "No Kiro CLI response found - no Credits marker or green arrow detected");
            case "opencode_cli":
                return (null, "No user message found in OpenCode output");
        }

        var lines = ScreenText.Render($"root@vm:{terminal.WorkingDirectory ?? "/"}# ", terminal.Log.ToString());
        return ($"[NO RESPONSE - agent completed without producing a text response ({lines.Count} lines in buffer)]\n{string.Join('\n', lines)}", null);
    }

    /// <summary>Runs <paramref name="action"/> after <paramref name="delay"/> unless the double stops first.</summary>
    public void RunLater(TimeSpan delay, Action action)
    {
        _ = Task.Run(
            async () =>
            {
                try
                {
                    if (delay > TimeSpan.Zero)
                    {
                        await Task.Delay(delay, _stopping).ConfigureAwait(false);
                    }

                    if (!_stopping.IsCancellationRequested)
                    {
                        action();
                    }
                }
                catch (OperationCanceledException)
                {
                    // the double is being disposed
                }
            },
            CancellationToken.None);
    }

    private static string Banner(string provider, string workingDirectory)
    {
        var launch = provider == "mock_cli"
            ? MockLaunch
            : Providers.Binaries.FirstOrDefault(b => b.Name == provider).Binary ?? provider;
        var ready = provider == "mock_cli" ? "MockCli ready." : $"{provider} ready.";
        return $"\r\n\u001b[?2004l\r\u001b[?2004hroot@vm:{workingDirectory}# \u001b[7m{launch}\u001b[27m"
            + new string('\b', launch.Length) + launch + "\r\n\u001b[?2004l\r" + ready + "\r\n❯ ";
    }
}
