using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace CaoOps.Testing.Internal;

/// <summary>
/// Serialises response values the way cao-server (Starlette/pydantic) does: compact separators,
/// non-ASCII left raw, control characters escaped with lower-case hex. The "python default" mode
/// reproduces <c>json.dumps(x)</c> (", " / ": " separators, ASCII only) for size checks.
/// </summary>
internal static class PyJson
{
    public static string Serialize(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, pythonDefault: false);
        return sb.ToString();
    }

    /// <summary>Python's <c>json.dumps(value)</c> with default arguments.</summary>
    public static string SerializePythonDefault(object? value)
    {
        var sb = new StringBuilder();
        Write(sb, value, pythonDefault: true);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, object? value, bool pythonDefault)
    {
        switch (value)
        {
            case null:
                sb.Append("null");
                break;
            case string s:
                WriteString(sb, s, pythonDefault);
                break;
            case bool b:
                sb.Append(b ? "true" : "false");
                break;
            case int i:
                sb.Append(i.ToString(CultureInfo.InvariantCulture));
                break;
            case long l:
                sb.Append(l.ToString(CultureInfo.InvariantCulture));
                break;
            case BigInteger big:
                sb.Append(big.ToString(CultureInfo.InvariantCulture));
                break;
            case double d:
                sb.Append(PythonFloatRepr(d));
                break;
            case JsonElement element:
                WriteElement(sb, element, pythonDefault);
                break;
            case JObj obj:
                WriteObject(sb, obj, pythonDefault);
                break;
            case IEnumerable<KeyValuePair<string, string>> map:
                WriteObject(sb, map.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)), pythonDefault);
                break;
            case IEnumerable list:
                sb.Append('[');
                var first = true;
                foreach (var item in list)
                {
                    if (!first)
                    {
                        sb.Append(pythonDefault ? ", " : ",");
                    }

                    first = false;
                    Write(sb, item, pythonDefault);
                }

                sb.Append(']');
                break;
            default:
                throw new ArgumentException($"Unsupported JSON value type {value.GetType()}", nameof(value));
        }
    }

    private static void WriteObject(StringBuilder sb, IEnumerable<KeyValuePair<string, object?>> pairs, bool pythonDefault)
    {
        sb.Append('{');
        var first = true;
        foreach (var (key, item) in pairs)
        {
            if (!first)
            {
                sb.Append(pythonDefault ? ", " : ",");
            }

            first = false;
            WriteString(sb, key, pythonDefault);
            sb.Append(pythonDefault ? ": " : ":");
            Write(sb, item, pythonDefault);
        }

        sb.Append('}');
    }

    private static void WriteElement(StringBuilder sb, JsonElement element, bool pythonDefault)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                // Python dicts keep the first position of a repeated key with the last value.
                var pairs = new List<KeyValuePair<string, object?>>();
                foreach (var property in element.EnumerateObject())
                {
                    var index = pairs.FindIndex(p => p.Key == property.Name);
                    if (index >= 0)
                    {
                        pairs[index] = new(property.Name, property.Value);
                    }
                    else
                    {
                        pairs.Add(new(property.Name, property.Value));
                    }
                }

                WriteObject(sb, pairs, pythonDefault);
                break;
            case JsonValueKind.Array:
                Write(sb, element.EnumerateArray().Select(e => (object?)e).ToList(), pythonDefault);
                break;
            case JsonValueKind.String:
                WriteString(sb, element.GetString()!, pythonDefault);
                break;
            case JsonValueKind.Number:
                sb.Append(PythonNumber(element.GetRawText()));
                break;
            case JsonValueKind.True:
                sb.Append("true");
                break;
            case JsonValueKind.False:
                sb.Append("false");
                break;
            default:
                sb.Append("null");
                break;
        }
    }

    /// <summary>Re-renders a JSON number literal the way Python would after <c>json.loads</c>.</summary>
    internal static string PythonNumber(string raw)
    {
        if (raw.IndexOfAny(['.', 'e', 'E']) < 0)
        {
            return BigInteger.Parse(raw, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture);
        }

        var d = double.Parse(raw, CultureInfo.InvariantCulture);
        return PythonFloatRepr(d);
    }

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, scientific below 1e-4 or from 1e16.</summary>
    internal static string PythonFloatRepr(double d)
    {
        if (double.IsPositiveInfinity(d))
        {
            return "Infinity";
        }

        if (double.IsNegativeInfinity(d))
        {
            return "-Infinity";
        }

        if (double.IsNaN(d))
        {
            return "NaN";
        }

        if (d == 0)
        {
            return double.IsNegative(d) ? "-0.0" : "0.0";
        }

        // "E16" is not shortest; "R" is shortest but may use either notation. Normalise "R" to digits + exponent.
        var r = d.ToString("R", CultureInfo.InvariantCulture);
        var negative = r.StartsWith('-');
        if (negative)
        {
            r = r[1..];
        }

        var exponent = 0;
        var ePos = r.IndexOfAny(['E', 'e']);
        if (ePos >= 0)
        {
            exponent = int.Parse(r[(ePos + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            r = r[..ePos];
        }

        var dot = r.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot >= 0 ? r[..dot] : r;
        var fracPart = dot >= 0 ? r[(dot + 1)..] : string.Empty;
        var digits = (intPart + fracPart).TrimStart('0');
        var leadingZeros = (intPart + fracPart).Length - digits.Length;
        digits = digits.TrimEnd('0');
        if (digits.Length == 0)
        {
            digits = "0";
        }

        // decimal exponent of the first significant digit
        var decExp = intPart.Length - leadingZeros - 1 + exponent;
        string body;
        if (decExp < -4 || decExp >= 16)
        {
            var mantissa = digits.Length > 1 ? digits[0] + "." + digits[1..] : digits;
            body = mantissa + "e" + (decExp < 0 ? "-" : "+") + Math.Abs(decExp).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (decExp < 0)
        {
            body = "0." + new string('0', -decExp - 1) + digits;
        }
        else if (digits.Length <= decExp + 1)
        {
            body = digits + new string('0', decExp + 1 - digits.Length) + ".0";
        }
        else
        {
            body = digits[..(decExp + 1)] + "." + digits[(decExp + 1)..];
        }

        return negative ? "-" + body : body;
    }

    private static void WriteString(StringBuilder sb, string s, bool asciiOnly)
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
                    if (c < 0x20 || (asciiOnly && c > 0x7e))
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
