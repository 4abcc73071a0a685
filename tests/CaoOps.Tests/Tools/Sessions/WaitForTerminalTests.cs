using System.Net;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Sessions;

public class WaitForTerminalTests
{
    /// <summary>A scripted terminal: each status poll advances one step; the inbox reports pending messages per step.</summary>
    private sealed class Script((string Status, string LastActive, int Pending)[] steps)
    {
        private int _step = -1;

        public HttpResponseMessage Respond(HttpRequestMessage request)
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/inbox/messages", StringComparison.Ordinal))
            {
                var pending = steps[Math.Max(_step, 0)].Pending;
                var items = string.Join(",", Enumerable.Range(1, pending).Select(i => $"{{\"id\":{i},\"status\":\"pending\"}}"));
                return StubHandler.Json(HttpStatusCode.OK, $"[{items}]");
            }

            _step = Math.Min(_step + 1, steps.Length - 1);
            var (status, active, _) = steps[_step];
            return StubHandler.Json(HttpStatusCode.OK, $"{{\"id\":\"27a1cde9\",\"status\":\"{status}\",\"last_active\":\"{active}\"}}");
        }
    }

    [Fact]
    public async Task Returns_at_once_when_already_done()
    {
        var script = new Script([("completed", "t0", 0)]);
        using var h = new Harness(script.Respond);
        var r = await h.CallAsync("wait_for_terminal", "{\"terminal_id\":\"27a1cde9\"}");
        Assert.False(r.IsError);
        Assert.True(r.Result.GetProperty("reached").GetBoolean());
        Assert.Equal("completed", r.Str("status"));
        Assert.Equal(["/terminals/27a1cde9", "/terminals/27a1cde9/inbox/messages?status=pending&limit=100"], h.Stub.Requests.Select(x => x.PathAndQuery));
    }

    [Fact]
    public async Task A_leftover_completed_does_not_end_a_wait_for_a_queued_message()
    {
        // completed (old task) with a message pending → delivered, still shows completed (stale) → processing → completed
        var script = new Script([("completed", "t0", 1), ("completed", "t0", 0), ("processing", "t1", 0), ("completed", "t2", 0)]);
        using var h = new Harness(script.Respond);
        var r = await h.CallAsync("wait_for_terminal", "{\"terminal_id\":\"27a1cde9\",\"timeout_seconds\":20}");
        Assert.True(r.Result.GetProperty("reached").GetBoolean());
        Assert.Equal(4, h.Stub.Requests.Count(x => x.PathAndQuery == "/terminals/27a1cde9"));
    }

    [Fact]
    public async Task A_fast_task_is_recognised_by_last_active()
    {
        // the agent finished between two polls: never seen processing, but last_active moved
        var script = new Script([("completed", "t0", 1), ("completed", "t1", 0)]);
        using var h = new Harness(script.Respond);
        var r = await h.CallAsync("wait_for_terminal", "{\"terminal_id\":\"27a1cde9\",\"timeout_seconds\":20}");
        Assert.True(r.Result.GetProperty("reached").GetBoolean());
    }

    [Fact]
    public async Task Timeout_is_a_normal_result()
    {
        var script = new Script([("processing", "t0", 0)]);
        using var h = new Harness(script.Respond);
        var r = await h.CallAsync("wait_for_terminal", "{\"terminal_id\":\"27a1cde9\",\"timeout_seconds\":1}");
        Assert.False(r.IsError);
        Assert.False(r.Result.GetProperty("reached").GetBoolean());
        Assert.Equal("processing", r.Str("status"));
        Assert.Contains("call wait_for_terminal again", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Custom_until_and_validation()
    {
        var script = new Script([("idle", "t0", 0)]);
        using var h = new Harness(script.Respond);
        Assert.True((await h.CallAsync("wait_for_terminal", "{\"terminal_id\":\"27a1cde9\",\"until\":[\"idle\"]}")).Result.GetProperty("reached").GetBoolean());
        Assert.True((await h.CallAsync("wait_for_terminal", "{\"terminal_id\":\"27a1cde9\",\"until\":[\"done\"]}")).IsError);
        Assert.True((await h.CallAsync("wait_for_terminal", "{\"terminal_id\":\"27a1cde9\",\"timeout_seconds\":100000}")).IsError);
    }

    [Fact]
    public async Task Unknown_terminal_is_an_error()
    {
        using var h = new Harness(HttpStatusCode.NotFound, "{\"detail\":\"Terminal 'deadbeef' not found\"}");
        var r = await h.CallAsync("wait_for_terminal", "{\"terminal_id\":\"deadbeef\"}");
        Assert.True(r.IsError);
        Assert.StartsWith("Wait for terminal 'deadbeef' failed: Terminal 'deadbeef' not found", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Waits_by_session_name_for_a_session_with_one_terminal()
    {
        var script = new Script([("completed", "t0", 0)]);
        using var h = new Harness(req => req.RequestUri!.AbsolutePath == "/sessions/cao-solo"
            ? StubHandler.Json(HttpStatusCode.OK, "{\"session\":{},\"terminals\":[{\"id\":\"27a1cde9\"}]}")
            : script.Respond(req));
        var r = await h.CallAsync("wait_for_terminal", "{\"session_name\":\"solo\"}");
        Assert.True(r.Result.GetProperty("reached").GetBoolean(), r.Text());
        Assert.Equal("/sessions/cao-solo", h.Stub.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Needs_a_terminal_or_a_session()
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("wait_for_terminal", "{}");
        Assert.Equal("Provide either terminal_id or session_name", r.Message());
        Assert.Empty(h.Stub.Requests);
    }
}
