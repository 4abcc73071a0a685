namespace CaoOps.Tooling;

/// <summary>
/// Text that reaches an agent's terminal (typed, pasted from the inbox, or given as a first task) is text, never keystrokes.
/// tmux delivers control characters as keys: ^C kills the agent's CLI, a lone CR presses Enter in whatever then has the
/// terminal (a shell), and ESC starts escape sequences (even one that ends a bracketed paste early). So C0 controls other
/// than tab and line breaks (LF, CR LF), DEL and the C1 range are refused before any request; keys go through
/// send_terminal_key.
/// </summary>
internal static class AgentText
{
    /// <summary>Why <paramref name="text"/> may not be delivered, or null when it is plain text.</summary>
    public static string? Problem(string name, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var allowed = c is '\n' or '\t' || (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n');
            if (!allowed && (c < 0x20 || c is >= '\u007f' and <= '\u009f'))
            {
                return $"'{name}' contains the control character {Describe(c)} at position {i}. Text for an agent may hold tabs and line breaks "
                    + "but no other control characters, because the terminal would take them as keystrokes (^C interrupts the agent, CR runs "
                    + "what was typed, ESC starts an escape sequence). Remove it; to press a key (Enter, Escape, C-c, arrows) use send_terminal_key";
            }
        }

        return null;
    }

    private static string Describe(char c) => c switch
    {
        '\r' => "U+000D (CR, a lone carriage return)",
        '\u001b' => "U+001B (ESC)",
        '\u007f' => "U+007F (DEL)",
        < '\u0020' => $"U+{(int)c:X4} (^{(char)(c + 64)})",
        _ => $"U+{(int)c:X4} (a C1 control)",
    };
}
