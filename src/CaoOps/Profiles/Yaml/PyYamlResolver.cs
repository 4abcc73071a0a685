using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace CaoOps.Profiles.Yaml;

/// <summary>
/// PyYAML's YAML 1.1 implicit typing of plain scalars (Resolver) and the SafeConstructor scalar
/// constructors. Patterns are copied from PyYAML 6.0.3's resolver (0o… is NOT an int there).
/// </summary>
internal static partial class PyYamlResolver
{
    public const string StrTag = "tag:yaml.org,2002:str";
    public const string IntTag = "tag:yaml.org,2002:int";
    public const string FloatTag = "tag:yaml.org,2002:float";
    public const string BoolTag = "tag:yaml.org,2002:bool";
    public const string NullTag = "tag:yaml.org,2002:null";
    public const string TimestampTag = "tag:yaml.org,2002:timestamp";
    public const string MergeTag = "tag:yaml.org,2002:merge";
    public const string ValueTag = "tag:yaml.org,2002:value";
    public const string SeqTag = "tag:yaml.org,2002:seq";
    public const string MapTag = "tag:yaml.org,2002:map";

    [GeneratedRegex(@"\A(?:yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)\n?\z")]
    private static partial Regex BoolRegex();

    [GeneratedRegex(@"\A(?:~|null|Null|NULL|)\n?\z")]
    private static partial Regex NullRegex();

    [GeneratedRegex(@"\A(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))\n?\z")]
    private static partial Regex FloatRegex();

    [GeneratedRegex(@"\A(?:[-+]?0b[0-1_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)\n?\z")]
    private static partial Regex IntRegex();

    [GeneratedRegex(@"\A(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)\n?\z")]
    private static partial Regex TimestampRegex();

    [GeneratedRegex(@"\A(?<year>[0-9][0-9][0-9][0-9])-(?<month>[0-9][0-9]?)-(?<day>[0-9][0-9]?)(?:(?:[Tt]|[ \t]+)(?<hour>[0-9][0-9]?):(?<minute>[0-9][0-9]):(?<second>[0-9][0-9])(?:\.(?<fraction>[0-9]*))?(?:[ \t]*(?<tz>Z|(?<tz_sign>[-+])(?<tz_hour>[0-9][0-9]?)(?::(?<tz_minute>[0-9][0-9]))?))?)?\n?\z")]
    private static partial Regex TimestampParts();

    /// <summary>The tag PyYAML gives a plain (unquoted, untagged) scalar.</summary>
    public static string ResolvePlain(string value)
    {
        var first = value.Length == 0 ? '\0' : value[0];
        if ("yYnNtTfFoO".Contains(first, StringComparison.Ordinal) && BoolRegex().IsMatch(value))
        {
            return BoolTag;
        }

        if ("-+0123456789.".Contains(first, StringComparison.Ordinal) && first != '\0' && FloatRegex().IsMatch(value))
        {
            return FloatTag;
        }

        if ("-+0123456789".Contains(first, StringComparison.Ordinal) && first != '\0' && IntRegex().IsMatch(value))
        {
            return IntTag;
        }

        if (first == '<' && value == "<<")
        {
            return MergeTag;
        }

        if ((value.Length == 0 || first is '~' or 'n' or 'N') && NullRegex().IsMatch(value))
        {
            return NullTag;
        }

        if (first is >= '0' and <= '9' && TimestampRegex().IsMatch(value))
        {
            return TimestampTag;
        }

        if (value == "=")
        {
            return ValueTag;
        }

        return StrTag;
    }

    /// <summary>Constructs the Python value for a scalar of a resolved tag.</summary>
    public static object? Construct(string tag, string value, int line, int column)
    {
        switch (tag)
        {
            case StrTag:
                return value;
            case NullTag:
                return null;
            case BoolTag:
                return value.ToLowerInvariant() switch
                {
                    "yes" or "true" or "on" => true,
                    "no" or "false" or "off" => false,
                    _ => throw new YamlLoadException($"'{value.ToLowerInvariant()}'", line, column, isValueError: false),
                };
            case IntTag:
                return ConstructInt(value, line, column);
            case FloatTag:
                return ConstructFloat(value, line, column);
            case TimestampTag:
                return ConstructTimestamp(value, line, column);
            default:
                throw new YamlLoadException(
                    $"could not determine a constructor for the tag '{tag}'\n  in \"<unicode string>\", line {line}, column {column}",
                    line,
                    column);
        }
    }

