namespace CaoOps.E2E.Tests.Robustness;

/// <summary>One valid call of a tool: it passes validation, so it reaches the CAO API.</summary>
internal sealed record ToolCallCase(string Label, string Tool, Dictionary<string, object?> Arguments)
{
    public override string ToString() => Label;
}

internal static class ToolCalls
{
    /// <summary>Every tool at least once (launch_session both with and without initial_message; read_session_output both ways).</summary>
    public static IReadOnlyList<ToolCallCase> EveryTool { get; } =
    [
        new("list_profiles", "list_profiles", []),
        new("get_profile_details", "get_profile_details", new() { ["name"] = "developer" }),
        new("install_profile", "install_profile", new() { ["source"] = "developer", ["provider"] = "mock_cli" }),
        new("launch_session (waits for ready)", "launch_session", new() { ["agent_profile"] = "developer", ["provider"] = "mock_cli", ["session_name"] = "cao-faulty" }),
        new("launch_session (initial_message)", "launch_session", new() { ["agent_profile"] = "developer", ["provider"] = "mock_cli", ["initial_message"] = "go" }),
        new("send_session_message", "send_session_message", new() { ["terminal_id"] = "deadbeef", ["message"] = "hi" }),
        new("read_session_output (terminal_id)", "read_session_output", new() { ["terminal_id"] = "deadbeef" }),
        new("read_session_output (session_name)", "read_session_output", new() { ["session_name"] = "cao-faulty" }),
        new("get_terminal_status", "get_terminal_status", new() { ["terminal_id"] = "deadbeef" }),
        new("get_terminal_output", "get_terminal_output", new() { ["terminal_id"] = "deadbeef", ["mode"] = "full" }),
        new("wait_for_terminal", "wait_for_terminal", new() { ["terminal_id"] = "deadbeef", ["timeout_seconds"] = 5 }),
        new("list_sessions", "list_sessions", []),
        new("get_session_info", "get_session_info", new() { ["session_name"] = "cao-faulty" }),
        new("shutdown_session", "shutdown_session", new() { ["session_name"] = "cao-faulty" }),
        new("send_terminal_input", "send_terminal_input", new() { ["terminal_id"] = "deadbeef", ["message"] = "y" }),
        new("send_terminal_key", "send_terminal_key", new() { ["terminal_id"] = "deadbeef", ["key"] = "Enter" }),
        new("add_terminal", "add_terminal", new() { ["session_name"] = "cao-faulty", ["agent_profile"] = "reviewer", ["provider"] = "mock_cli" }),
        new("exit_terminal", "exit_terminal", new() { ["terminal_id"] = "deadbeef" }),
        new("delete_terminal", "delete_terminal", new() { ["terminal_id"] = "deadbeef" }),
        new("list_inbox_messages", "list_inbox_messages", new() { ["terminal_id"] = "deadbeef" }),
        new("list_providers", "list_providers", []),
        new("find_profiles", "find_profiles", new() { ["query"] = "review" }),
    ];
}
