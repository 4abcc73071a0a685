using System.Globalization;
using System.Text;

namespace CaoOps.Tooling;

/// <summary>
/// Terminal output helpers: counting and tail-capping characters as upstream counts them (code points, Python's
/// <c>len</c>) without ever splitting a surrogate pair or a grapheme cluster, and stripping control sequences.
/// </summary>
internal static class TerminalText
{
    /// <summary>Number of code points (Python's <c>len</c>): "é" written as e + accent counts 2, 👍 counts 1, "\r\n" counts 2.</summary>
    public static int CountCharacters(string text) => CountCodePoints(text.AsSpan());

    /// <summary>
    /// Keeps the end of <paramref name="text"/>: at most <paramref name="maxChars"/> code points, starting on a grapheme
    /// cluster boundary — so a cluster that does not fit whole (an emoji with modifiers, a letter with combining marks,
    /// "\r\n") is left out and fewer come back. <paramref name="totalChars"/> counts code points too.
    /// </summary>
    public static string Tail(string text, int maxChars, out int totalChars, out bool truncated)
    {
        totalChars = CountCharacters(text);
        truncated = maxChars > 0 && totalChars > maxChars;
        if (!truncated)
        {
            return text;
        }

        var remaining = totalChars;
        var index = 0;
        while (remaining > maxChars && index < text.Length)
        {
            var length = StringInfo.GetNextTextElementLength(text, index);
            remaining -= CountCodePoints(text.AsSpan(index, length));
            index += length;
        }

        return text[index..];
    }

    private static int CountCodePoints(ReadOnlySpan<char> text)
    {
        var count = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// Removes ANSI/VT escape sequences (CSI, OSC, DCS, two-byte ESC), applies backspaces, turns CR LF into LF,
    /// drops a bare CR and other control characters except LF and TAB.
    /// </summary>
    public static string Clean(string text)
    {
        var sb = new StringBuilder(text.Length);
        var lineStart = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '\u001b':
                    i = SkipEscape(text, i);
                    break;
                case '\u009b': // 8-bit CSI
                    i = SkipCsi(text, i + 1);
                    break;
                case '\b':
                    if (sb.Length > lineStart)
                    {
                        sb.Length--;
                    }

                    break;
                case '\r':
                    break;
                case '\n':
                    sb.Append('\n');
                    lineStart = sb.Length;
                    break;
                case '\t':
                    sb.Append(c);
                    break;
                default:
                    if (!char.IsControl(c))
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.ToString();
    }

    /// <summary>Returns the index of the last character of the escape sequence starting at <paramref name="i"/>.</summary>
    private static int SkipEscape(string text, int i)
    {
        if (i + 1 >= text.Length)
        {
            return i;
        }

        var kind = text[i + 1];
        return kind switch
        {
            '[' => SkipCsi(text, i + 2),
            ']' or 'P' or '_' or '^' or 'X' => SkipString(text, i + 2),
            '(' or ')' or '*' or '+' or '#' or '%' => Math.Min(i + 2, text.Length - 1),
            _ => i + 1,
        };
    }

    private static int SkipCsi(string text, int i)
    {
        for (; i < text.Length; i++)
        {
            if (text[i] is >= '@' and <= '~')
            {
                return i;
            }
        }

        return text.Length - 1;
    }

    /// <summary>OSC/DCS/APC/PM/SOS: ends with BEL or ESC \.</summary>
    private static int SkipString(string text, int i)
    {
        for (; i < text.Length; i++)
        {
            if (text[i] == '\u0007')
            {
                return i;
            }

            if (text[i] == '\u001b' && i + 1 < text.Length && text[i + 1] == '\\')
            {
                return i + 1;
            }
        }

        return text.Length - 1;
    }
}
