namespace CaoOps.Tools;

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
        "Terminal id: 8 lowercase hex characters, as returned by launch_session or get_session_info.")
    {
        Required = true,
        Rule = Identifiers.TerminalId,
    };

    public static readonly ToolParameter SessionName = new("session_name", ParamKind.String,
        "CAO session name, e.g. cao-3f9a1c2e. The 'cao-' prefix is added when missing, as CAO does at launch.")
    {
        Required = true,
        Rule = Identifiers.LaunchSessionName,
    };

    /// <summary>terminal_id or, for a session with exactly one terminal, session_name (resolved by <see cref="SessionNames.TerminalIdAsync"/>).</summary>
    public static readonly ToolParameter[] TerminalOrSession =
    [
        TerminalId with { Required = false, Description = "Terminal id (8 hex). Wins over session_name." },
        SessionName with { Required = false, EmptyIsAbsent = true, Description = "Session name (cao-…), used when terminal_id is not given; the session must have exactly one terminal." },
    ];

    public static ToolParameter Provider(string description) => new("provider", ParamKind.String, description)
    {
        Enum = Providers,
        EnumError = value => $"unknown provider '{value}' (valid: {string.Join(", ", Providers)})",
    };

    public static ToolParameter MaxChars() => new("max_chars", ParamKind.Integer,
        "Keep at most the last N characters (code points, never splitting one); 0 or absent: no cap.")
    {
        Minimum = 0,
        Maximum = 100_000_000,
    };

    public static readonly ToolParameter Clean = new("clean", ParamKind.Boolean,
        "Strip terminal control sequences (colours, cursor moves, backspaces, CRs) from the output. Default false: raw output as CAO returns it.")
    {
        DefaultJson = "false",
    };
}
