using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace CaoOps.Profiles.Yaml;

/// <summary>How <see cref="PyJson.Write"/> lays out and escapes output.</summary>
/// <param name="Indent">2-space indent (Python <c>indent=2</c> / pydantic <c>indent=2</c>); otherwise compact <c>,</c>/<c>:</c>.</param>
/// <param name="EnsureAscii">Escape non-ASCII as lowercase <c>\uXXXX</c> (Python <c>json.dumps</c> default).</param>
/// <param name="DatesAsIso">Write dates as ISO strings (pydantic/FastAPI); otherwise they fail like <c>json.dumps</c>.</param>
internal sealed record PyJsonStyle(bool Indent, bool EnsureAscii, bool DatesAsIso)
{
    /// <summary>pydantic <c>model_dump_json(indent=2)</c>: Kiro agent JSON.</summary>
    public static readonly PyJsonStyle Pydantic = new(true, false, true);

    /// <summary>Python <c>json.dumps(data, indent=2)</c>: opencode.json.</summary>
    public static readonly PyJsonStyle PythonIndented = new(true, true, false);

    /// <summary>Starlette JSONResponse: compact, raw UTF-8.</summary>
    public static readonly PyJsonStyle Compact = new(false, false, true);
}

/// <summary>Byte-exact JSON writing of Python-like values, and JSON → Python-like value loading.</summary>
internal static class PyJson
{
    public static string Write(object? value, PyJsonStyle style)
    {
        var sb = new StringBuilder();
        WriteValue(sb, value, style, 0);
        return sb.ToString();
    }

    public static JsonElement ToElement(object? value)
    {
        using var doc = JsonDocument.Parse(Write(value, PyJsonStyle.Compact));
        return doc.RootElement.Clone();
    }

    /// <summary>Python <c>json.loads</c> equivalent (duplicate keys: last value, first position).</summary>
    public static object? FromElement(JsonElement e)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var d = new PyDict();
                foreach (var p in e.EnumerateObject())
                {
                    d.Set(p.Name, FromElement(p.Value));
                }

                return d;
            case JsonValueKind.Array:
                var l = new PyList();
                foreach (var item in e.EnumerateArray())
                {
                    l.Add(FromElement(item));
                }

                return l;
            case JsonValueKind.String:
                return e.GetString();
            case JsonValueKind.Number:
                var raw = e.GetRawText();
                if (raw.Contains('.', StringComparison.Ordinal) || raw.Contains('e', StringComparison.Ordinal) || raw.Contains('E', StringComparison.Ordinal))
                {
                    return double.Parse(raw, NumberStyles.Float, CultureInfo.InvariantCulture);
                }

                return BigInteger.Parse(raw, CultureInfo.InvariantCulture);
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                return null;
        }
    }

    private static void NewLine(StringBuilder sb, PyJsonStyle style, int level)
    {
        if (style.Indent)
        {
            sb.Append('\n').Append(' ', level * 2);
        }
    }

    private static void WriteValue(StringBuilder sb, object? value, PyJsonStyle style, int level)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case string s:
                WriteString(sb, s, style.EnsureAscii);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case BigInteger i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(double.IsNaN(d) ? "NaN" : double.IsPositiveInfinity(d) ? "Infinity" : double.IsNegativeInfinity(d) ? "-Infinity" : PyText.FloatRepr(d));
                break;
            case DateOnly or PyDateTime when !style.DatesAsIso:
                throw new InvalidOperationException($"Object of type {PyText.TypeName(value)} is not JSON serializable");
            case DateOnly date:
                WriteString(sb, date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), false);
                break;
            case PyDateTime dt:
                WriteString(sb, dt.IsoFormat(), false);
                break;
            case PyList list:
                if (list.Count == 0)
                {
                    sb.Append("[]");
                    break;
                }

                sb.Append('[');
                for (var i = 0; i < list.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(',');
                    }

                    NewLine(sb, style, level + 1);
                    WriteValue(sb, list[i], style, level + 1);
                }

                NewLine(sb, style, level);
                sb.Append(']');
                break;
            case PyDict dict:
                if (dict.Count == 0)
                {
                    sb.Append("{}");
                    break;
                }

                sb.Append('{');
                var first = true;
                foreach (var entry in dict.Entries)
                {
                    if (!first)
                    {
                        sb.Append(',');
                    }

                    first = false;
                    NewLine(sb, style, level + 1);
                    WriteString(sb, KeyString(entry.Key), style.EnsureAscii);
                    sb.Append(style.Indent ? ": " : ":");
                    WriteValue(sb, entry.Value, style, level + 1);
                }

                NewLine(sb, style, level);
                sb.Append('}');
                break;
            default:
                throw new InvalidOperationException($"Object of type {PyText.TypeName(value)} is not JSON serializable");
        }
    }

    private static string KeyString(object? key) => key switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        null => "null",
        double d => double.IsNaN(d) ? "NaN" : double.IsInfinity(d) ? (d > 0 ? "Infinity" : "-Infinity") : PyText.FloatRepr(d),
        _ => PyText.Str(key),
    };

    private static void WriteString(StringBuilder sb, string s, bool ensureAscii)
    {
        sb.Append('"');
        foreach (var c in s)
        {
            switch (c)
            {
                case '"':
                    sb.Append("\\\"");
                    break;
                case '\\':
                    sb.Append("\\\\");
                    break;
                case '\n':
                    sb.Append("\\n");
                    break;
                case '\r':
                    sb.Append("\\r");
                    break;
                case '\t':
                    sb.Append("\\t");
                    break;
                case '\b':
                    sb.Append("\\b");
                    break;
                case '\f':
                    sb.Append("\\f");
                    break;
                default:
                    if (c < 0x20 || (ensureAscii && c > 0x7E))
                    {
                        sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        sb.Append('"');
    }
}
