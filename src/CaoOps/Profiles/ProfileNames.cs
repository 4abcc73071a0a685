using System.Text.RegularExpressions;

namespace CaoOps.Profiles;

/// <summary>
/// The one rule for profile names, as CAO validates named profiles and its profile schema requires: 1–64 ASCII letters,
/// digits, '_' or '-'. Install names, URL and file stems, frontmatter <c>name</c> (for <c>profile validate</c> and for
/// every file install writes), and tags all use it.
/// </summary>
internal static partial class ProfileNames
{
    /// <summary>The rule as CAO's schema spells it (quoted in messages).</summary>
    public const string Pattern = "^[A-Za-z0-9_-]{1,64}$";

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z")]
    public static partial Regex Regex();

    public static bool IsValid(string? name) => name is not null && Regex().IsMatch(name);

    /// <summary>A name for a message: Python repr, cut to 80 characters with its length when longer.</summary>
    public static string Quote(string name)
    {
        var r = Yaml.PyText.Repr(name);
        return r.Length <= 80 ? r : string.Concat(r.AsSpan(0, 60), $"…' ({name.Length} characters)");
    }
}
