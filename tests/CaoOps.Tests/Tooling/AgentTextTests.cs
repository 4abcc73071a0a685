using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tooling;

/// <summary>Text for an agent is text, never keystrokes: control characters are refused before any request.</summary>
public class AgentTextTests
{
    [Theory]
    [InlineData("plain text")]
    [InlineData("two\nlines\r\nand\ta tab")]
    [InlineData("unicode ❯ é 😀")]
    public void Plain_text_with_tabs_and_line_breaks_passes(string text) => Assert.Null(AgentText.Problem("message", text));

    [Theory]
    [InlineData("\u0003\rtouch /tmp/x/INJECTED\r", "U+0003 (^C) at position 0")]
    [InlineData("ok\rtouch x", "U+000D (CR, a lone carriage return) at position 2")]
    [InlineData("\u001b[201~echo pwned\n", "U+001B (ESC) at position 0")]
    [InlineData("a\u0004", "U+0004 (^D) at position 1")]
    [InlineData("del\u007f", "U+007F (DEL) at position 3")]
    [InlineData("c1\u009b2J", "U+009B (a C1 control) at position 2")]
    [InlineData("trailing\r", "U+000D (CR, a lone carriage return) at position 8")]
    public void Control_characters_are_refused_with_what_and_why(string text, string expected)
    {
        var problem = AgentText.Problem("message", text);
        Assert.NotNull(problem);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
        Assert.Contains("send_terminal_key", problem, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("send_terminal_input", "{\"terminal_id\":\"27a1cde9\",\"message\":\"\\u0003\\rtouch /tmp/x/INJECTED\\r\"}")]
    [InlineData("send_session_message", "{\"terminal_id\":\"27a1cde9\",\"message\":\"\\u0003\\rtouch /tmp/x/INJECTED\\r\"}")]
    [InlineData("launch_session", "{\"agent_profile\":\"developer\",\"initial_message\":\"hi\\u001b[201~\"}")]
    [InlineData("add_terminal", "{\"session_name\":\"cao-x\",\"agent_profile\":\"developer\",\"initial_message\":\"\\u0003\"}")]
    public async Task Every_tool_that_delivers_text_refuses_control_characters_before_any_request(string tool, string arguments)
    {
        using var h = new Harness(System.Net.HttpStatusCode.OK, "{}");
        var r = await h.CallAsync(tool, arguments);
        Assert.True(r.IsError);
        Assert.Contains("control character", r.Str("message"), StringComparison.Ordinal);
        Assert.Empty(h.Stub.Requests);
    }
}
