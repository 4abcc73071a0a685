using System.Text;

namespace CaoOps.Testing.Internal.State;

/// <summary>
/// Renders a raw pane stream as tmux would show it (<c>capture-pane</c>): carriage returns and backspaces move the
/// cursor, escape sequences are dropped, text overwrites, trailing blanks and trailing empty lines go.
/// </summary>
internal static class ScreenText
{
    public static List<string> Render(string firstLine, string stream)
    {
        var lines = new List<StringBuilder> { new(firstLine) };
        var row = 0;
        var col = firstLine.Length;
        for (var i = 0; i < stream.Length; i++)
        {
            var c = stream[i];
            switch (c)
            {
                case '\r':
                    col = 0;
                    break;
                case '\n':
                    row++;
                    if (row == lines.Count)
                    {
                        lines.Add(new StringBuilder());
                    }

                    break;
                case '\b':
                    col = Math.Max(0, col - 1);
                    break;
                case '\u001b':
                    i = SkipEscape(stream, i);
                    break;
                default:
                    if (char.IsControl(c))
                    {
                        break;
                    }

                    var line = lines[row];
                    if (col < line.Length)
                    {
                        line[col] = c;
                    }
                    else
                    {
                        line.Append(' ', col - line.Length).Append(c);
                    }

                    col++;
                    break;
            }
        }

        var result = lines.Select(l => l.ToString().TrimEnd()).ToList();
        while (result.Count > 0 && result[^1].Length == 0)
        {
            result.RemoveAt(result.Count - 1);
        }

        return result;
    }

    private static int SkipEscape(string s, int i)
    {
        if (i + 1 >= s.Length)
        {
            return i;
        }

        switch (s[i + 1])
        {
            case '[':
                for (var j = i + 2; j < s.Length; j++)
                {
                    if (s[j] is >= '@' and <= '~')
                    {
                        return j;
                    }
                }

                return s.Length - 1;
            case ']':
                for (var j = i + 2; j < s.Length; j++)
                {
                    if (s[j] == '\u0007')
                    {
                        return j;
                    }

                    if (s[j] == '\u001b' && j + 1 < s.Length && s[j + 1] == '\\')
                    {
                        return j + 1;
                    }
                }

                return s.Length - 1;
            default:
                return i + 1;
        }
    }
}
