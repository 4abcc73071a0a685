using CaoOps.Cao;

namespace CaoOps.Tests.Cao;

public class CaoPathTests
{
    [Theory]
    [InlineData("a/b", "/sessions/a%2Fb")]
    [InlineData("a?x=1#f", "/sessions/a%3Fx%3D1%23f")]
    [InlineData("a b", "/sessions/a%20b")]
    [InlineData("%2F", "/sessions/%252F")]
    [InlineData("é", "/sessions/%C3%A9")]
    public void Segments_are_escaped(string name, string expected) => Assert.Equal(expected, CaoPath.Of("sessions", name));

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    public void Dot_and_empty_segments_are_refused(string name) => Assert.Throws<ArgumentException>(() => CaoPath.Of("sessions", name));

    [Fact]
    public void Query_values_are_escaped() =>
        Assert.Equal("/x?message=a%26b%3Dc%20d&sender_id=cao-ops-mcp",
            CaoPath.WithQuery("/x", [new("message", "a&b=c d"), new("sender_id", "cao-ops-mcp")]));
}