    private static BigInteger ConstructInt(string text, int line, int column)
    {
        var value = text.Replace("_", "", StringComparison.Ordinal);
        try
        {
            var sign = BigInteger.One;
            if (value.StartsWith('-'))
            {
                sign = BigInteger.MinusOne;
            }

            if (value.StartsWith('-') || value.StartsWith('+'))
            {
                value = value[1..];
            }

            if (value == "0")
            {
                return BigInteger.Zero;
            }

            if (value.Length > ProfileLimits.MaxIntDigits)
            {
                // Python refuses decimal int() over 4300 digits; other bases are refused too (cao-ops limit), as
                // BigInteger work grows quadratically with the digits.
                var message = value[0] is >= '1' and <= '9' && !value.Contains(':', StringComparison.Ordinal)
                    ? $"Exceeds the limit ({ProfileLimits.MaxIntDigits} digits) for integer string conversion: value has {value.Length} digits; use sys.set_int_max_str_digits() to increase the limit"
                    : $"an integer in the frontmatter has {value.Length} digits (frontmatter line {line}, column {column}); integers are limited to {ProfileLimits.MaxIntDigits} digits, Python's own limit for decimal integers";
                throw new YamlLoadException(message, line, column, isValueError: true);
            }

            if (value.StartsWith("0b", StringComparison.Ordinal))
            {
                return sign * ParseBase(value[2..], 2);
            }

            if (value.StartsWith("0x", StringComparison.Ordinal))
            {
                return sign * ParseBase(value[2..], 16);
            }

            if (value.StartsWith('0'))
            {
                return sign * ParseBase(value, 8);
            }

            if (value.Contains(':', StringComparison.Ordinal))
            {
                var total = BigInteger.Zero;
                foreach (var part in value.Split(':'))
                {
                    total = (total * 60) + BigInteger.Parse(part, CultureInfo.InvariantCulture);
                }

                return sign * total;
            }

            return sign * BigInteger.Parse(value, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new YamlLoadException($"invalid literal for int(): '{text}'", line, column, isValueError: true);
        }
    }

    private static BigInteger ParseBase(string digits, int radix)
    {
        if (digits.Length == 0)
        {
            throw new FormatException();
        }

        var v = BigInteger.Zero;
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix)
            {
                throw new FormatException();
            }

            v = (v * radix) + d;
        }

        return v;
    }

    private static double ConstructFloat(string text, int line, int column)
    {
        var value = text.Replace("_", "", StringComparison.Ordinal).ToLowerInvariant();
        double sign = 1;
        if (value.StartsWith('-'))
        {
            sign = -1;
        }

        if (value.StartsWith('-') || value.StartsWith('+'))
        {
            value = value[1..];
        }

        if (value == ".inf")
        {
            return sign * double.PositiveInfinity;
        }

        if (value == ".nan")
        {
            return double.NaN;
        }

        try
        {
            if (value.Contains(':', StringComparison.Ordinal))
            {
                double total = 0;
                foreach (var part in value.Split(':'))
                {
                    total = (total * 60) + double.Parse(part, NumberStyles.Float, CultureInfo.InvariantCulture);
                }

                return sign * total;
            }

            return sign * double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (FormatException)
        {
            throw new YamlLoadException($"could not convert string to float: '{text}'", line, column, isValueError: true);
        }
    }

    private static object ConstructTimestamp(string text, int line, int column)
    {
        var m = TimestampParts().Match(text);
        if (!m.Success)
        {
            throw new YamlLoadException($"could not parse timestamp '{text}'", line, column, isValueError: true);
        }

        int G(string n) => int.Parse(m.Groups[n].Value, CultureInfo.InvariantCulture);
        var year = G("year");
        var month = G("month");
        var day = G("day");
        if (year < 1)
        {
            throw new YamlLoadException($"year {year} is out of range", line, column, isValueError: true);
        }

        if (month is < 1 or > 12)
        {
            throw new YamlLoadException("month must be in 1..12", line, column, isValueError: true);
        }

        if (day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            throw new YamlLoadException("day is out of range for month", line, column, isValueError: true);
        }

        if (!m.Groups["hour"].Success || m.Groups["hour"].Value.Length == 0)
        {
            return new DateOnly(year, month, day);
        }

        var hour = G("hour");
        var minute = G("minute");
        var second = G("second");
        if (hour > 23)
        {
            throw new YamlLoadException("hour must be in 0..23", line, column, isValueError: true);
        }

        if (minute > 59)
        {
            throw new YamlLoadException("minute must be in 0..59", line, column, isValueError: true);
        }

        if (second > 59)
        {
            throw new YamlLoadException("second must be in 0..59", line, column, isValueError: true);
        }

        var micro = 0;
        if (m.Groups["fraction"].Success && m.Groups["fraction"].Value.Length > 0)
        {
            var f = m.Groups["fraction"].Value;
            f = f.Length > 6 ? f[..6] : f.PadRight(6, '0');
            micro = int.Parse(f, CultureInfo.InvariantCulture);
        }

        TimeSpan? offset = null;
        if (m.Groups["tz_sign"].Success && m.Groups["tz_sign"].Value.Length > 0)
        {
            var delta = new TimeSpan(G("tz_hour"), m.Groups["tz_minute"].Success && m.Groups["tz_minute"].Value.Length > 0 ? G("tz_minute") : 0, 0);
            offset = m.Groups["tz_sign"].Value == "-" ? -delta : delta;
        }
        else if (m.Groups["tz"].Success && m.Groups["tz"].Value.Length > 0)
        {
            offset = TimeSpan.Zero;
        }

        return new PyDateTime(new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified), micro, offset);
    }
}
