using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary>The 13-key Terminal object (HEAD key order).</summary>
internal static class TerminalJson
{
    public static JObj Of(TerminalRecord t, string? statusOverride = null) => new()
    {
        { "id", t.Id },
        { "name", t.WindowName },
        { "provider", t.Provider },
        { "session_name", t.SessionName },
        { "agent_profile", t.AgentProfile },
        { "caller_id", t.CallerId },
        { "allowed_tools", t.AllowedTools },
        { "engine", t.Engine },
        { "shell_command", null },
        { "group", t.Group },
        { "metadata", t.Metadata },
        { "status", statusOverride ?? t.Status },
        { "last_active", WireText.IsoTimestamp(t.LastActive) },
    };
}
