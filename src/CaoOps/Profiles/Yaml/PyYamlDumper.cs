using System.Globalization;
using System.Text;

namespace CaoOps.Profiles.Yaml;

/// <summary>
/// A port of the parts of libyaml's emitter that <c>yaml.dump(data, Dumper=CSafeDumper,
/// default_flow_style=False, allow_unicode=True)</c> uses for a block mapping of string scalars
/// (nested mappings allowed): sorted keys, indent 2, width 80, plain → single → double quoted
/// style choice, and line folding. Used for Copilot/OpenCode agent frontmatter.
/// </summary>
internal sealed class PyYamlDumper
{
    private const int BestWidth = 80;
    private const int BestIndent = 2;

    private readonly StringBuilder _out = new();
    private int _column;
    private bool _whitespace = true;
    private bool _indention = true;
    private int _indent = -1;

    private PyYamlDumper()
    {
    }

    /// <summary>Dumps a mapping whose values are strings or nested mappings; ends with a newline.</summary>
    public static string Dump(PyDict mapping)
    {
        var d = new PyYamlDumper();
        d.EmitMapping(mapping);
        d.WriteIndent(); // document end
        return d._out.ToString();
    }

    private void EmitMapping(PyDict mapping)
    {
        var saved = _indent;
        _indent = _indent < 0 ? 0 : _indent + BestIndent;
        var keys = mapping.Entries.Select(e => (string)e.Key!).ToList();
        keys.Sort(PyText.CodePointComparer);
        foreach (var key in keys)
        {
            WriteIndent();
            EmitScalar(key, simpleKey: true);
            WriteIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false);
            var value = mapping.GetOrNull(key);
            if (value is PyDict nested)
            {
                if (nested.Count == 0)
                {
                    WriteIndicator("{}", needWhitespace: true, isWhitespace: false, isIndention: false);
                }
                else
                {
                    EmitMapping(nested);
                }
            }
            else
            {
                var savedIndent = _indent;
                _indent += BestIndent;
                EmitScalar(value as string ?? PyText.Str(value), simpleKey: false);
                _indent = savedIndent;
            }
        }

