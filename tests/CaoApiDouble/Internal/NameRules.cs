using System.Text.RegularExpressions;

namespace CaoOps.Testing.Internal;

/// <summary>The identifier patterns cao-server validates against (always full-string matches).</summary>
internal static partial class NameRules
{
    public const string TerminalIdPattern = "^[a-f0-9]{8}$";
    public const string ModelPattern = "^[A-Za-z0-9._:/-]+$";
    public const string SessionPrefix = "cao-";

    [GeneratedRegex(@"\A[A-Za-z0-9_][A-Za-z0-9_\-]{0,63}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TmuxNameRegex();

    [GeneratedRegex(@"\A[a-f0-9]{8}\z", RegexOptions.CultureInvariant)]
    private static partial Regex TerminalIdRegex();

    [GeneratedRegex(@"\A[A-Za-z0-9._:/-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex ModelRegex();

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileNameRegex();

    [GeneratedRegex(@"\A(/[A-Za-z0-9_][A-Za-z0-9_.\-]*)+\.md\z", RegexOptions.CultureInvariant)]
    private static partial Regex ProfileUrlPathRegex();

    public static bool IsTmuxName(string name) => TmuxNameRegex().IsMatch(name);

    public static bool IsTerminalId(string id) => TerminalIdRegex().IsMatch(id);

    public static bool IsProfileName(string name) => ProfileNameRegex().IsMatch(name);

    public static bool IsProfileUrlPath(string path) => ProfileUrlPathRegex().IsMatch(path);

    /// <summary>Returns the error message for an invalid <c>model</c>, or null.</summary>
    public static string? ModelError(string model)
    {
        if (PyLen(model) > 128)
        {
            return "model exceeds the 128-char cap";
        }

        return ModelRegex().IsMatch(model) ? null : $"model {PyRepr.Of(model)} is invalid (must match {PyRepr.Of(ModelPattern)})";
    }

    /// <summary>The loader's check for profile names used by GET and by session creation.</summary>
    public static string? AgentNameError(string name) =>
        name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal)
            ? $"Invalid agent name '{name}': must not contain '/', '\\', or '..'"
            : null;

    /// <summary>Python's <c>len(str)</c>: code points, not UTF-16 units.</summary>
    public static int PyLen(string s) => s.EnumerateRunes().Count();

    public static string InvalidTmuxName(string kind, string name) => $"Invalid {kind}: {PyRepr.Of(name)}";
}
