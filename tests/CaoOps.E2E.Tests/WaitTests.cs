using System.Diagnostics;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol;

namespace CaoOps.E2E.Tests;

public class WaitTests
{
    private sealed class Collect : IProgress<ProgressNotificationValue>
    {
        private readonly List<ProgressNotificationValue> _items = [];

        public IReadOnlyList<ProgressNotificationValue> Items
        {
            get
            {
                lock (_items)
                {
                    return [.. _items];
                }
            }
        }

        public void Report(ProgressNotificationValue value)
        {
            lock (_items)
            {
                _items.Add(value);
            }
        }
    }

    [Fact]
    public async Task A_worker_driven_to_completion_is_awaited_with_progress()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(600) });
        var terminal = api.SeedSession("cao-wait", status: "completed"); // a leftover 'completed' from an earlier task
        await using var mcp = await McpHarness.StartAsync(api);
        var send = await mcp.CallAsync("send_session_message", new { terminal_id = terminal, message = "next task" });
        var progress = new Collect();
        var r = await mcp.CallAsync("wait_for_terminal", new { terminal_id = terminal, after_message_id = send.Json().GetProperty("message_id").GetInt64(), timeout_seconds = 20 }, progress);
        Assert.False(r.IsError, r.Text());
        Assert.True(r.Json().GetProperty("reached").GetBoolean());
        Assert.Equal("completed", r.Str("status"));
        Assert.True(r.Json().GetProperty("elapsed_seconds").GetDouble() >= 0.3, r.Text()); // the stale 'completed' did not end it
        var deadline = DateTime.UtcNow.AddSeconds(5);
        while (progress.Items.Count < 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Contains(progress.Items, p => p.Message!.Contains("processing", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_launched_session_is_awaited_by_name()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await McpHarness.StartAsync(api);
        var launch = await mcp.CallAsync("launch_session", new { agent_profile = "developer", provider = "mock_cli", session_name = "byname", initial_message = "go" });
        Assert.False(launch.IsError, launch.Text());
        var r = await mcp.CallAsync("wait_for_terminal", new { session_name = "byname", timeout_seconds = 20 });
        Assert.True(r.Json().GetProperty("reached").GetBoolean(), r.Text());
        Assert.Equal(launch.Str("terminal_id"), r.Json().GetProperty("terminal").GetProperty("id").GetString());
    }

    [Fact]
    public async Task Timeout_returns_reached_false()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var terminal = api.SeedSession("cao-busy", status: "processing");
        await using var mcp = await McpHarness.StartAsync(api);
        var r = await mcp.CallAsync("wait_for_terminal", new { terminal_id = terminal, timeout_seconds = 1 });
        Assert.False(r.IsError);
        Assert.False(r.Json().GetProperty("reached").GetBoolean());
    }

    [Fact]
    public async Task Cancellation_stops_the_wait_within_200_ms()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var terminal = api.SeedSession("cao-cancel", status: "processing");
        await using var mcp = await McpHarness.StartAsync(api);
        using var cts = new CancellationTokenSource();
        var call = mcp.CallAsync("wait_for_terminal", new { terminal_id = terminal, timeout_seconds = 60 }, ct: cts.Token);
        await api.WaitForRequestAsync(r => r.Path == $"/terminals/{terminal}", TimeSpan.FromSeconds(10));
        await Task.Delay(1500); // let the backoff reach its 1 s ceiling, the worst case for stopping
        cts.Cancel();
        var cancelledAt = Stopwatch.GetTimestamp();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        // The server must stop polling: no status request may start later than 200 ms after the cancel
        // (its backoff would poll again within 1 s, so 1.5 s of silence shows the wait really ended).
        await Task.Delay(TimeSpan.FromMilliseconds(200) - Stopwatch.GetElapsedTime(cancelledAt) is { Ticks: > 0 } rest ? rest : TimeSpan.Zero);
        var before = api.Requests.Count;
        await Task.Delay(1500);
        var late = api.Requests.Skip(before).Count(r => r.Path == $"/terminals/{terminal}");
        Assert.True(late == 0, $"{late} polls more than 200 ms after cancellation");
        Assert.NotEmpty(await mcp.Client.ListToolsAsync());
    }
}
