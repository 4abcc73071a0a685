namespace CaoOps.Profiles;

/// <summary>
/// Bounds on everything the profile engine reads, so a hostile profile (or .env) is refused with a finding instead of
/// crashing the process, stalling it or exhausting memory. Each limit is far above what a real profile uses: CAO's own
/// built-in profiles are under 10 KB, nest under 6 levels and have under 200 YAML nodes.
/// </summary>
internal static class ProfileLimits
{
    /// <summary>A profile file (store, provider folders, built-in, local file, URL download, SKILL.md): 1 MiB.</summary>
    public const int MaxProfileBytes = 1024 * 1024;

    /// <summary>The managed <c>.env</c> file and, separately, the total of its resolved values (characters): 4 MiB.</summary>
    public const int MaxEnvBytes = 4 * 1024 * 1024;

    /// <summary>Any other file the engine reads (opencode.json, …): 16 MiB.</summary>
    public const int MaxOtherFileBytes = 16 * 1024 * 1024;

    /// <summary>Profile text after <c>${VAR}</c> substitution, in characters: 2 Mi.</summary>
    public const int MaxResolvedChars = 2 * 1024 * 1024;

    /// <summary>
    /// Nesting of YAML lists and mappings, the frontmatter's top-level mapping being level 1, counted through aliases.
    /// The same as the JSON frontmatter handler's (System.Text.Json's default maximum depth).
    /// </summary>
    public const int MaxDepth = 64;

    /// <summary>YAML nodes with every alias and merge key counted as a copy of what it names (PyYAML shares them, but JSON output and validation walk every copy).</summary>
    public const int MaxNodes = 100_000;

    /// <summary>Scalar characters with every alias and merge key counted as a copy: 2 Mi.</summary>
    public const int MaxScalarChars = 2 * 1024 * 1024;

    /// <summary>Key/value pairs produced by flattening <c>&lt;&lt;</c> merge keys, over the whole document.</summary>
    public const int MaxMergedPairs = 100_000;

    /// <summary>Digits of a YAML integer (Python's own limit for <c>int(str)</c>).</summary>
    public const int MaxIntDigits = 4300;

    /// <summary>"100,000" style text for messages (invariant culture).</summary>
    public static string Count(int n) => n.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"1 MiB" style text for messages.</summary>
    public static string Size(long bytes) => bytes % (1024 * 1024) == 0
        ? (bytes / (1024 * 1024)).ToString(System.Globalization.CultureInfo.InvariantCulture) + " MiB"
        : bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes";
}
