namespace CaoOps.Testing.Internal.State;

/// <summary>One simulated tmux session.</summary>
internal sealed class SessionRecord
{
    public required string Name { get; init; }

    /// <summary>Terminals in creation (DB insertion) order.</summary>
    public List<TerminalRecord> Terminals { get; } = [];

    public Dictionary<string, string>? EnvVars { get; set; }
}
