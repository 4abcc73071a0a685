using CaoOps.Resources;

namespace CaoOps.Tests.Resources;

public class CaoUriTests
{
    [Theory]
    [InlineData("cao://sessions", "Sessions", null, "cao://sessions")]
    [InlineData("cao://sessions/cao-demo", "Session", "cao-demo", "cao://sessions/cao-demo")]
    [InlineData("cao://sessions/cao%2Ddemo_1", "Session", "cao-demo_1", "cao://sessions/cao-demo_1")]
    [InlineData("cao://terminals/27a1cde9", "Terminal", "27a1cde9", "cao://terminals/27a1cde9")]
    [InlineData("cao://terminals/27a1cde9/output", "TerminalOutput", "27a1cde9", "cao://terminals/27a1cde9/output")]
    [InlineData("CAO://sessions", "Sessions", null, "cao://sessions")]
    public void Parses_the_four_shapes_and_prints_them_canonically(string uri, string kind, string? id, string canonical)
    {
        var parsed = CaoUri.Parse(uri, out var problem, out _);
        Assert.Null(problem);
        Assert.Equal(new CaoUri(Enum.Parse<CaoResourceKind>(kind), id), parsed);
        Assert.Equal(canonical, parsed!.Value.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("file:///etc/passwd")]
    [InlineData("cao://")]
    [InlineData("cao://session")]
    [InlineData("cao://sessions?x=1")]
    [InlineData("cao://sessions#top")]
    [InlineData("cao://terminals/27a1cde9/output/more")]
    [InlineData("cao://terminals/27a1cde9/input")]
    [InlineData("cao://profiles/developer")]
    public void Anything_else_is_an_unknown_resource_naming_what_is_served(string? uri)
    {
        Assert.Null(CaoUri.Parse(uri, out var problem, out var unknown));
        Assert.True(unknown);
        Assert.Contains("cao-ops serves cao://sessions, cao://sessions/{session_name}, cao://terminals/{terminal_id} and cao://terminals/{terminal_id}/output", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cao://terminals/27A1CDE9", "terminal id")]
    [InlineData("cao://terminals/27a1cde", "terminal id")]
    [InlineData("cao://terminals/..%2F..%2Fsessions/output", "terminal id")]
    [InlineData("cao://sessions/", "session name")]
    [InlineData("cao://sessions/-leading-dash", "session name")]
    [InlineData("cao://sessions/a%2Fb", "session name")]
    [InlineData("cao://sessions/%2E%2E", "session name")]
    [InlineData("cao://sessions/has%20space", "session name")]
    [InlineData("cao://sessions/%E0%A4%A", "session name")]
    public void Invalid_names_and_ids_are_refused_before_any_request(string uri, string what)
    {
        Assert.Null(CaoUri.Parse(uri, out var problem, out var unknown));
        Assert.False(unknown);
        Assert.StartsWith($"'{uri}' does not name a valid {what}:", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_long_uri_is_echoed_shortened()
    {
        var uri = "cao://x/" + new string('a', 5000);
        CaoUri.Parse(uri, out var problem, out _);
        Assert.True(problem!.Length < 500);
    }
}
