namespace CaoOps.Tests.Tooling;

public class RandomIdsTests
{
    [Theory]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(40)]
    public void Gives_lower_hex_of_the_asked_length(int bytes)
    {
        var id = RandomIds.Hex(bytes);
        Assert.Equal(bytes * 2, id.Length);
        Assert.Matches("^[0-9a-f]+$", id);
    }

    [Fact]
    public void Every_bit_varies_so_no_fixed_guid_version_or_variant_bits_leak_in()
    {
        // 40 bytes span three GUIDs; over 400 draws each bit is 0 at least once and 1 at least once (a fixed bit never is).
        const int bytes = 40;
        var seenOne = new byte[bytes];
        var seenZero = new byte[bytes];
        var buffer = new byte[bytes];
        for (var i = 0; i < 400; i++)
        {
            RandomIds.Fill(buffer);
            for (var b = 0; b < bytes; b++)
            {
                seenOne[b] |= buffer[b];
                seenZero[b] |= (byte)~buffer[b];
            }
        }

        Assert.All(seenOne, v => Assert.Equal(0xff, v));
        Assert.All(seenZero, v => Assert.Equal(0xff, v));
    }

    [Fact]
    public void Does_not_repeat()
    {
        var ids = Enumerable.Range(0, 10_000).Select(_ => RandomIds.Hex(8)).ToHashSet();
        Assert.Equal(10_000, ids.Count);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1025)]
    public void Refuses_out_of_range_lengths(int bytes) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => RandomIds.Hex(bytes));
}
