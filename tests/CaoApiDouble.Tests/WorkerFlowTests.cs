using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>The mock worker: message delivery, processing → completed, pending queue, deferred launch.</summary>
public sealed class WorkerFlowTests
{
    [Fact]
    public async Task Inbox_message_to_an_idle_terminal_is_delivered_and_completes()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromSeconds(1) });
        using var http = Client(server);
        var id = await CreateSessionAsync(http, "cao-flow");

        var (status, body) = await PostAsync(http, $"/terminals/{id}/inbox/messages?sender_id=cao-ops-mcp&message=hello%20world");
        Assert.Equal(200, status);
        var posted = Json(body);
        Assert.Equal(["success", "message_id", "sender_id", "receiver_id", "created_at"], posted.EnumerateObject().Select(p => p.Name));
        Assert.Equal(1, posted.GetProperty("message_id").GetInt32());
        Assert.Equal("processing", server.GetTerminalStatus(id));
        Assert.Equal("processing", Json((await GetAsync(http, $"/terminals/{id}")).Body).GetProperty("status").GetString());

        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "completed", what: "completed");

        Assert.Equal("{\"output\":\"hello world\\r\\n> MOCK: hello world\\r\\n❯ \\r\\n❯ \",\"mode\":\"full\"}", (await GetAsync(http, $"/terminals/{id}/output?mode=full")).Body);
        Assert.Equal("{\"output\":\"hello world\",\"mode\":\"last\"}", (await GetAsync(http, $"/terminals/{id}/output?mode=last")).Body);
        Assert.Equal("{\"output\":\"hello world\\r\\n> MOCK: hello world\\r\\n❯ \\r\\n❯ \",\"mode\":\"full\"}", (await GetAsync(http, $"/terminals/{id}/output")).Body);
        var inbox = Json((await GetAsync(http, $"/terminals/{id}/inbox/messages")).Body);
        Assert.Equal("delivered", inbox[0].GetProperty("status").GetString());
        Assert.Equal("hello world", inbox[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task Messages_to_a_busy_terminal_wait_and_are_delivered_oldest_first()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(20) });
        using var http = Client(server);
        var id = server.SeedSession("cao-busy", status: "processing");

        await PostAsync(http, $"/terminals/{id}/inbox/messages?sender_id=s&message=one");
        await PostAsync(http, $"/terminals/{id}/inbox/messages?sender_id=s&message=two");
        var pending = Json((await GetAsync(http, $"/terminals/{id}/inbox/messages?status=pending")).Body);
        Assert.Equal(2, pending.GetArrayLength());
        Assert.Equal("processing", server.GetTerminalStatus(id));

        server.SetTerminalStatus(id, "idle");
        await Poll.UntilAsync(
            async () => Json((await GetAsync(http, $"/terminals/{id}/inbox/messages?status=delivered")).Body).GetArrayLength(),
            n => n == 2,
            what: "both delivered");
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "completed", what: "completed");

        Assert.Equal("{\"output\":\"two\",\"mode\":\"last\"}", (await GetAsync(http, $"/terminals/{id}/output?mode=last")).Body);
        var range = Json((await GetAsync(http, $"/terminals/{id}/output/range?offset=0&length=100000")).Body).GetProperty("data").GetString()!;
        Assert.True(range.IndexOf("> MOCK: one", StringComparison.Ordinal) < range.IndexOf("> MOCK: two", StringComparison.Ordinal));
        Assert.StartsWith("\r\n\u001b[?2004l\r", range, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Initial_message_launch_answers_unknown_then_runs_the_message()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.FromMilliseconds(200) });
        using var http = Client(server);
        var (status, body) = await PostAsync(http, "/sessions?provider=mock_cli&agent_profile=developer&session_name=deferred", "{\"initial_message\":\"build it\"}");

        Assert.Equal(201, status);
        var terminal = Json(body);
        Assert.Equal("unknown", terminal.GetProperty("status").GetString());
        Assert.Equal("cao-deferred", terminal.GetProperty("session_name").GetString());
        var id = terminal.GetProperty("id").GetString()!;
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "completed", what: "completed");
        Assert.Equal("{\"output\":\"build it\",\"mode\":\"last\"}", (await GetAsync(http, $"/terminals/{id}/output?mode=last")).Body);
        Assert.Equal("[]", (await GetAsync(http, $"/terminals/{id}/inbox/messages")).Body);
    }

    [Fact]
    public async Task Synchronous_launch_blocks_for_the_create_delay_and_answers_idle()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.FromMilliseconds(300) });
        using var http = Client(server);
        var started = DateTime.UtcNow;
        var (status, body) = await PostAsync(http, "/sessions?provider=mock_cli&agent_profile=developer&session_name=sync");

        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(280));
        Assert.Equal(201, status);
        Assert.Equal("idle", Json(body).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Direct_input_runs_the_worker_and_an_error_terminal_refuses_it()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(10) });
        using var http = Client(server);
        var id = server.SeedSession("cao-input");

        Assert.Equal((200, "{\"success\":true}"), await PostAsync(http, $"/terminals/{id}/input?message=ping"));
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "completed", what: "completed");

        server.SetTerminalStatus(id, "error");
        Assert.Equal(
            (409, $"{{\"detail\":\"Terminal {id} provider is in ERROR state (provider process may have exited). Refusing to deliver input.\"}}"),
            await PostAsync(http, $"/terminals/{id}/input?message=ping"));
    }
}
