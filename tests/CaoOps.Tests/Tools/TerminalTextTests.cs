using CaoOps.Tools;

namespace CaoOps.Tests.Tools;

public class TerminalTextTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData("e\u0301", 1)] // e + combining acute
    [InlineData("👍🏽", 1)]      // emoji + skin tone
    [InlineData("👨‍👩‍👧", 1)]   // ZWJ family
    [InlineData("❯ hi", 4)]
    [InlineData("\r\n", 1)]
    public void Counts_characters_as_people_do(string text, int expected) => Assert.Equal(expected, TerminalText.CountCharacters(text));

    [Fact]
    public void Tail_never_splits_a_character()
    {
        var tail = TerminalText.Tail("ab👍🏽c", 2, out var total, out var truncated);
        Assert.Equal("👍🏽c", tail);
        Assert.Equal(4, total);
        Assert.True(truncated);
    }

    [Fact]
    public void Clean_strips_sequences_and_applies_backspaces()
    {
        // From capture 12: bash echoes the command highlighted, backspaces over it and retypes it.
        var raw = "\r\n\u001b[?2004l\r\u001b[?2004hroot@vm:/srv/cao# \u001b[7mmock_cli --delay-ms 50\u001b[27m" + new string('\b', 22) + "mock_cli --delay-ms 50\r\n\u001b[?2004l\rMockCli ready.\r\n❯ ";
        Assert.Equal("\nroot@vm:/srv/cao# mock_cli --delay-ms 50\nMockCli ready.\n❯ ", TerminalText.Clean(raw));
    }

    [Fact]
    public void Clean_removes_osc_titles_and_stray_controls() =>
        Assert.Equal("ok done", TerminalText.Clean("\u001b]0;title\u0007ok\u0000 done\u001b[0m"));
}
