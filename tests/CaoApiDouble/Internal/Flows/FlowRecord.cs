namespace CaoOps.Testing.Internal.Flows;

/// <summary>A registered flow: the database row (the prompt lives in the file, <see cref="FlowFileInfo"/>).</summary>
internal sealed class FlowRecord
{
    public required string Name { get; init; }

    public required string FilePath { get; init; }

    public required string Schedule { get; init; }

    public required string AgentProfile { get; init; }

    public required string Provider { get; init; }

    public string Script { get; init; } = string.Empty;

    public DateTime? LastRun { get; set; }

    public DateTime NextRun { get; set; }

    public bool Enabled { get; set; } = true;
}
