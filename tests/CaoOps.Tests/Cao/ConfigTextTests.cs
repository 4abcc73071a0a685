using CaoOps.Cao;

namespace CaoOps.Tests.Cao;

/// <summary>Start-up refusal of tokens and URLs with control characters, and masking of credentials in quoted URLs.</summary>
public class ConfigTextTests
{
    private static IReadOnlyList<string> Problems(Dictionary<string, string> env)
    {
        CaoSettings.FromEnvironment(k => env.TryGetValue(k, out var v) ? v : null, out var problems);
        return problems;
    }

    [Theory]
    [InlineData("http://user:s3cret@cao:9889/", "http://***@cao:9889/")]
    [InlineData("https://tok3n@cao.example", "https://***@cao.example")]
    [InlineData("http://a:b@c@host/p?q=@x", "http://***@host/p?q=@x")]
    [InlineData("user:pw@host", "***@host")]
    [InlineData("http://cao:9889/x@y", "http://cao:9889/x@y")]
    [InlineData("not a url", "not a url")]
    public void User_info_is_masked(string url, string masked) => Assert.Equal(masked, ConfigText.MaskUrl(url));

    [Theory]
    [InlineData("CAO_AUTH_LOCAL_TOKEN", "abc\r\nX-Evil: 1", "CR, LF")]
    [InlineData("CAO_API_TOKEN", "abc\u0000def", "NUL")]
    [InlineData("CAO_API_URL", "http://127.0.0.1:9889/\r\nHost: evil", "CR, LF")]
    [InlineData("CAO_API_HOST", "local\u001bhost", "ESC")]
    [InlineData("CAO_API_PORT", "98\t89", "TAB")]
    [InlineData("CAO_OPS_TIMEOUT", "5\u00850", "U+0085")]
    public void Control_characters_are_refused_naming_the_variable_never_the_value(string variable, string value, string names)
    {
        var problem = Assert.Single(Problems(new() { [variable] = value }));
        Assert.StartsWith($"{variable} contains control characters ({names})", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("evil", problem, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(value.Trim(), problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("tökén")]
    public void A_token_that_cannot_be_a_header_value_is_refused(string token)
    {
        var problem = Assert.Single(Problems(new() { ["CAO_AUTH_LOCAL_TOKEN"] = token }));
        Assert.Contains("CAO_AUTH_LOCAL_TOKEN", problem, StringComparison.Ordinal);
        Assert.DoesNotContain(token, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_password_in_the_url_is_never_echoed()
    {
        var problem = Assert.Single(Problems(new() { ["CAO_API_URL"] = "http://admin:hunter2@127.0.0.1:9889" }));
        Assert.DoesNotContain("hunter2", problem, StringComparison.Ordinal);
        Assert.DoesNotContain("admin", problem, StringComparison.Ordinal);
        Assert.Contains("http://***@127.0.0.1:9889", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Ordinary_tokens_pass() => Assert.Empty(Problems(new() { ["CAO_AUTH_LOCAL_TOKEN"] = " eyJhbGciOi.J9-_~+/= " }));
}
