namespace CaoOps.Testing.Internal;

/// <summary>The HEAD (2.4.1) provider enum and the per-provider facts the double needs.</summary>
internal static class Providers
{
    public const string Default = "kiro_cli";

    /// <summary>Enum order, as used verbatim in error messages.</summary>
    public static readonly IReadOnlyList<string> All =
    [
        "kiro_cli", "claude_code", "codex", "kimi_cli", "copilot_cli", "opencode_cli", "hermes",
        "cursor_cli", "antigravity_cli", "omp", "grok_cli", "mcode", "mock_cli",
    ];

    /// <summary><c>GET /agents/providers</c> order and binaries (mock_cli is not listed).</summary>
    public static readonly IReadOnlyList<(string Name, string Binary)> Binaries =
    [
        ("kiro_cli", "kiro-cli"), ("claude_code", "claude"), ("codex", "codex"), ("hermes", "hermes"),
        ("kimi_cli", "kimi"), ("copilot_cli", "copilot"), ("opencode_cli", "opencode"), ("cursor_cli", "agent"),
        ("antigravity_cli", "agy"), ("omp", "omp"), ("grok_cli", "grok"), ("mcode", "mcode"),
    ];

    public static bool IsValid(string? provider) => provider is not null && All.Contains(provider);

    public static string InvalidProviderMessage(string provider) =>
        $"Invalid provider '{provider}'. Valid providers: {string.Join(", ", All)}";

    /// <summary>The file an install writes for a provider, or null for context-only providers.</summary>
    public static string? AgentFile(string provider, string name)
    {
        var safe = name.Replace("/", "__", StringComparison.Ordinal);
        return provider switch
        {
            "kiro_cli" => $"{CaoPaths.Home}/.kiro/agents/{safe}.json",
            "copilot_cli" => $"{CaoPaths.Home}/.copilot/agents/{safe}.agent.md",
            "opencode_cli" => $"{CaoPaths.Home}/.aws/opencode/agents/{safe}.md",
            _ => null,
        };
    }
}
