using CaoOps.Tools.Flows;
using CaoOps.Tools.Profiles;
using CaoOps.Tools.Sessions;
using CaoOps.Tools.Terminals;
using CaoOps.Tools.Workflows;

namespace CaoOps.Tools;

/// <summary>Every tool of every toolset, in the order tools/list shows them (upstream's order first).</summary>
internal static class ToolCatalog
{
    public static IReadOnlyList<ToolDefinition> All { get; } =
    [
        ListProfilesTool.Definition,
        GetProfileDetailsTool.Definition,
        InstallProfileTool.Definition,
        LaunchSessionTool.Definition,
        SendSessionMessageTool.Definition,
        ReadSessionOutputTool.Definition,
        GetTerminalStatusTool.Definition,
        GetTerminalOutputTool.Definition,
        WaitForTerminalTool.Definition,
        ListSessionsTool.Definition,
        GetSessionInfoTool.Definition,
        ShutdownSessionTool.Definition,
        SendTerminalInputTool.Definition,
        SendTerminalKeyTool.Definition,
        AddTerminalTool.Definition,
        ExitTerminalTool.Definition,
        DeleteTerminalTool.Definition,
        ListInboxMessagesTool.Definition,
        ListProvidersTool.Definition,
        FindProfilesTool.Definition,
        .. FlowTools.All,
        .. WorkflowTools.All,
    ];

    public const string Instructions = """
        cao-ops manages CLI Agent Orchestrator (CAO) through its cao-server HTTP API (default http://127.0.0.1:9889).
        Workflow: list_profiles → get_profile_details → install_profile (if needed) → launch_session (optionally with
        initial_message; keep the returned session_name and terminal_id) → send_session_message for further tasks →
        wait_for_terminal (or get_terminal_status) until 'completed' / waiting_user_answer / error → get_terminal_output (mode 'last') or
        read_session_output → list_sessions / get_session_info to monitor → shutdown_session when done.
        A worker waiting on a question: answer with send_terminal_input / send_terminal_key; list_inbox_messages says why work waits.
        Failures come back as isError results whose message says what failed and what to do.
        """;
}
