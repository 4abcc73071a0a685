using System.Text;
using CaoOps.Mcp;
using CaoOps.Tests.Support;
using ModelContextProtocol.Protocol;

namespace CaoOps.Tests.Mcp;

/// <summary>The stdin-EOF drain: it ends when every request read has been answered, never on a clock alone.</summary>
public class RequestTrackerTests
{
    private static readonly TimeSpan Never = TimeSpan.FromMinutes(5);

    private static void Observe(RequestTracker tracker, string line) => tracker.Observe(Encoding.UTF8.GetBytes(line));

    [Fact]
    public async Task Nothing_pending_drains_at_once_and_abandons_nothing()
    {
        using var tracker = new RequestTracker();
        Observe(tracker, """{"jsonrpc":"2.0","id":1,"method":"ping"}""");
        tracker.Answered(new RequestId(1L));
        await tracker.DrainAsync(TimeSpan.Zero, Never, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.False(tracker.Abandoned.IsCancellationRequested);
    }

    [Fact]
    public async Task The_drain_waits_for_every_answer_however_long_it_takes()
    {
        using var tracker = new RequestTracker();
        Observe(tracker, """{"jsonrpc":"2.0","id":"a","method":"tools/list"}""");
        Observe(tracker, """{"jsonrpc":"2.0","id":7,"method":"tools/call","params":{"name":"list_sessions","arguments":{}}}""");
        Observe(tracker, """{"jsonrpc":"2.0","id":7,"method":"ping"}"""); // a reused id is answered twice

        // A grace of zero: calls still running are told to stop at once, but the drain still waits for their answers.
        var drain = tracker.DrainAsync(TimeSpan.Zero, Never, CancellationToken.None);
        await Poll.UntilAsync(() => tracker.Abandoned.IsCancellationRequested, TimeSpan.FromSeconds(30));
        tracker.Answered(new RequestId("a"));
        tracker.Answered(new RequestId(7L));
        tracker.Answered(new RequestId("unknown")); // an answer to nothing tracked changes nothing
        Assert.False(drain.IsCompleted);
        tracker.Answered(new RequestId(7L));
        await drain.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Only_what_the_sdk_reads_as_a_request_is_awaited()
    {
        using var tracker = new RequestTracker();
        Observe(tracker, """{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        Observe(tracker, """{"jsonrpc":"2.0","id":{"not":"an id"},"method":"ping"}""");
        Observe(tracker, """{"jsonrpc":"2.0","id":3,"method":"ping""");
        Observe(tracker, "not json at all");
        Observe(tracker, """{"jsonrpc":"2.0","id":4,"result":{}}""");
        await tracker.DrainAsync(TimeSpan.Zero, Never, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_request_the_client_cancelled_is_not_awaited()
    {
        // The SDK sends no answer to a request cancelled by notifications/cancelled.
        using var tracker = new RequestTracker();
        Observe(tracker, """{"jsonrpc":"2.0","id":9,"method":"tools/call","params":{"name":"list_sessions","arguments":{}}}""");
        Observe(tracker, """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":9,"reason":"user"}}""");
        await tracker.DrainAsync(TimeSpan.FromMinutes(1), Never, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task The_backstop_ends_a_drain_whose_answer_never_comes()
    {
        using var tracker = new RequestTracker();
        Observe(tracker, """{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":{}}}""");
        await tracker.DrainAsync(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
