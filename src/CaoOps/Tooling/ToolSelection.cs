namespace CaoOps.Tooling;

/// <summary>
/// Which tools a process exposes: --toolsets (named groups; default when absent), then --tools (an allow-list, which
/// may name any tool), --exclude-tools (a deny-list) and --read-only (only tools annotated read-only) on top.
/// Read-only beats everything. Unknown names are an error listing the valid ones.
/// </summary>
internal sealed record ToolSelection(
    bool ReadOnly = false,
    IReadOnlyList<string>? Include = null,
    IReadOnlyList<string>? Exclude = null,
    IReadOnlyList<string>? Toolsets = null)
{
    public IReadOnlyList<ToolDefinition> Apply(IReadOnlyList<ToolDefinition> all, out string? error)
    {
        var sets = Tooling.Toolsets.Resolve(Toolsets ?? [Tooling.Toolsets.DefaultName], out error);
        if (sets is null)
        {
            return [];
        }

        var unknown = (Include ?? []).Concat(Exclude ?? []).Where(n => all.All(t => t.Name != n)).Distinct().ToList();
        if (unknown.Count > 0)
        {
            error = $"unknown tool name{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; valid names: {string.Join(", ", all.Select(t => t.Name))}";
            return [];
        }

        // --tools alone picks tools by name from every toolset; with --toolsets it narrows the chosen toolsets.
        return [.. all.Where(t =>
            (!ReadOnly || t.Hints.ReadOnly)
            && (Include is null || Include.Contains(t.Name))
            && ((Include is not null && Toolsets is null) || sets.Contains(t.Toolset))
            && (Exclude is null || !Exclude.Contains(t.Name)))];
    }

    /// <summary>CAO_OPS_READ_ONLY=1, CAO_OPS_TOOLS=a,b, CAO_OPS_EXCLUDE_TOOLS=a,b, CAO_OPS_TOOLSETS=default,flows.</summary>
    public static ToolSelection FromEnvironment(Func<string, string?> env) => new(
        IsTrue(env("CAO_OPS_READ_ONLY")),
        SplitList(env("CAO_OPS_TOOLS")),
        SplitList(env("CAO_OPS_EXCLUDE_TOOLS")),
        SplitList(env("CAO_OPS_TOOLSETS")));

    public static IReadOnlyList<string>? SplitList(string? value) =>
        string.IsNullOrWhiteSpace(value) ? null : [.. value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    public static bool IsTrue(string? value) =>
        value?.Trim().ToUpperInvariant() is "1" or "TRUE" or "YES" or "ON";
}
