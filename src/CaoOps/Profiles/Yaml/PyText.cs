using System.Globalization;
using System.Numerics;
using System.Text;

namespace CaoOps.Profiles.Yaml;

/// <summary>Python text semantics the port needs: repr/str of loaded values, strip(), code-point helpers.</summary>
internal static class PyText
{
    public static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        string => "str",
        bool => "bool",
        BigInteger => "int",
        double => "float",
        DateOnly => "date",
        PyDateTime => "datetime",
        PyList => "list",
        PyDict => "dict",
        _ => v.GetType().Name,
    };

    /// <summary>Python <c>str(v)</c>.</summary>
    public static string Str(object? v) => v switch
    {
        string s => s,
        null => "None",
        bool b => b ? "True" : "False",
        BigInteger i => i.ToString(CultureInfo.InvariantCulture),
        double d => FloatRepr(d),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        PyDateTime dt => dt.IsoFormat().Replace('T', ' '),
        _ => Repr(v),
    };

    /// <summary>Python <c>repr(v)</c>.</summary>
    public static string Repr(object? v)
    {
        switch (v)
        {
            case string s:
                return StrRepr(s);
            case DateOnly d:
                return $"datetime.date({d.Year}, {d.Month}, {d.Day})";
            case PyDateTime dt:
                return $"datetime.datetime({dt.Value.Year}, {dt.Value.Month}, {dt.Value.Day}, {dt.Value.Hour}, {dt.Value.Minute}" +
                       (dt.Value.Second != 0 || dt.Microsecond != 0 ? $", {dt.Value.Second}" : "") +
                       (dt.Microsecond != 0 ? $", {dt.Microsecond}" : "") + ")";
            case PyList l:
                return "[" + string.Join(", ", l.Select(Repr)) + "]";
            case PyDict m:
                return "{" + string.Join(", ", m.Entries.Select(e => Repr(e.Key) + ": " + Repr(e.Value))) + "}";
            default:
                return Str(v);
        }
    }

    private static string StrRepr(string s)
    {
        var quote = s.Contains('\'', StringComparison.Ordinal) && !s.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var sb = new StringBuilder(s.Length + 2);
        sb.Append(quote);
        foreach (var r in s.EnumerateRunes())
        {
            var c = r.Value;
            if (c == quote || c == '\\')
            {
                sb.Append('\\').Append((char)c);
            }
            else if (c == '\n')
            {
                sb.Append("\\n");
            }
            else if (c == '\r')
            {
                sb.Append("\\r");
            }
            else if (c == '\t')
            {
                sb.Append("\\t");
            }
            else if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0))
            {
                sb.Append(CultureInfo.InvariantCulture, $"\\x{c:x2}");
            }
            else
            {
                sb.Append(r.ToString());
            }
        }

        sb.Append(quote);
        return sb.ToString();
    }

    /// <summary>Python <c>repr(float)</c>: shortest round-trip digits, exponent form outside 1e-4..1e16.</summary>
    public static string FloatRepr(double d)
    {
        if (double.IsNaN(d))
        {
            return "nan";
        }

        if (double.IsPositiveInfinity(d))
        {
            return "inf";
        }

        if (double.IsNegativeInfinity(d))
        {
            return "-inf";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0.0" : "0.0";
        }

        var r = d.ToString("E16", CultureInfo.InvariantCulture);
        // Find the shortest representation that round-trips.
        for (var p = 0; p <= 16; p++)
        {
            var candidate = d.ToString("E" + p.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            if (double.Parse(candidate, CultureInfo.InvariantCulture) == d)
            {
                r = candidate;
                break;
            }
        }

        var neg = r.StartsWith('-');
        if (neg)
        {
            r = r[1..];
        }

        var ePos = r.IndexOf('E', StringComparison.Ordinal);
        var mantissa = r[..ePos].Replace(".", "", StringComparison.Ordinal);
        var exp = int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string body;
        if (exp >= -4 && exp < 16)
        {
            if (exp >= 0)
            {
                var intPart = mantissa.Length > exp + 1 ? mantissa[..(exp + 1)] : mantissa.PadRight(exp + 1, '0');
                var frac = mantissa.Length > exp + 1 ? mantissa[(exp + 1)..] : "";
                body = intPart + "." + (frac.Length == 0 ? "0" : frac);
            }
            else
            {
                body = "0." + new string('0', -exp - 1) + mantissa;
            }
        }
        else
        {
            body = mantissa.Length == 1 ? mantissa : mantissa[0] + "." + mantissa[1..];
            body += "e" + (exp < 0 ? "-" : "+") + Math.Abs(exp).ToString("D2", CultureInfo.InvariantCulture);
        }

        return neg ? "-" + body : body;
    }

    /// <summary>Python <c>str.isspace()</c> for one UTF-16 unit (all whitespace is in the BMP).</summary>
    public static bool IsPySpace(char c) => char.IsWhiteSpace(c) || (c >= '\x1c' && c <= '\x1f');

    public static string Strip(string s)
    {
        var start = 0;
        var end = s.Length;
        while (start < end && IsPySpace(s[start]))
        {
            start++;
        }

        while (end > start && IsPySpace(s[end - 1]))
        {
            end--;
        }

        return s[start..end];
    }

    public static string RStrip(string s)
    {
        var end = s.Length;
        while (end > 0 && IsPySpace(s[end - 1]))
        {
            end--;
        }

        return s[..end];
    }

    /// <summary>Python slice <c>s[:n]</c> counted in code points.</summary>
    public static string TakeCodePoints(string s, int n)
    {
        var count = 0;
        var i = 0;
        while (i < s.Length && count < n)
        {
            i += char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1]) ? 2 : 1;
            count++;
        }

        return s[..i];
    }

    public static int CodePointLength(string s)
    {
        var n = 0;
        foreach (var _ in s.EnumerateRunes())
        {
            n++;
        }

        return n;
    }

    /// <summary>Python string ordering: by code point.</summary>
    public static int Compare(string? a, string? b)
    {
        if (a is null || b is null)
        {
            return a is null ? (b is null ? 0 : -1) : 1;
        }

        var ea = a.EnumerateRunes();
        var eb = b.EnumerateRunes();
        while (true)
        {
            var ha = ea.MoveNext();
            var hb = eb.MoveNext();
            if (!ha || !hb)
            {
                return ha == hb ? 0 : (ha ? 1 : -1);
            }

            var c = ea.Current.Value.CompareTo(eb.Current.Value);
            if (c != 0)
            {
                return c;
            }
        }
    }

    public static readonly Comparer<string> CodePointComparer = Comparer<string>.Create(Compare);

    /// <summary>Universal-newline translation done by Python's text-mode reads.</summary>
    public static string NormalizeNewlines(string s) =>
        s.Contains('\r', StringComparison.Ordinal) ? s.Replace("\r\n", "\n", StringComparison.Ordinal).Replace('\r', '\n') : s;
}
