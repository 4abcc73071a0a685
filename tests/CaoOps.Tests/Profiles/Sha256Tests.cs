using System.Text;
using CaoOps.Profiles.Install;

namespace CaoOps.Tests.Profiles;

public class Sha256Tests
{
    [Theory]
    [InlineData("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [InlineData("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")]
    [InlineData("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")]
    [InlineData("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
        "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")]
    public void Matches_the_FIPS_180_examples(string message, string expected) =>
        Assert.Equal(expected, Convert.ToHexStringLower(Sha256.HashData(Encoding.ASCII.GetBytes(message))));

    [Fact]
    public void Matches_the_million_a_vector() =>
        Assert.Equal("cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0",
            Convert.ToHexStringLower(Sha256.HashData(Enumerable.Repeat((byte)'a', 1_000_000).ToArray())));

    [Fact]
    public void Equals_the_framework_hash_at_every_padding_boundary()
    {
        var random = new Random(18);
        for (var length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            random.NextBytes(data);
            Assert.Equal(System.Security.Cryptography.SHA256.HashData(data), Sha256.HashData(data));
        }
    }

    [Fact]
    public void Names_the_same_cao_lock_file_for_a_unicode_path()
    {
        var path = Encoding.UTF8.GetBytes("/home/ünïcødé/.aws/cli-agent-orchestrator/agent-store/dev.md");
        Assert.Equal(System.Security.Cryptography.SHA256.HashData(path), Sha256.HashData(path));
    }
}
