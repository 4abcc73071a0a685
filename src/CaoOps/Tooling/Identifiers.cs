using System.Text.RegularExpressions;

namespace CaoOps.Tooling;

/// <summary>The shapes CAO accepts for names and ids. Checked before any request is made.</summary>
internal static partial class Identifiers
{
    public const string SessionPrefix = "cao-";

    public static readonly ParamRule TerminalId = new(TerminalIdRegex(),
        "a terminal id is 8 lowercase hex characters (e.g. 27a1cde9), as returned by launch_session or get_session_info", InSchema: true);

    public static readonly ParamRule SessionName = new(SessionNameRegex(),
        "session names are 1-64 letters, digits, '_' or '-', not starting with '-' (e.g. cao-3f9a1c2e); list_sessions shows the existing ones");

    public static readonly ParamRule LaunchSessionName = new(LaunchSessionNameRegex(),
        "session names are letters, digits, '_' or '-', not starting with '-', at most 64 characters once CAO adds its 'cao-' prefix");

    public static readonly ParamRule AgentProfile = new(AgentProfileRegex(),
        "profile names are 1-59 letters, digits, '_' or '-', not starting with '-' (CAO builds the tmux window name from it)");

    public static readonly ParamRule ProfileName = new(ProfileNameRegex(),
        "profile names are 1-128 letters, digits, '_', '-' or '.', starting with a letter, digit or '_', without '..'; list_profiles shows the available ones");

    public static readonly ParamRule InstallName = new(InstallNameRegex(),
        "expected a profile name of 1-64 letters, digits, '_' or '-', or an https:// URL of a .md file");

    public static readonly ParamRule TerminalStatus = new(TerminalStatusRegex(),
        "statuses are unknown, idle, processing, completed, waiting_user_answer and error");

    public static readonly ParamRule Model = new(ModelRegex(),
        "model ids are 1-128 characters of letters, digits and . _ : / -");

    public static readonly ParamRule EnvVarName = new(EnvVarNameRegex(),
        "environment variable names are letters, digits and '_', not starting with a digit");

    public static readonly ParamRule AllowedTool = new(AllowedToolRegex(),
        "tool names cannot be empty or contain ',' or control characters (CAO joins them with commas)");

    /// <summary>What the server will call a session: CAO prepends "cao-" unless it is already there.</summary>
    public static string Prefixed(string sessionName) =>
        sessionName.StartsWith(SessionPrefix, StringComparison.Ordinal) ? sessionName : SessionPrefix + sessionName;

    [GeneratedRegex("^[a-f0-9]{8}\\z")]
    private static partial Regex TerminalIdRegex();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]{0,63}\\z")]
    private static partial Regex SessionNameRegex();

    // The raw name may omit the prefix: "cao-" + name must still fit 64 characters.
    [GeneratedRegex("^(cao-[A-Za-z0-9_-]{0,60}|[A-Za-z0-9_][A-Za-z0-9_-]{0,59})\\z")]
    private static partial Regex LaunchSessionNameRegex();

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_-]{0,58}\\z")]
    private static partial Regex AgentProfileRegex();

    [GeneratedRegex(@"^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex ProfileNameRegex();

    [GeneratedRegex("^(unknown|idle|processing|completed|waiting_user_answer|error)\\z")]
    private static partial Regex TerminalStatusRegex();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex InstallNameRegex();

    [GeneratedRegex("^[A-Za-z0-9._:/-]{1,128}\\z")]
    private static partial Regex ModelRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}\\z")]
    private static partial Regex EnvVarNameRegex();

    [GeneratedRegex(@"^[^,\p{Cc}]+\z")]
    private static partial Regex AllowedToolRegex();
}
