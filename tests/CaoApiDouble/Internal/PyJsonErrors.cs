namespace CaoOps.Testing.Internal;

/// <summary>
/// Locates the first error in malformed JSON the way Python's <c>json.loads</c> reports it
/// (message and character position), for FastAPI's <c>json_invalid</c> 422 entries.
/// </summary>
internal static class PyJsonErrors
{
    public static (int Position, string Message) Locate(string s)
    {
        try
        {
            var end = Value(s, SkipWs(s, 0));
            end = SkipWs(s, end);
            return end == s.Length ? (0, "Expecting value") : (end, "Extra data");
        }
        catch (Failure f)
        {
            return (f.Position, f.Message);
        }
    }

    private static int SkipWs(string s, int i)
    {
        while (i < s.Length && s[i] is ' ' or '\t' or '\n' or '\r')
        {
            i++;
        }

        return i;
    }

    private static int Value(string s, int i)
    {
        if (i >= s.Length)
        {
            throw new Failure(i, "Expecting value");
        }

        switch (s[i])
        {
            case '"':
                return String(s, i + 1);
            case '{':
                return Object(s, i + 1);
            case '[':
                return Array(s, i + 1);
        }

        foreach (var literal in new[] { "null", "true", "false", "NaN", "Infinity", "-Infinity" })
        {
            if (string.CompareOrdinal(s, i, literal, 0, literal.Length) == 0)
            {
                return i + literal.Length;
            }
        }

        var end = Number(s, i);
        return end > i ? end : throw new Failure(i, "Expecting value");
    }

    private static int Number(string s, int i)
    {
        var j = i;
        if (j < s.Length && s[j] == '-')
        {
            j++;
        }

        if (j < s.Length && s[j] == '0')
        {
            j++;
        }
        else if (j < s.Length && s[j] is >= '1' and <= '9')
        {
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }
        }
        else
        {
            return i;
        }

        if (j + 1 < s.Length && s[j] == '.' && char.IsAsciiDigit(s[j + 1]))
        {
            j += 2;
            while (j < s.Length && char.IsAsciiDigit(s[j]))
            {
                j++;
            }
        }

        if (j < s.Length && s[j] is 'e' or 'E')
        {
            var k = j + 1;
            if (k < s.Length && s[k] is '+' or '-')
            {
                k++;
            }

            if (k < s.Length && char.IsAsciiDigit(s[k]))
            {
                while (k < s.Length && char.IsAsciiDigit(s[k]))
                {
                    k++;
                }

                j = k;
            }
        }

        return j;
    }

    private static int String(string s, int begin)
    {
        var i = begin;
        while (true)
        {
            if (i >= s.Length)
            {
                throw new Failure(begin - 1, "Unterminated string starting at");
            }

            var c = s[i];
            if (c == '"')
            {
                return i + 1;
            }

            if (c < 0x20)
            {
                throw new Failure(i, "Invalid control character at");
            }

            if (c == '\\')
            {
                i++;
                if (i >= s.Length)
                {
                    throw new Failure(begin - 1, "Unterminated string starting at");
                }

                if (s[i] == 'u')
                {
                    if (!IsHex4(s, i + 1))
                    {
                        throw new Failure(i - 1, "Invalid \\uXXXX escape");
                    }

                    i += 4;
                }
                else if ("\"\\/bfnrt".IndexOf(s[i], StringComparison.Ordinal) < 0)
                {
                    throw new Failure(i - 1, "Invalid \\escape");
                }
            }

            i++;
        }
    }

    private static bool IsHex4(string s, int start)
    {
        if (start + 4 > s.Length)
        {
            return false;
        }

        for (var k = start; k < start + 4; k++)
        {
            if (!char.IsAsciiHexDigit(s[k]))
            {
                return false;
            }
        }

        return true;
    }

    private static int Object(string s, int end)
    {
        end = SkipWs(s, end);
        if (end < s.Length && s[end] == '}')
        {
            return end + 1;
        }

        while (true)
        {
            if (end >= s.Length || s[end] != '"')
            {
                throw new Failure(end, "Expecting property name enclosed in double quotes");
            }

            end = SkipWs(s, String(s, end + 1));
            if (end >= s.Length || s[end] != ':')
            {
                throw new Failure(end, "Expecting ':' delimiter");
            }

            end = SkipWs(s, Value(s, SkipWs(s, end + 1)));
            if (end < s.Length && s[end] == '}')
            {
                return end + 1;
            }

            if (end >= s.Length || s[end] != ',')
            {
                throw new Failure(end, "Expecting ',' delimiter");
            }

            end = SkipWs(s, end + 1);
        }
    }

    private static int Array(string s, int end)
    {
        end = SkipWs(s, end);
        if (end < s.Length && s[end] == ']')
        {
            return end + 1;
        }

        while (true)
        {
            end = SkipWs(s, Value(s, end));
            if (end < s.Length && s[end] == ']')
            {
                return end + 1;
            }

            if (end >= s.Length || s[end] != ',')
            {
                throw new Failure(end, "Expecting ',' delimiter");
            }

            end = SkipWs(s, end + 1);
        }
    }

    private sealed class Failure(int position, string message) : Exception(message)
    {
        public int Position { get; } = position;
    }
}
