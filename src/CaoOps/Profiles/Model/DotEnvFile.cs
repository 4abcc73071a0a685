using System.Text;
using System.Text.RegularExpressions;

namespace CaoOps.Profiles.Model;

/// <summary>
/// python-dotenv 1.2.2 as CAO uses it for the managed <c>CAO_HOME/.env</c>: the line grammar
/// (<c>parse_stream</c>), <c>dotenv_values</c> with <c>${NAME}</c>/<c>${NAME:-default}</c>
/// interpolation against the process environment, and <c>set_key</c> (always single-quoted).
/// </summary>
internal static partial class DotEnvFile
{
    /// <summary>One parsed chunk: the original text plus key/value when it is a binding.</summary>
    internal sealed record Binding(string Original, string? Key, string? Value, bool Error);

    [GeneratedRegex(@"\G\s*", RegexOptions.Multiline)]
    private static partial Regex MultilineWhitespace();

    [GeneratedRegex(@"\G[^\S\r\n]*")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"\G(?:export[^\S\r\n]+)?")]
    private static partial Regex Export();

    [GeneratedRegex(@"\G'([^']+)'")]
    private static partial Regex SingleQuotedKey();

    [GeneratedRegex(@"\G([^=\#\s]+)")]
    private static partial Regex UnquotedKey();

    [GeneratedRegex(@"\G(=[^\S\r\n]*)")]
    private static partial Regex EqualSign();

    [GeneratedRegex(@"\G'((?:\\'|[^'])*)'")]
    private static partial Regex SingleQuotedValue();

    [GeneratedRegex("\\G\"((?:\\\\\"|[^\"])*)\"")]
    private static partial Regex DoubleQuotedValue();

    [GeneratedRegex(@"\G([^\r\n]*)")]
    private static partial Regex UnquotedValue();

    [GeneratedRegex(@"\G(?:[^\S\r\n]*#[^\r\n]*)?")]
    private static partial Regex Comment();

    [GeneratedRegex(@"\G[^\S\r\n]*(?:\r\n|\n|\r|$)")]
    private static partial Regex EndOfLine();

    [GeneratedRegex(@"\G[^\r\n]*(?:\r|\n|\r\n)?")]
    private static partial Regex RestOfLine();

    [GeneratedRegex(@"\s+#.*")]
    private static partial Regex InlineComment();

    [GeneratedRegex(@"\\[\\'""abfnrtv]")]
    private static partial Regex DoubleQuoteEscapes();

    [GeneratedRegex(@"\\[\\']")]
    private static partial Regex SingleQuoteEscapes();

    [GeneratedRegex(@"\$\{(?<name>[^\}:]*)(?::-(?<default>[^\}]*))?\}")]
    private static partial Regex PosixVariable();

    private sealed class ParseError : Exception
    {
    }

    private sealed class Reader(string text)
    {
        public int Position { get; set; }

        public int Mark { get; set; }

        public bool HasNext => Position < text.Length;

        public char Peek() => Position < text.Length ? text[Position] : '\0';

        public string Marked => text[Mark..Position];

        public Match Read(Regex regex)
        {
            var m = regex.Match(text, Position);
            if (!m.Success || m.Index != Position)
            {
                throw new ParseError();
            }

            Position = m.Index + m.Length;
            return m;
        }
    }

    /// <summary>Python <c>parse_stream</c>. Input is already newline-normalised (text-mode read).</summary>
    public static List<Binding> ParseStream(string text)
    {
        var reader = new Reader(text);
        var result = new List<Binding>();
        while (reader.HasNext)
        {
            reader.Mark = reader.Position;
            try
            {
                reader.Read(MultilineWhitespace());
                if (!reader.HasNext)
                {
                    result.Add(new Binding(reader.Marked, null, null, false));
                    continue;
                }

                reader.Read(Export());
                string? key;
                if (reader.Peek() == '#')
                {
                    key = null;
                }
                else if (reader.Peek() == '\'')
                {
                    key = reader.Read(SingleQuotedKey()).Groups[1].Value;
                }
                else
                {
                    key = reader.Read(UnquotedKey()).Groups[1].Value;
                }

                reader.Read(Whitespace());
                string? value = null;
                if (reader.Peek() == '=')
                {
                    reader.Read(EqualSign());
                    value = ParseValue(reader);
                }

                reader.Read(Comment());
                reader.Read(EndOfLine());
                result.Add(new Binding(reader.Marked, key, value, false));
            }
            catch (ParseError)
            {
                reader.Read(RestOfLine());
                result.Add(new Binding(reader.Marked, null, null, true));
            }
        }

        return result;
    }

    private static string ParseValue(Reader reader)
    {
        var c = reader.Peek();
        if (c == '\'')
        {
            var v = reader.Read(SingleQuotedValue()).Groups[1].Value;
            return SingleQuoteEscapes().Replace(v, m => m.Value[1..]);
        }

        if (c == '"')
        {
            var v = reader.Read(DoubleQuotedValue()).Groups[1].Value;
            return DoubleQuoteEscapes().Replace(v, m => m.Value[1] switch
            {
                'a' => "\a",
                'b' => "\b",
                'f' => "\f",
                'n' => "\n",
                'r' => "\r",
                't' => "\t",
                'v' => "\v",
                _ => m.Value[1..],
            });
        }

        if (c is '\0' or '\n' or '\r')
        {
            return "";
        }

        var part = reader.Read(UnquotedValue()).Groups[1].Value;
        return Yaml.PyText.RStrip(InlineComment().Replace(part, ""));
    }

    /// <summary>
    /// <c>dotenv_values(path)</c> minus keys without a value: bindings in order, each value
    /// interpolated against the process environment overridden by earlier keys.
    /// </summary>
    public static Dictionary<string, string> Values(string text, IReadOnlyDictionary<string, string> processEnvironment)
    {
        var resolved = new Dictionary<string, string?>(StringComparer.Ordinal);
        long total = 0;
        foreach (var b in ParseStream(text))
        {
            if (b.Key is null)
            {
                continue;
            }

            if (b.Value is null)
            {
                resolved[b.Key] = null;
                continue;
            }

            var length = total + b.Value.Length;
            resolved[b.Key] = PosixVariable().Replace(b.Value, m =>
            {
                var name = m.Groups["name"].Value;
                var dflt = m.Groups["default"].Success ? m.Groups["default"].Value : "";
                var value = resolved.TryGetValue(name, out var earlier) ? earlier ?? ""
                    : processEnvironment.TryGetValue(name, out var env) ? env : dflt;
                length += value.Length - m.Length;
                if (length > ProfileLimits.MaxEnvBytes)
                {
                    // ${A}${A}… chains grow exponentially: refuse before building them. Never quote values (secrets).
                    throw new ProfileParseException(
                        ProfileErrorKind.Value,
                        $"the managed .env's values total more than {ProfileLimits.Size(ProfileLimits.MaxEnvBytes)} characters once ${{VAR}} references inside it are expanded (at key {ProfileNames.Quote(b.Key)}); cao-ops refuses this so chained references cannot exhaust memory; shorten or un-chain the values",
                        0);
                }

                return value;
            });
            total += resolved[b.Key]!.Length;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (k, v) in resolved)
        {
            if (v is not null)
            {
                result[k] = v;
            }
        }

        return result;
    }

    /// <summary><c>set_key(path, key, value)</c> with quote_mode="always", applied to file text.</summary>
    public static string SetKey(string text, string key, string value)
    {
        var line = $"{key}='{value.Replace("'", "\\'", StringComparison.Ordinal)}'\n";
        var sb = new StringBuilder();
        var replaced = false;
        var missingNewline = false;
        foreach (var b in ParseStream(text))
        {
            if (b.Key == key)
            {
                sb.Append(line);
                replaced = true;
            }
            else
            {
                sb.Append(b.Original);
                missingNewline = !b.Original.EndsWith('\n');
            }
        }

        if (!replaced)
        {
            if (missingNewline)
            {
                sb.Append('\n');
            }

            sb.Append(line);
        }

        return sb.ToString();
    }
}
