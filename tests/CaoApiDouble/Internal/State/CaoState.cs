using System.Security.Cryptography;

namespace CaoOps.Testing.Internal.State;

/// <summary>
/// The simulated server state (sessions, terminals, inbox, profiles) plus the mock worker.
/// Every member ending in "Locked" must be called while holding <see cref="Gate"/>.
/// </summary>
internal sealed class CaoState
{
    private const string MockLaunch = "mock_cli --delay-ms 50";
    private readonly TimeSpan _workerDelay;
    private readonly CancellationToken _stopping;
    private long _nextMessageId = 1;

    public CaoState(TimeSpan workerDelay, CancellationToken stopping)
    {
        _workerDelay = workerDelay;
        _stopping = stopping;
        foreach (var profile in BuiltInProfiles.Create())
        {
            Profiles[profile.Name] = profile;
        }
    }

    public Lock Gate { get; } = new();

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

    /// <summary>Pastes <paramref name="text"/> into the terminal: processing now, completed after the worker delay.</summary>
    public void StartWorkLocked(TerminalRecord terminal, string text)
    {
        terminal.Buffer.Clear();
        terminal.Append(text + "\r\n");
        terminal.Status = "processing";
        terminal.LastActive = DateTime.Now;
        var workId = ++terminal.WorkId;
        RunLater(_workerDelay, () =>
        {
            lock (Gate)
            {
                if (terminal.WorkId != workId || terminal.Status != "processing" || !Terminals.ContainsKey(terminal.Id))
                {
                    return;
                }

                terminal.Append($"> MOCK: {text}\r\n❯ \r\n❯ ");
                terminal.LastOutput = text;
                terminal.Status = "completed";
                terminal.LastActive = DateTime.Now;
                DeliverPendingLocked(terminal);
            }
        });
    }

    /// <summary>Forces a status (test seeding); cancels any in-flight work and may trigger inbox delivery.</summary>
    public void ForceStatusLocked(TerminalRecord terminal, string status)
    {
        terminal.WorkId++;
        terminal.Status = status;
        terminal.LastActive = DateTime.Now;
        DeliverPendingLocked(terminal);
    }

    /// <summary>What <c>mode=last</c> answers.</summary>
    public static string LastOutput(TerminalRecord terminal)
    {
        if (terminal.LastOutput is not null)
        {
            return terminal.LastOutput;
        }

        var raw = terminal.Buffer.ToString();
        var lines = raw.Split('\n').Length;
        return $"[NO RESPONSE - agent completed without producing a text response ({lines} lines in buffer)]\n{raw}";
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
