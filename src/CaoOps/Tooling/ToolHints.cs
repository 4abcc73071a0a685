namespace CaoOps.Tooling;

/// <summary>MCP tool annotations, always stated explicitly.</summary>
internal sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)
{
    public static readonly ToolHints Read = new(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false);
}
