using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Tooling;

public class TerminalTextTests
{
    [Theory]
    [InlineData("abc", 3)]
    [InlineData("e\u0301", 2)] // e + combining acute: two code points, as Python's len counts
    [InlineData("👍🏽", 2)]      // emoji + skin tone
    [InlineData("👨‍👩‍👧", 5)]   // ZWJ family: three people, two joiners
    [InlineData("❯ hi", 4)]
    [InlineData("\r\n", 2)]
    [InlineData("😀", 1)]       // one code point, two UTF-16 units
    public void Counts_code_points_like_python_len(string text, int expected) => Assert.Equal(expected, TerminalText.CountCharacters(text));

    [Fact]
    public void Tail_never_splits_a_grapheme_cluster_and_returns_fewer_instead()
    {
        // 👍🏽 is two code points: a cap of 2 cannot take it whole, so only "c" comes back.
        var tail = TerminalText.Tail("ab👍🏽c", 2, out var total, out var truncated);
        Assert.Equal("c", tail);
        Assert.Equal(5, total);
        Assert.True(truncated);
        Assert.Equal("👍🏽c", TerminalText.Tail("ab👍🏽c", 3, out _, out _));
    }

    [Fact]
    public void Tail_counts_crlf_as_two_and_never_exceeds_the_cap()
    {
        // Measured against the real server: a cap of 20 on "…\r\n…" output returned 22 code points before.
        var raw = "> MOCK: slept 20s\r\n❯ ❯ > MOCK: typed while busy\r\n❯ ❯ ";
        for (var cap = 1; cap <= 40; cap++)
        {
            var tail = TerminalText.Tail(raw, cap, out var total, out _);
            Assert.True(TerminalText.CountCharacters(tail) <= cap, $"cap {cap}: {TerminalText.CountCharacters(tail)}");
            Assert.EndsWith(tail, raw, StringComparison.Ordinal);
            Assert.False(tail.StartsWith('\n'), $"cap {cap} split a CR LF pair");
            Assert.Equal(raw.Length, total);
        }
    }

    [Fact]
    public void Combining_marks_cannot_inflate_a_capped_answer()
    {
        var zalgo = "a" + new string('\u0301', 500) + "bc";
        var tail = TerminalText.Tail(zalgo, 20, out var total, out var truncated);
        Assert.Equal("bc", tail); // the 501-code-point cluster does not fit in 20
        Assert.Equal(503, total);
        Assert.True(truncated);
    }

    [Fact]
    public void A_surrogate_pair_is_never_split()
    {
        var tail = TerminalText.Tail("x😀😀", 3, out var total, out _);
        Assert.Equal(3, total);
        Assert.Equal("x😀😀", tail);
        Assert.Equal("😀", TerminalText.Tail("x😀😀", 1, out _, out _));
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
