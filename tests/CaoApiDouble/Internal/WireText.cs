using System.Globalization;
using System.Text;

namespace CaoOps.Testing.Internal;

/// <summary>Percent-decoding and query parsing with uvicorn/Starlette semantics.</summary>
internal static class WireText
{
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Splits a raw request target into its path and query parts (origin-form or absolute-form).</summary>
    public static (string RawPath, string RawQuery) SplitTarget(string rawTarget)
    {
        var target = rawTarget;
        var schemeEnd = target.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0 && !target.StartsWith('/'))
        {
            var pathStart = target.IndexOf('/', schemeEnd + 3);
            target = pathStart < 0 ? "/" : target[pathStart..];
        }

        var q = target.IndexOf('?', StringComparison.Ordinal);
        return q < 0 ? (target, string.Empty) : (target[..q], target[(q + 1)..]);
    }

    /// <summary><c>urllib.parse.unquote</c>: %XX sequences become bytes, decoded as UTF-8 with replacement.</summary>
    public static string PercentDecode(string raw, bool plusIsSpace = false)
    {
        if (raw.IndexOf('%', StringComparison.Ordinal) < 0 && (!plusIsSpace || raw.IndexOf('+', StringComparison.Ordinal) < 0))
        {
            return raw;
        }

        var bytes = new List<byte>(raw.Length);
        var result = new StringBuilder(raw.Length);

        void FlushBytes()
        {
            if (bytes.Count > 0)
            {
                result.Append(LenientUtf8.GetString([.. bytes]));
                bytes.Clear();
            }
        }

        for (var i = 0; i < raw.Length; i++)
        {
            var c = raw[i];
            if (c == '%' && i + 2 < raw.Length && IsHex(raw[i + 1]) && IsHex(raw[i + 2]))
            {
                bytes.Add(byte.Parse(raw.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                i += 2;
                continue;
            }

            FlushBytes();
            result.Append(plusIsSpace && c == '+' ? ' ' : c);
        }

        FlushBytes();
        return result.ToString();
    }

    /// <summary><c>urllib.parse.parse_qsl(q, keep_blank_values=True)</c>; the last value of a repeated name wins.</summary>
    public static Dictionary<string, string> ParseQuery(string rawQuery)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (rawQuery.Length == 0)
        {
            return result;
        }

        foreach (var pair in rawQuery.Split('&'))
        {
            if (pair.Length == 0)
            {
                continue;
            }

            var eq = pair.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? pair : pair[..eq];
            var value = eq < 0 ? string.Empty : pair[(eq + 1)..];
            result[PercentDecode(name, plusIsSpace: true)] = PercentDecode(value, plusIsSpace: true);
        }

        return result;
    }

    /// <summary>Python's <c>datetime.now().isoformat()</c> (microseconds omitted when zero).</summary>
    public static string IsoTimestamp(DateTime local)
    {
        var micro = (int)(local.Ticks / 10 % 1_000_000);
        var text = local.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        return micro == 0 ? text : text + "." + micro.ToString("000000", CultureInfo.InvariantCulture);
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);
}
