using System.Text.Encodings.Web;
using System.Text.Json;
using CaoOps.Tools.Terminals;

namespace CaoOps.Prompts;

/// <summary>Small pieces the prompt texts share.</summary>
internal static class PromptText
{
    /// <summary>A value as a JSON string literal, as it goes into a tool call ("a \"b\""); non-ASCII stays readable.</summary>
    public static string Quote(string value) => "\"" + JsonEncodedText.Encode(value, JavaScriptEncoder.UnsafeRelaxedJsonEscaping).Value + "\"";

    /// <summary>The last <paramref name="lines"/> lines of <paramref name="text"/> (trailing blank lines dropped), at most <paramref name="maxChars"/> characters.</summary>
    public static string TailLines(string text, int lines, int maxChars)
    {
        var all = text.TrimEnd().Split('\n');
        var tail = string.Join('\n', all.Skip(Math.Max(0, all.Length - lines)).Select(l => l.TrimEnd()));
        return TerminalText.Tail(tail, maxChars, out _, out _);
    }
}
