namespace CaoOps.Prompts;

/// <summary>Every prompt, in the order prompts/list shows them; those whose tools are hidden are left out.</summary>
internal static class PromptCatalog
{
    public static IReadOnlyList<PromptDefinition> All { get; } =
    [
        DelegateTaskPrompt.Definition,
        ReviewSessionsPrompt.Definition,
        UnblockTerminalPrompt.Definition,
    ];

    /// <summary>The prompts whose required tools are all exposed (--read-only, --tools, --exclude-tools, --toolsets).</summary>
    public static IReadOnlyList<PromptDefinition> Visible(IReadOnlySet<string> exposedTools) =>
        [.. All.Where(p => p.Requires.All(exposedTools.Contains))];

    /// <summary>Why prompts/get cannot serve <paramref name="name"/>.</summary>
    public static string Unavailable(string? name, IReadOnlySet<string> exposedTools, IReadOnlyList<PromptDefinition> visible)
    {
        if (All.FirstOrDefault(p => p.Name == name) is { } hidden)
        {
            var missing = hidden.Requires.Where(t => !exposedTools.Contains(t));
            return $"Prompt '{name}' is not available here: it needs the tool(s) {string.Join(", ", missing)}, which this server's tool selection "
                + "(--read-only, --tools, --exclude-tools or --toolsets) hides.";
        }

        return visible.Count == 0
            ? $"Unknown prompt: '{name}' (this server offers no prompts with its tool selection)."
            : $"Unknown prompt: '{name}' (available: {string.Join(", ", visible.Select(p => p.Name))}).";
    }
}
