using CaoOps.Resources;

namespace CaoOps.Tests.Resources;

public class CompletionFilterTests
{
    [Fact]
    public void Keeps_candidates_that_start_with_the_typed_prefix_ignoring_case_in_the_given_order()
    {
        var c = CompletionFilter.Apply(["reviewer", "Developer", "data_analyst", "developer"], "de");
        Assert.Equal(["Developer", "developer"], c.Values);
        Assert.Equal(2, c.Total);
        Assert.False(c.HasMore);
    }

    [Fact]
    public void Matches_session_names_after_the_cao_prefix()
    {
        var c = CompletionFilter.Apply(["cao-demo", "cao-build", "demo-x"], "dem");
        Assert.Equal(["cao-demo", "demo-x"], c.Values);
        Assert.Equal(["cao-demo"], CompletionFilter.Apply(["cao-demo"], "cao-d").Values);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void Nothing_typed_offers_everything_once(string? typed)
    {
        var c = CompletionFilter.Apply(["a", "b", "a"], typed);
        Assert.Equal(["a", "b"], c.Values);
    }

    [Fact]
    public void No_match_is_an_empty_list()
    {
        var c = CompletionFilter.Apply(["27a1cde9"], "ff");
        Assert.Empty(c.Values);
        Assert.Equal(0, c.Total);
    }

    [Fact]
    public void At_most_100_values_with_the_total_and_has_more()
    {
        var c = CompletionFilter.Apply(Enumerable.Range(0, 250).Select(i => $"t{i:000}"), "t");
        Assert.Equal(100, c.Values.Count);
        Assert.Equal("t000", c.Values[0]);
        Assert.Equal(250, c.Total);
        Assert.True(c.HasMore);
    }
}
