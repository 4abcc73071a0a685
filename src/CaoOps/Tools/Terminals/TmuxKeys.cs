using System.Text.RegularExpressions;

namespace CaoOps.Tools.Terminals;

/// <summary>
/// The key names cao-server accepts for <c>POST /terminals/{id}/key</c> (its exact set), with the spellings people
/// use for them normalised first ("esc", "ctrl+c", "enter" → Escape, C-c, Enter).
/// </summary>
internal static partial class TmuxKeys
{
    public const string Allowed = "Up, Down, Left, Right, Enter, Tab, Escape, Space, a letter/digit, or C-/M-/S- plus one (C-c)";

    /// <summary>The tmux name for <paramref name="key"/>, or null when cao-server would refuse it.</summary>
    public static string? Normalise(string key)
    {
        var k = key.Trim();
        if (k.Length == 1)
        {
            return char.IsAsciiLetterOrDigit(k[0]) ? k : (k == " " ? "Space" : null);
        }

        var modifier = Modifier().Match(k);
        if (modifier.Success)
        {
            var prefix = modifier.Groups[1].Value.ToLowerInvariant() switch
            {
                "c" or "ctrl" or "control" or "^" => "C",
                "m" or "meta" or "alt" => "M",
                _ => "S",
            };
            var letter = modifier.Groups[2].Value;
            return $"{prefix}-{(prefix == "C" ? letter.ToLowerInvariant() : letter)}"; // Ctrl+letter is the same control character in either case
        }

        return k.ToLowerInvariant() switch
        {
            "up" or "arrowup" => "Up",
            "down" or "arrowdown" => "Down",
            "left" or "arrowleft" => "Left",
            "right" or "arrowright" => "Right",
            "enter" or "return" => "Enter",
            "tab" => "Tab",
            "escape" or "esc" => "Escape",
            "space" => "Space",
            _ => null,
        };
    }

    [GeneratedRegex(@"\A(C|M|S|ctrl|control|meta|alt|shift|\^)[-+]?([A-Za-z0-9])\z", RegexOptions.IgnoreCase)]
    private static partial Regex Modifier();
}
