using System.Net;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Sessions;

public class ReadSessionOutputTests
{
    private static Harness Server(string session, string output = "0123456789") => new(req =>
        req.RequestUri!.AbsolutePath.StartsWith("/sessions/", StringComparison.Ordinal)
            ? StubHandler.Json(HttpStatusCode.OK, session)
            : StubHandler.Json(HttpStatusCode.OK, $"{{\"output\":\"{output}\",\"mode\":\"full\"}}"));

    [Fact]
    public async Task By_terminal_in_full_mode() // §6.40, §6.41
    {
        using var h = Server("{}");
        var r = await h.CallAsync("read_session_output", "{\"terminal_id\":\"27a1cde9\",\"mode\":\"FULL\"}");
        Assert.Equal("{\"success\":true,\"terminal_id\":\"27a1cde9\",\"mode\":\"full\",\"output\":\"0123456789\",\"truncated\":false,\"total_chars\":10}", r.Text());
        Assert.Equal("/terminals/27a1cde9/output?mode=full", h.Stub.Requests.Single().PathAndQuery);
    }

    [Fact]
    public async Task By_session_with_one_terminal() // §6.42
    {
        using var h = Server("{\"session\":{},\"terminals\":[{\"id\":\"27a1cde9\"}]}");
        var r = await h.CallAsync("read_session_output", "{\"session_name\":\"cao-x\"}");
        Assert.False(r.IsError);
        Assert.Equal("27a1cde9", r.Str("terminal_id"));
        Assert.Equal(["/sessions/cao-x", "/terminals/27a1cde9/output?mode=full"], h.Stub.Requests.Select(x => x.PathAndQuery));
    }

    [Theory] // §6.44 – §6.48
    [InlineData("{\"terminals\":[{\"name\":\"x\"}]}", "Session 'cao-x' returned a terminal without an id")]
    [InlineData("{\"terminals\":\"not-a-list\"}", "Session 'cao-x' returned an invalid terminals payload")]
    [InlineData("{\"terminals\":[null]}", "Session 'cao-x' returned an invalid terminals payload")]
    [InlineData("[]", "Session 'cao-x' returned an invalid response payload")]
    [InlineData("{\"terminals\":[]}", "Session 'cao-x' has no terminals")]
    [InlineData("{}", "Session 'cao-x' has no terminals")]
    public async Task Session_resolution_failures(string session, string message)
    {
        using var h = Server(session);
        var r = await h.CallAsync("read_session_output", "{\"session_name\":\"cao-x\"}");
        Assert.True(r.IsError);
        Assert.Equal(message, r.Message());
        Assert.Single(h.Stub.Requests);
    }

    [Fact]
    public async Task Two_terminals_are_listed_back() // §6.47
    {
        using var h = Server("{\"terminals\":[{\"id\":\"aaaaaaaa\"},{\"id\":\"bbbbbbbb\"}]}");
        var r = await h.CallAsync("read_session_output", "{\"session_name\":\"cao-x\"}");
        Assert.Equal("Session 'cao-x' has 2 terminals; specify terminal_id", r.Message());
        Assert.Equal(2, r.Result.GetProperty("terminals").GetArrayLength());
    }

    [Fact]
    public async Task Bad_mode_and_missing_identifiers_make_no_call() // §6.49, §6.50
    {
        using var h = Server("{}");
        Assert.Contains("Invalid mode 'weird'; expected 'full' or 'last'", (await h.CallAsync("read_session_output", "{\"terminal_id\":\"27a1cde9\",\"mode\":\"weird\"}")).Message(), StringComparison.Ordinal);
        Assert.Equal("Provide either terminal_id or session_name", (await h.CallAsync("read_session_output", "{}")).Message());
        Assert.Empty(h.Stub.Requests);
    }

    [Theory] // §6.51 – §6.53
    [InlineData(4, "6789", true)]
    [InlineData(0, "0123456789", false)]
    [InlineData(100, "0123456789", false)]
    public async Task Max_chars_keeps_the_tail(int max, string output, bool truncated)
    {
        using var h = Server("{}");
        var r = await h.CallAsync("read_session_output", $"{{\"terminal_id\":\"27a1cde9\",\"max_chars\":{max}}}");
        Assert.Equal(output, r.Str("output"));
        Assert.Equal(truncated, r.Result.GetProperty("truncated").GetBoolean());
        Assert.Equal(10, r.Result.GetProperty("total_chars").GetInt32());
    }

    [Theory] // §6.56, §6.57
    [InlineData("{\"mode\":\"full\"}")]
    [InlineData("{\"output\":null}")]
    [InlineData("{\"output\":123}")]
    [InlineData("{\"output\":[]}")]
    public async Task Output_payload_must_be_a_string(string payload)
    {
        using var h = new Harness(HttpStatusCode.OK, payload);
        Assert.Equal("Read output failed: invalid response payload", (await h.CallAsync("read_session_output", "{\"terminal_id\":\"27a1cde9\"}")).Message());
    }
}
