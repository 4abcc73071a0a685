using CaoOps.Resources;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Resources;

public class ResourceWatcherTests
{
    private static readonly TimeSpan Fast = TimeSpan.FromMilliseconds(100);

    /// <summary>A listener that records what it is told.</summary>
    private sealed class Recorder
    {
        private readonly List<(string Method, string? Uri)> _seen = [];

        public Recorder() => Listener = new WatchListener((method, uri) =>
        {
            lock (_seen)
            {
                _seen.Add((method, uri));
            }

            return Task.CompletedTask;
        });

        public WatchListener Listener { get; }

        public IReadOnlyList<(string Method, string? Uri)> Seen
        {
            get
            {
                lock (_seen)
                {
                    return [.. _seen];
                }
            }
        }

        public async Task WaitForAsync(string method, string? uri)
        {
            var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
            while (!Seen.Contains((method, uri)))
            {
                Assert.True(DateTime.UtcNow < deadline, $"no {method} {uri}; seen: {string.Join(", ", Seen)}");
                await Task.Delay(20);
            }
        }
    }

    [Fact]
    public async Task A_status_change_is_reported_to_the_subscriber_and_nothing_after_unsubscribe()
    {
        await using var cao = await LiveCao.StartAsync();
        var a = cao.Api.SeedSession("cao-a");
        var b = cao.Api.SeedSession("cao-b");
        await using var watcher = new ResourceWatcher(cao.Client, interval: Fast);
        var one = new Recorder();
        var two = new Recorder();
        await watcher.SubscribeAsync(one.Listener, $"cao://terminals/{a}", CaoUri.Terminal(a));
        await watcher.SubscribeAsync(two.Listener, $"cao://terminals/{b}/output", CaoUri.Output(b));

        cao.Api.SetTerminalStatus(a, "processing");
        await one.WaitForAsync(ResourceWatcher.UpdatedMethod, $"cao://terminals/{a}");
        Assert.Empty(two.Seen); // b did not change

        await watcher.UnsubscribeAsync(one.Listener, $"cao://terminals/{a}");
        cao.Api.SetTerminalStatus(a, "completed");
        cao.Api.SetTerminalStatus(b, "processing");
        await two.WaitForAsync(ResourceWatcher.UpdatedMethod, $"cao://terminals/{b}/output"); // the poll that saw both changes is done
        Assert.Single(one.Seen);

        await watcher.UnsubscribeAsync(two.Listener, $"cao://terminals/{b}/output");
        Assert.False(watcher.Running);
    }

    [Fact]
    public async Task Sessions_coming_and_going_update_cao_sessions_and_change_the_list()
    {
        await using var cao = await LiveCao.StartAsync();
        cao.Api.SeedSession("cao-a");
        await using var watcher = new ResourceWatcher(cao.Client, interval: Fast);
        var rec = new Recorder();
        watcher.WatchList(rec.Listener);
        await watcher.SubscribeAsync(rec.Listener, "cao://sessions", CaoUri.Sessions);

        cao.Api.SeedSession("cao-b");
        await rec.WaitForAsync(ResourceWatcher.UpdatedMethod, "cao://sessions");
        await rec.WaitForAsync(ResourceWatcher.ListChangedMethod, null);
    }

    [Fact]
    public async Task The_poller_runs_only_while_something_is_watched_and_stops_on_dispose()
    {
        await using var cao = await LiveCao.StartAsync();
        var watcher = new ResourceWatcher(cao.Client, interval: Fast);
        Assert.False(watcher.Running);
        Assert.Empty(cao.Api.Requests);

        var rec = new Recorder();
        await watcher.SubscribeAsync(rec.Listener, "cao://sessions", CaoUri.Sessions);
        Assert.True(watcher.Running);
        Assert.Contains(cao.Api.Requests, r => r.Path == "/sessions"); // the baseline was read before subscribe returned

        await watcher.DisposeAsync();
        Assert.False(watcher.Running);
        var count = cao.Api.Requests.Count;
        await watcher.SubscribeAsync(rec.Listener, "cao://sessions", CaoUri.Sessions); // after dispose: ignored
        Assert.False(watcher.Running);
        Assert.Equal(count, cao.Api.Requests.Count);
    }

    [Fact]
    public async Task While_cao_server_is_down_subscribing_still_answers_and_nothing_is_sent()
    {
        using var client = LiveCao.Unreachable();
        await using var watcher = new ResourceWatcher(client, interval: Fast);
        var rec = new Recorder();
        await watcher.SubscribeAsync(rec.Listener, "cao://sessions", CaoUri.Sessions).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(watcher.Running);
        Assert.Empty(rec.Seen);
    }
}
