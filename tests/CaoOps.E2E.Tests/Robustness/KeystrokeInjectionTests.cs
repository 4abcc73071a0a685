using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>
/// The adversarial pass's injection: text that would have interrupted the agent (^C) and run a shell command (CR). It is
/// refused before anything reaches cao-server, the agent keeps running, and a key still goes through send_terminal_key.
/// </summary>
public class KeystrokeInjectionTests
{
    [Theory]
    [InlineData("send_terminal_input")]
    [InlineData("send_session_message")]
    public async Task Control_characters_never_reach_the_terminal(string tool)
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        var id = api.SeedSession("cao-inject");
        await using var mcp = await McpHarness.StartAsync(api);
        api.ClearRequests();

        var result = await mcp.CallAsync(tool, new { terminal_id = id, message = "\u0003\rtouch /tmp/x/INJECTED\r" });

        Assert.True(result.IsError);
        Assert.Contains("control character U+0003 (^C) at position 0", result.Message(), StringComparison.Ordinal);
        Assert.Contains("send_terminal_key", result.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Method != "GET");

        var status = await mcp.CallAsync("get_terminal_status", new { terminal_id = id });
        Assert.Equal("idle", status.Str("status"));

        // Plain text with line breaks and tabs is still delivered, and keys still have their own tool.
        var typed = await mcp.CallAsync(tool, new { terminal_id = id, message = "line one\nline two\twith a tab" });
        Assert.False(typed.IsError, typed.Text());
        var key = await mcp.CallAsync("send_terminal_key", new { terminal_id = id, key = "Escape" });
        Assert.False(key.IsError, key.Text());
    }
}
