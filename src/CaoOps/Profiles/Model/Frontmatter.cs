using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Model;

/// <summary>A split profile document.</summary>
/// <param name="Metadata">The frontmatter mapping ({} when absent or not a mapping).</param>
/// <param name="Content">The body, trimmed.</param>
/// <param name="LineOffset">Add to a YAML line to get the file line.</param>
internal sealed record FrontmatterDocument(PyDict Metadata, string Content, int LineOffset);

/// <summary>
/// python-frontmatter 1.1.0 <c>loads</c>: strip, detect <c>^-{3,}\s*$</c> at the start, split on the
/// first two delimiter lines, YAML-load the middle (safe loader); a non-mapping result means {}.
/// A first line of exactly <c>{</c> or <c>}</c> selects the JSON handler instead.
/// </summary>
internal static partial class Frontmatter
{
    [GeneratedRegex(@"^-{3,}\s*$", RegexOptions.Multiline)]
    private static partial Regex YamlBoundary();

    [GeneratedRegex(@"^(?:\{|\})$", RegexOptions.Multiline)]
    private static partial Regex JsonBoundary();

    /// <exception cref="ProfileParseException">YAML/JSON errors, or metadata keys Post() rejects.</exception>
    public static FrontmatterDocument Parse(string text)
    {
        var trimmed = PyText.Strip(text);
        var start = 0;
        while (start < text.Length && PyText.IsPySpace(text[start]))
        {
            start++;
        }

        var leadingNewlines = CountNewlines(text, 0, start);

        var yaml = YamlBoundary();
        var json = JsonBoundary();
        Regex? boundary = null;
        var first = yaml.Match(trimmed);
        if (first.Success && first.Index == 0)
        {
            boundary = yaml;
        }
        else
        {
            first = json.Match(trimmed);
            if (first.Success && first.Index == 0)
            {
                boundary = json;
            }
        }

        if (boundary is null)
        {
            return new FrontmatterDocument(new PyDict(), trimmed, 0);
        }

        var second = boundary.Match(trimmed, first.Index + first.Length);
        if (!second.Success)
        {
            return new FrontmatterDocument(new PyDict(), trimmed, 0);
        }

        var fm = trimmed[(first.Index + first.Length)..second.Index];
        var content = PyText.Strip(trimmed[(second.Index + second.Length)..]);
        var offset = leadingNewlines + CountNewlines(trimmed, 0, first.Index + first.Length);

        object? loaded;
        if (boundary == yaml)
        {
            try
            {
                loaded = PyYamlLoader.Load(fm, offset);
            }
            catch (YamlLoadException ex)
            {
                var line = ex.Line > 0 ? ex.Line + offset : 0;
                throw new ProfileParseException(ex.IsValueError ? ProfileErrorKind.Value : ProfileErrorKind.Yaml, ex.Message, line);
            }
        }
        else
        {
            loaded = LoadJson("{" + fm + "}", offset);
        }

        var metadata = loaded as PyDict ?? new PyDict();
        foreach (var e in metadata.Entries)
        {
            if (e.Key is not string)
            {
                throw new ProfileParseException(ProfileErrorKind.Type, "keywords must be strings", e.Line > 0 ? e.Line + offset : 0);
            }
        }

        foreach (var reserved in new[] { "content", "handler" })
        {
            if (metadata.ContainsKey(reserved))
            {
                throw new ProfileParseException(
                    ProfileErrorKind.Type,
                    $"Post.__init__() got multiple values for argument '{reserved}'",
                    metadata.LineOf(reserved) is var l && l > 0 ? l + offset : 0);
            }
        }

        return new FrontmatterDocument(metadata, content, offset);
    }

    private static int CountNewlines(string s, int start, int end)
    {
        var n = 0;
        for (var i = start; i < end && i < s.Length; i++)
        {
            if (s[i] == '\n')
            {
                n++;
            }
        }

        return n;
    }

    private static object? LoadJson(string text, int offset)
    {
        try
        {
            using var doc = JsonDocument.Parse(text);
            return PyJson.FromElement(doc.RootElement);
        }
        catch (JsonException ex)
        {
            var line = ex.LineNumber is long l ? (int)l + 1 + offset : 0;
            throw new ProfileParseException(ProfileErrorKind.Value, ex.Message, line);
        }
    }
}
