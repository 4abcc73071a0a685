namespace CaoOps.Tooling;

/// <summary>
/// Named groups of tools. A process serves the toolsets it is asked for (<c>--toolsets</c> / <c>CAO_OPS_TOOLSETS</c>);
/// <c>default</c> stands for what most agents need and <c>all</c> for every toolset.
/// </summary>
internal static class Toolsets
{
    /// <summary>Launch, message, watch and shut down sessions.</summary>
    public const string Sessions = "sessions";

    /// <summary>Agent profiles and providers.</summary>
    public const string Profiles = "profiles";

    /// <summary>Control of single terminals: input, keys, add/exit/delete, inbox.</summary>
    public const string Terminals = "terminals";

    /// <summary>Scheduled flows (opt-in).</summary>
    public const string Flows = "flows";

    /// <summary>Workflow scripts and runs (opt-in).</summary>
    public const string Workflows = "workflows";

    /// <summary>Fleet mode's own tools (list_nodes); present only with a fleet registry.</summary>
    public const string Fleet = "fleet";

    public const string DefaultName = "default";

    public const string AllName = "all";

    /// <summary>What <c>default</c> expands to.</summary>
    public static readonly IReadOnlyList<string> Default = [Sessions, Profiles, Terminals, Fleet];

    /// <summary>Every toolset, in the order tools/list shows them.</summary>
    public static readonly IReadOnlyList<string> All = [Sessions, Profiles, Terminals, Fleet, Flows, Workflows];

    /// <summary>Expands default/all and checks names; null with an error naming the valid ones when a name is unknown.</summary>
    public static IReadOnlyList<string>? Resolve(IReadOnlyList<string> names, out string? error)
    {
        var result = new List<string>();
        var unknown = new List<string>();
        foreach (var raw in names)
        {
            var name = raw.Trim().ToLowerInvariant();
            if (name == DefaultName)
            {
                result.AddRange(Default);
            }
            else if (name == AllName)
            {
                result.AddRange(All);
            }
            else if (All.Contains(name))
            {
                result.Add(name);
            }
            else
            {
                unknown.Add(raw);
            }
        }

        if (unknown.Count > 0)
        {
            error = $"unknown toolset{(unknown.Count > 1 ? "s" : string.Empty)} {string.Join(", ", unknown.Select(n => $"'{n}'"))}; valid toolsets: {DefaultName}, {AllName}, {string.Join(", ", All)}";
            return null;
        }

        error = null;
        return [.. result.Distinct()];
    }
}
