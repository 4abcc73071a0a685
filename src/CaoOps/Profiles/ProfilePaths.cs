using CaoOps.Profiles.Discovery;

namespace CaoOps.Profiles;

/// <summary>
/// Every location the profile engine reads or writes (CAO 2.4.1 constants). Tests build one over
/// a temp dir; <see cref="FromEnvironment"/> mirrors CAO's import-time resolution.
/// </summary>
public sealed class ProfilePaths
{
    /// <param name="home">The user's home (<c>~</c>).</param>
    /// <param name="caoHome">CAO_HOME (absolute).</param>
    /// <param name="kiroAgentsDir">Kiro install target; default <c>~/.kiro/agents</c>.</param>
    /// <param name="builtinStore">CAO's packaged <c>agent_store</c> folder, if CAO is installed.</param>
    public ProfilePaths(string home, string caoHome, string? kiroAgentsDir = null, string? builtinStore = null)
    {
        Home = home;
        CaoHome = caoHome;
        KiroAgentsDir = kiroAgentsDir ?? PathUtil.Join(home, ".kiro", "agents");
        BuiltinStore = builtinStore;
    }

    public string Home { get; }

    public string CaoHome { get; }

    public string EnvFile => PathUtil.Join(CaoHome, ".env");

    public string SettingsFile => PathUtil.Join(CaoHome, "settings.json");

    public string LocalStore => PathUtil.Join(CaoHome, "agent-store");

    public string ContextDir => PathUtil.Join(CaoHome, "agent-context");

    public string SkillsDir => PathUtil.Join(CaoHome, "skills");

    public string LocksDir => PathUtil.Join(CaoHome, "locks");

    /// <summary>Kiro install target (<c>$CAO_AGENTS_DIR</c> or <c>~/.kiro/agents</c>).</summary>
    public string KiroAgentsDir { get; }

    /// <summary>Kiro discovery default: always <c>~/.kiro/agents</c> (ignores CAO_AGENTS_DIR, like CAO).</summary>
    public string KiroDiscoveryDir => PathUtil.Join(Home, ".kiro", "agents");

    public string CopilotAgentsDir => PathUtil.Join(Home, ".copilot", "agents");

    /// <summary>OpenCode root <c>~/.aws/opencode</c>; does not follow CAO_HOME_DIR.</summary>
    public string OpenCodeConfigDir => PathUtil.Join(Home, ".aws", "opencode");

    public string OpenCodeAgentsDir => PathUtil.Join(OpenCodeConfigDir, "agents");

    public string OpenCodeConfigFile => PathUtil.Join(OpenCodeConfigDir, "opencode.json");

    public string? BuiltinStore { get; }

    /// <summary>
    /// Resolves paths like CAO at import: <c>CAO_HOME_DIR</c> (trimmed, <c>~</c>-expanded, made
    /// absolute with symlinks resolved) else <c>~/.aws/cli-agent-orchestrator</c>;
    /// <c>CAO_AGENTS_DIR</c> (used as given, empty = unset) for the Kiro target; the built-in
    /// store from <c>CAO_BUILTIN_STORE</c> or an installed CAO package.
    /// </summary>
    public static ProfilePaths FromEnvironment(IProfileEnvironment env)
    {
        ArgumentNullException.ThrowIfNull(env);
        var home = env.GetVariable("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var caoHomeRaw = env.GetVariable("CAO_HOME_DIR")?.Trim();
        var caoHome = string.IsNullOrEmpty(caoHomeRaw)
            ? PathUtil.Join(home, ".aws", "cli-agent-orchestrator")
            : PathUtil.RealPath(PathUtil.ExpandUser(caoHomeRaw, home));
        var kiro = env.GetVariable("CAO_AGENTS_DIR") is { Length: > 0 } k ? k : null;
        return new ProfilePaths(home, caoHome, kiro, BuiltinStoreLocator.Find(home, env));
    }
}
