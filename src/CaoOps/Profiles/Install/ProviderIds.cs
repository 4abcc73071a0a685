namespace CaoOps.Profiles.Install;

/// <summary>CAO 2.4.1 <c>ProviderType</c> values in enum order (used verbatim in messages).</summary>
internal static class ProviderIds
{
    public const string Default = "kiro_cli";

    public static readonly string[] All =
    [
        "kiro_cli", "claude_code", "codex", "kimi_cli", "copilot_cli", "opencode_cli", "hermes",
        "cursor_cli", "antigravity_cli", "omp", "grok_cli", "mcode", "mock_cli",
    ];

    public static bool IsValid(string? p) => p is not null && All.Contains(p, StringComparer.Ordinal);

    /// <summary>Python <c>repr(list)</c> of the ids, as in the fallback warning.</summary>
    public static string PythonListRepr => "[" + string.Join(", ", All.Select(p => $"'{p}'")) + "]";
}
