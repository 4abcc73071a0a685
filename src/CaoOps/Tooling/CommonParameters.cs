namespace CaoOps.Tooling;

/// <summary>Parameters several tools share, declared once.</summary>
internal static class CommonParameters
{
    /// <summary>cao-server 2.4.1's provider ids, in its enum order.</summary>
    public static readonly string[] Providers =
    [
        "kiro_cli", "claude_code", "codex", "kimi_cli", "copilot_cli", "opencode_cli", "hermes",
        "cursor_cli", "antigravity_cli", "omp", "grok_cli", "mcode", "mock_cli",
    ];

    public static readonly ToolParameter TerminalId = new("terminal_id", ParamKind.String,
        "")
    {
        Required = true,
        Rule = Identifiers.TerminalId,
    };

    public static readonly ToolParameter SessionName = new("session_name", ParamKind.String,
        "Session name (cao-…).")
    {
        Required = true,
        Rule = Identifiers.LaunchSessionName,
    };

    /// <summary>terminal_id or, for a session with exactly one terminal, session_name (resolved by <see cref="SessionNames.TerminalIdAsync"/>).</summary>
    public static readonly ToolParameter[] TerminalOrSession =
    [
        TerminalId with { Required = false, Description = "Terminal id (8 hex); wins over session_name." },
        SessionName with { Required = false, EmptyIsAbsent = true, Description = "Session name, for a session with one terminal." },
    ];

    public static ToolParameter Provider(string description) => new("provider", ParamKind.String, description)
    {
        Enum = Providers,
        EnumInSchema = false, // 13 names in every launch/install schema; list_providers lists them, the check names them
        EnumError = value => $"unknown provider '{value}' (valid: {string.Join(", ", Providers)}; list_providers shows which are installed)",
    };

    public static ToolParameter MaxChars() => new("max_chars", ParamKind.Integer,
        "Keep only the last N characters (0: all).")
    {
        Minimum = 0,
    };

    public static readonly ToolParameter Clean = new("clean", ParamKind.Boolean,
        "Strip terminal control sequences.")
    {
        DefaultJson = "false",
    };
}
