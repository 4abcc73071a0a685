namespace CaoOps.Tooling;

/// <summary>MCP tool annotations as a tool declares them (every hint; tools/list states those that differ from MCP's defaults).</summary>
internal sealed record ToolHints(bool ReadOnly, bool Destructive, bool Idempotent, bool OpenWorld)
{
    public static readonly ToolHints Read = new(ReadOnly: true, Destructive: false, Idempotent: true, OpenWorld: false);
}
