using System.Text.RegularExpressions;

namespace CaoOps.Profiles.Model;

/// <summary>
/// <c>string.Template(raw).safe_substitute(env)</c> over the whole profile text, and the
/// unresolved-placeholder report (<c>\$\{(\w+)\}</c> with Python's Unicode <c>\w</c>).
/// </summary>
internal static partial class EnvPlaceholders
{
    [GeneratedRegex(@"\$(?:(?<escaped>\$)|(?<named>[_a-zA-Z][_a-zA-Z0-9]*)|\{(?<braced>[_a-zA-Z][_a-zA-Z0-9]*)\}|(?<invalid>))")]
    private static partial Regex TemplatePattern();

    [GeneratedRegex(@"\$\{([\p{L}\p{N}_]+)\}")]
    private static partial Regex UnresolvedPattern();

    /// <exception cref="ProfileParseException">
    /// The result would pass <see cref="ProfileLimits.MaxResolvedChars"/> (refused while substituting, before it is built).
    /// </exception>
    public static string Substitute(string raw, IReadOnlyDictionary<string, string> values)
    {
        if (!raw.Contains('$', StringComparison.Ordinal))
        {
            return raw;
        }

        long length = raw.Length;
        return TemplatePattern().Replace(raw, m =>
        {
            if (m.Groups["escaped"].Success)
            {
                length--;
                return "$";
            }

            var name = m.Groups["named"].Success ? m.Groups["named"].Value : m.Groups["braced"].Success ? m.Groups["braced"].Value : null;
            if (name is not null && values.TryGetValue(name, out var v))
            {
                length += v.Length - m.Length;
                if (length > ProfileLimits.MaxResolvedChars)
                {
                    throw new ProfileParseException(
                        ProfileErrorKind.Value,
                        $"substituting ${{VAR}} placeholders (here ${{{name}}}) makes the profile longer than {ProfileLimits.Size(ProfileLimits.MaxResolvedChars)} characters, the limit for a resolved profile, so large or often-repeated values cannot exhaust memory; shorten the value in the managed .env or use it fewer times",
                        0);
                }

                return v;
            }

            return m.Value;
        });
    }

    /// <summary>Sorted (by code point), de-duplicated names of <c>${…}</c> left in the resolved text; null when none.</summary>
    public static IReadOnlyList<string>? Unresolved(string resolved)
    {
        var names = new SortedSet<string>(Yaml.PyText.CodePointComparer);
        foreach (Match m in UnresolvedPattern().Matches(resolved))
        {
            names.Add(m.Groups[1].Value);
        }

        return names.Count == 0 ? null : names.ToList();
    }
}
