namespace CaoOps.Tools;

/// <summary>
/// Which tools a process exposes: --read-only (only tools annotated read-only), --tools (an allow-list),
/// --exclude-tools (a deny-list). Read-only beats everything. Unknown names are an error listing the valid ones.
/// </summary>
internal sealed record ToolSelection(bool ReadOnly = false, IReadOnlyList<string>? Include = null, IReadOnlyList<string>? Exclude = null)
{
    public IReadOnlyList<ToolDefinition> Apply(IReadOnlyList<ToolDefinition> all, out string? error)
    {
        var unknown = (Include ?? []).Concat(Exclude ?? []).Where(n => all.All(t => t.Name != n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            error = $"unknown tool name{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; valid names: {string.Join(", ", all.Select(t => t.Name))}";
            return [];
        }

        error = null;
        return [.. all.Where(t =>
            (!ReadOnly || t.Hints.ReadOnly)
            && (Include is null || Include.Contains(t.Name))
            && (Exclude is null || !Exclude.Contains(t.Name)))];
    }

    /// <summary>CAO_OPS_READ_ONLY=1, CAO_OPS_TOOLS=a,b, CAO_OPS_EXCLUDE_TOOLS=a,b.</summary>
    public static ToolSelection FromEnvironment(Func<string, string?> env) => new(
        IsTrue(env("CAO_OPS_READ_ONLY")),
        SplitList(env("CAO_OPS_TOOLS")),
        SplitList(env("CAO_OPS_EXCLUDE_TOOLS")));

    public static IReadOnlyList<string>? SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "TRUE" or "YES" or "ON";
}
