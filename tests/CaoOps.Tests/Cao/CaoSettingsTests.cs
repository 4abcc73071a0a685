using CaoOps.Cao;

namespace CaoOps.Tests.Cao;

public class CaoSettingsTests
{
    private static CaoSettings From(Dictionary<string, string> env, out IReadOnlyList<string> problems) =>
        CaoSettings.FromEnvironment(k => env.TryGetValue(k, out var v) ? v : null, out problems);

    [Fact]
    public void Defaults_match_upstream()
    {
        var s = From([], out var problems);
        Assert.Empty(problems);
        Assert.Equal("http://127.0.0.1:9889", s.BaseAddress);
        Assert.Null(s.Token);
        Assert.Equal(TimeSpan.FromSeconds(5), s.ConnectTimeout);
    }

    [Fact]
    public void Host_and_port_are_read_like_upstream()
    {
        var s = From(new() { ["CAO_API_HOST"] = "localhost", ["CAO_API_PORT"] = "9999" }, out var problems);
        Assert.Empty(problems);
        Assert.Equal("http://localhost:9999", s.BaseAddress);
    }

    [Fact]
    public void Ipv6_host_is_bracketed() =>
        Assert.Equal("http://[::1]:9889", From(new() { ["CAO_API_HOST"] = "::1" }, out _).BaseAddress);

    [Fact]
    public void Url_wins_over_host_and_port()
    {
        var s = From(new() { ["CAO_API_URL"] = "https://cao.internal:8443/", ["CAO_API_HOST"] = "x", ["CAO_API_PORT"] = "1" }, out var problems);
        Assert.Empty(problems);
        Assert.Equal("https://cao.internal:8443", s.BaseAddress);
    }

    [Theory]
    [InlineData("CAO_API_PORT", "abc", "CAO_API_PORT 'abc'")]
    [InlineData("CAO_API_PORT", "70000", "CAO_API_PORT '70000'")]
    [InlineData("CAO_API_URL", "ftp://x", "CAO_API_URL 'ftp://x'")]
    [InlineData("CAO_API_URL", "http://x:1/?a=b", "CAO_API_URL")]
    [InlineData("CAO_OPS_TIMEOUT", "-1", "CAO_OPS_TIMEOUT '-1'")]
    public void Bad_values_are_reported_not_crashed_on(string name, string value, string expected)
    {
        From(new() { [name] = value }, out var problems);
        Assert.Contains(problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Token_comes_from_local_token_then_api_token()
    {
        Assert.Equal("a", From(new() { ["CAO_AUTH_LOCAL_TOKEN"] = " a ", ["CAO_API_TOKEN"] = "b" }, out _).Token);
        Assert.Equal("b", From(new() { ["CAO_API_TOKEN"] = "b" }, out _).Token);
    }

    [Fact]
    public void Timeouts_are_configurable()
    {
        var s = From(new() { ["CAO_OPS_TIMEOUT"] = "2.5", ["CAO_OPS_LAUNCH_TIMEOUT"] = "600", ["CAO_OPS_CONNECT_TIMEOUT"] = "1" }, out var problems);
        Assert.Empty(problems);
        Assert.Equal(TimeSpan.FromSeconds(2.5), s.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(600), s.LaunchTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), s.ConnectTimeout);
    }
}
