using System.Net;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Sessions;

public class TerminalToolsTests
{
    [Fact]
    public async Task Status_passes_the_terminal_through() // §6.33
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"id\":\"27a1cde9\",\"status\":\"completed\",\"last_active\":\"2026-11-24T00:44:03.971896\"}");
        var r = await h.CallAsync("get_terminal_status", "{\"terminal_id\":\"27a1cde9\"}");
        Assert.Equal("{\"id\":\"27a1cde9\",\"status\":\"completed\",\"last_active\":\"2026-11-24T00:44:03.971896\"}", r.Text());
        Assert.Equal("/terminals/27a1cde9", h.Stub.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Status_404() // §6.34
    {
        using var h = new Harness(HttpStatusCode.NotFound, "{\"detail\":\"Terminal 'deadbeef' not found\"}");
        var r = await h.CallAsync("get_terminal_status", "{\"terminal_id\":\"deadbeef\"}");
        Assert.StartsWith("Get terminal status for 'deadbeef' failed: Terminal 'deadbeef' not found", r.Message());
    }

    [Theory]
    [InlineData("term-123")]
    [InlineData("DEADBEEF")]
    [InlineData("deadbee")]
    [InlineData("../sessions")]
    [InlineData("deadbeef/../x")]
    public async Task Malformed_terminal_ids_never_reach_the_server(string id)
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("get_terminal_status", $"{{\"terminal_id\":\"{id}\"}}");
        Assert.True(r.IsError);
        Assert.Contains("8 lowercase hex", r.Message(), StringComparison.Ordinal);
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task Output_defaults_to_last_and_lowercases_the_mode() // §6.35, §6.36
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"output\":\"hi\",\"mode\":\"last\"}");
        var r = await h.CallAsync("get_terminal_output", "{\"terminal_id\":\"27a1cde9\"}");
        Assert.Equal("{\"output\":\"hi\",\"mode\":\"last\",\"truncated\":false,\"total_chars\":2}", r.Text());
        await h.CallAsync("get_terminal_output", "{\"terminal_id\":\"27a1cde9\",\"mode\":\"FULL\"}");
        Assert.Equal(["/terminals/27a1cde9/output?mode=last", "/terminals/27a1cde9/output?mode=full"], h.Stub.Requests.Select(x => x.PathAndQuery));
    }

    [Fact]
    public async Task Output_rejects_a_bad_mode_without_a_call() // §6.37
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("get_terminal_output", "{\"terminal_id\":\"27a1cde9\",\"mode\":\"tail\"}");
        Assert.Contains("mode must be 'last' or 'full', got 'tail'", r.Message(), StringComparison.Ordinal);
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task Output_can_be_capped_and_cleaned()
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"output\":\"\\u001b[7mab\\u001b[27m\\r\\nline two\\r\\n\",\"mode\":\"full\"}");
        var r = await h.CallAsync("get_terminal_output", "{\"terminal_id\":\"27a1cde9\",\"mode\":\"full\",\"clean\":true,\"max_chars\":9}");
        Assert.Equal("{\"output\":\"line two\\n\",\"mode\":\"full\",\"truncated\":true,\"total_chars\":12}", r.Text());
    }
}