        _indent = saved;
    }

    private enum Style
    {
        Plain,
        Single,
        Double,
    }

    private void EmitScalar(string value, bool simpleKey)
    {
        var a = Analyze(value);
        var style = Style.Plain;
        if (simpleKey && a.Multiline)
        {
            style = Style.Double;
        }

        if (style == Style.Plain)
        {
            if (!a.BlockPlainAllowed || (value.Length == 0 && simpleKey) || PyYamlResolver.ResolvePlain(value) != PyYamlResolver.StrTag)
            {
                style = Style.Single;
            }
        }

        if (style == Style.Single && !a.SingleQuotedAllowed)
        {
            style = Style.Double;
        }

        var runes = value.EnumerateRunes().Select(r => r.Value).ToArray();
        switch (style)
        {
            case Style.Plain:
                WritePlain(runes, allowBreaks: !simpleKey);
                break;
            case Style.Single:
                WriteSingleQuoted(runes, allowBreaks: !simpleKey);
                break;
            default:
                WriteDoubleQuoted(runes, allowBreaks: !simpleKey);
                break;
        }
    }

    private readonly record struct Analysis(bool Multiline, bool BlockPlainAllowed, bool SingleQuotedAllowed);

    private static bool IsBreak(int c) => c is '\r' or '\n' or 0x85 or 0x2028 or 0x2029;

    private static bool IsBlankZ(int c) => c is ' ' or '\t' or 0 || IsBreak(c);

    private static bool IsPrintable(int c) =>
        c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);

    private static Analysis Analyze(string value)
    {
        if (value.Length == 0)
        {
            return new Analysis(false, true, true);
        }

        var s = value.EnumerateRunes().Select(r => r.Value).ToArray();
        bool blockIndicators = false, lineBreaks = false, special = false;
        bool leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false;
        bool breakSpace = false, spaceBreak = false, previousSpace = false, previousBreak = false;
        if (value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal))
        {
            blockIndicators = true;
        }

        var precededByWhitespace = true;
        var followedByWhitespace = s.Length == 1 || IsBlankZ(s[1]);
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (i == 0)
            {
                if ("#,[]{}&*!|>'\"%@`".Contains((char)c, StringComparison.Ordinal) && c < 0x80)
                {
                    blockIndicators = true;
                }

                if (c is '?' or ':' && followedByWhitespace)
                {
                    blockIndicators = true;
                }

                if (c == '-' && followedByWhitespace)
                {
                    blockIndicators = true;
                }
            }
            else
            {
                if (c == ':' && followedByWhitespace)
                {
                    blockIndicators = true;
                }

                if (c == '#' && precededByWhitespace)
                {
                    blockIndicators = true;
                }
            }

            if (!IsPrintable(c))
            {
                special = true;
            }

            if (IsBreak(c))
            {
                lineBreaks = true;
            }

            if (c == ' ')
            {
                if (i == 0)
                {
                    leadingSpace = true;
                }

                if (i == s.Length - 1)
                {
                    trailingSpace = true;
                }

                if (previousBreak)
                {
                    breakSpace = true;
                }

                previousSpace = true;
                previousBreak = false;
            }
            else if (IsBreak(c))
            {
                if (i == 0)
                {
                    leadingBreak = true;
                }

                if (i == s.Length - 1)
                {
                    trailingBreak = true;
                }

                if (previousSpace)
                {
                    spaceBreak = true;
                }

                previousSpace = false;
                previousBreak = true;
            }
            else
            {
                previousSpace = false;
                previousBreak = false;
            }

            precededByWhitespace = IsBlankZ(c);
            followedByWhitespace = i + 2 >= s.Length || IsBlankZ(s[i + 2]);
        }

        var blockPlain = true;
        var single = true;
        if (leadingSpace || leadingBreak || trailingSpace || trailingBreak)
        {
            blockPlain = false;
        }

        if (breakSpace)
        {
            blockPlain = false;
            single = false;
        }

        if (spaceBreak || special)
        {
            blockPlain = false;
            single = false;
        }

        if (lineBreaks)
        {
            blockPlain = false;
        }

        if (blockIndicators)
        {
            blockPlain = false;
        }

        return new Analysis(lineBreaks, blockPlain, single);
    }

    private void Put(char c)
    {
        _out.Append(c);
        _column++;
    }

    private void PutBreak()
    {
        _out.Append('\n');
        _column = 0;
    }

    private void Write(int c)
    {
        _out.Append(char.ConvertFromUtf32(c));
        _column++;
    }

    private void WriteBreak(int c)
    {
        if (c == '\n')
        {
            PutBreak();
        }
        else
        {
            _out.Append(char.ConvertFromUtf32(c));
            _column = 0;
        }
    }

    private void WriteIndent()
    {
        var indent = _indent >= 0 ? _indent : 0;
        if (!_indention || _column > indent || (_column == indent && !_whitespace))
        {
            PutBreak();
        }

        while (_column < indent)
        {
            Put(' ');
        }

        _whitespace = true;
        _indention = true;
    }

    private void WriteIndicator(string indicator, bool needWhitespace, bool isWhitespace, bool isIndention)
    {
        if (needWhitespace && !_whitespace)
        {
            Put(' ');
        }

        foreach (var c in indicator)
        {
            Put(c);
        }

        _whitespace = isWhitespace;
        _indention = _indention && isIndention;
    }

    private void WritePlain(int[] s, bool allowBreaks)
    {
        if (!_whitespace && s.Length > 0)
        {
            Put(' ');
        }

        bool spaces = false, breaks = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && !(i + 1 < s.Length && s[i + 1] == ' '))
                {
                    WriteIndent();
                }
                else
                {
                    Write(c);
                }

                spaces = true;
            }
            else if (IsBreak(c))
            {
                if (!breaks && c == '\n')
                {
                    PutBreak();
                }

                WriteBreak(c);
                _indention = true;
                breaks = true;
            }
            else
            {
                if (breaks)
                {
                    WriteIndent();
                }

                Write(c);
                _indention = false;
                spaces = false;
                breaks = false;
            }
        }

        _whitespace = false;
        _indention = false;
    }

    private void WriteSingleQuoted(int[] s, bool allowBreaks)
    {
        WriteIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false);
        bool spaces = false, breaks = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (c == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && i != 0 && i != s.Length - 1 && !(i + 1 < s.Length && s[i + 1] == ' '))
                {
                    WriteIndent();
                }
                else
                {
                    Write(c);
                }

                spaces = true;
            }
            else if (IsBreak(c))
            {
                if (!breaks && c == '\n')
                {
                    PutBreak();
                }

                WriteBreak(c);
                _indention = true;
                breaks = true;
            }
            else
            {
                if (breaks)
                {
                    WriteIndent();
                }

                if (c == '\'')
                {
                    Put('\'');
                }

                Write(c);
                _indention = false;
                spaces = false;
                breaks = false;
            }
        }

        if (breaks)
        {
            WriteIndent();
        }

        WriteIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false);
        _whitespace = false;
        _indention = false;
    }

    private void WriteDoubleQuoted(int[] s, bool allowBreaks)
    {
        WriteIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false);
        var spaces = false;
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            if (!IsPrintable(c) || c == 0xFEFF || IsBreak(c) || c == '"' || c == '\\')
            {
                Put('\\');
                var esc = c switch
                {
                    0x00 => "0",
                    0x07 => "a",
                    0x08 => "b",
                    0x09 => "t",
                    0x0A => "n",
                    0x0B => "v",
                    0x0C => "f",
                    0x0D => "r",
                    0x1B => "e",
                    0x22 => "\"",
                    0x5C => "\\",
                    0x85 => "N",
                    0xA0 => "_",
                    0x2028 => "L",
                    0x2029 => "P",
                    <= 0xFF => "x" + c.ToString("X2", CultureInfo.InvariantCulture),
                    <= 0xFFFF => "u" + c.ToString("X4", CultureInfo.InvariantCulture),
                    _ => "U" + c.ToString("X8", CultureInfo.InvariantCulture),
                };
                foreach (var e in esc)
                {
                    Put(e);
                }

                spaces = false;
            }
            else if (c == ' ')
            {
                if (allowBreaks && !spaces && _column > BestWidth && i != 0 && i != s.Length - 1)
                {
                    WriteIndent();
                    if (i + 1 < s.Length && s[i + 1] == ' ')
                    {
                        Put('\\');
                    }
                }
                else
                {
                    Write(c);
                }

                spaces = true;
            }
            else
            {
                Write(c);
                spaces = false;
            }
        }

        WriteIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false);
        _whitespace = false;
        _indention = false;
    }
}
