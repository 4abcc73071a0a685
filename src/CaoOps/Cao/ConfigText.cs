using System.Globalization;

namespace CaoOps.Cao;

/// <summary>
/// Checks and masks configuration text (environment variables, fleet.json) before it is used or quoted. A token or URL
/// with control characters would split an HTTP header or request line, so it is refused at start-up; the value is never
/// repeated, only the variable that holds it. Credentials in a URL are masked wherever the URL is quoted.
/// </summary>
internal static class ConfigText
{
    /// <summary>The URL with any user info (user:password@) replaced by <c>***</c>; other text unchanged.</summary>
    public static string MaskUrl(string url)
    {
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        var start = scheme < 0 ? 0 : scheme + 3;
        var end = url.AsSpan(start).IndexOfAny("/?#") is var slash and >= 0 ? start + slash : url.Length;
        var at = url.AsSpan(start, end - start).LastIndexOf('@');
        return at < 0 ? url : string.Concat(url.AsSpan(0, start), "***", url.AsSpan(start + at));
    }

    /// <summary>"CR, LF" for the control characters (C0, DEL, C1) in <paramref name="value"/>, or null when it has none.</summary>
    public static string? ControlCharacters(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\0', '\u001f') && !value.AsSpan().ContainsAnyInRange('\u007f', '\u009f'))
        {
            return null;
        }

        var names = new List<string>();
        foreach (var c in value)
        {
            if (char.IsControl(c) && Name(c) is var name && !names.Contains(name))
            {
                names.Add(name);
            }
        }

        return string.Join(", ", names.Take(6)) + (names.Count > 6 ? ", …" : string.Empty);
    }

    /// <summary>The start-up error for a variable whose value has control characters, or null. The value is never quoted.</summary>
    public static string? ControlProblem(string variable, string? value) => value is not null && ControlCharacters(value) is { } found
        ? $"{variable} contains control characters ({found}); its value is not shown. Set it to a single line of printable text (check for a stray newline from a file or a heredoc)."
        : null;

    /// <summary>The start-up error for a bearer token that cannot travel in an Authorization header, or null. The token is never quoted.</summary>
    public static string? TokenProblem(string variable, string? token)
    {
        if (token is null)
        {
            return null;
        }

        if (ControlProblem(variable, token) is { } control)
        {
            return control;
        }

        return token.Any(c => c is <= ' ' or > '~')
            ? $"{variable} contains spaces or non-ASCII characters; its value is not shown. A bearer token is printable ASCII without spaces: copy it again from cao-server."
            : null;
    }

    private static string Name(char c) => c switch
    {
        '\r' => "CR",
        '\n' => "LF",
        '\t' => "TAB",
        '\0' => "NUL",
        '\u001b' => "ESC",
        '\u007f' => "DEL",
        _ => "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
    };
}
