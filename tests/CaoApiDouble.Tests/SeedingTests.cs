using System.Diagnostics;
using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>State seeding and inspection, deletion, and the global response delay.</summary>
public sealed class SeedingTests
{
    [Fact]
    public async Task Seeded_sessions_are_visible_through_the_api()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var first = server.SeedSession("cao-seeded");
        var second = server.AddTerminal("cao-seeded", "reviewer", status: "completed");
        var other = server.SeedSession("scratch");

        Assert.Matches("^[0-9a-f]{8}$", first);
        Assert.Equal(["cao-seeded", "scratch"], server.SessionNames);
        Assert.Equal("completed", server.GetTerminalStatus(second));
        Assert.Null(server.GetTerminalStatus("00000000"));
        Assert.Throws<InvalidOperationException>(() => server.SeedSession("cao-seeded"));

        var list = Json((await GetAsync(http, "/sessions")).Body);
        Assert.Equal("cao-seeded", Assert.Single(list.EnumerateArray()).GetProperty("name").GetString());
        var session = Json((await GetAsync(http, "/sessions/cao-seeded")).Body);
        Assert.Equal([first, second], session.GetProperty("terminals").EnumerateArray().Select(t => t.GetProperty("id").GetString()));
        Assert.Equal("completed", session.GetProperty("terminals")[1].GetProperty("status").GetString());
        Assert.Equal(other, Json((await GetAsync(http, "/sessions/scratch")).Body).GetProperty("terminals")[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Set_terminal_output_drives_every_output_route()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var id = server.SeedSession("cao-out");
        server.SetTerminalOutput(id, "line1\nfinal ✓", "final ✓");

        Assert.Equal("{\"output\":\"line1\\nfinal ✓\",\"mode\":\"full\"}", (await GetAsync(http, $"/terminals/{id}/output")).Body);
        Assert.Equal("{\"output\":\"final ✓\",\"mode\":\"last\"}", (await GetAsync(http, $"/terminals/{id}/output?mode=last")).Body);
        Assert.Equal($"{{\"terminal_id\":\"{id}\",\"offset\":6,\"length\":5,\"data\":\"final\"}}", (await GetAsync(http, $"/terminals/{id}/output/range?offset=6&length=5")).Body);
    }

    [Fact]
    public async Task Deleting_sessions_and_terminals_removes_them()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var a = server.SeedSession("cao-del");
        var b = server.AddTerminal("cao-del");

        Assert.Equal((200, "{\"success\":true}"), await DeleteAsync(http, $"/terminals/{b}"));
        Assert.Equal(
            (409, "{\"detail\":\"cleanup deferred for terminal 'abcdef01'; retry delete after residual Grok processes exit\"}"),
            await DeleteAsync(http, "/terminals/abcdef01"));
        Assert.Equal((200, "{\"success\":true,\"deleted\":[\"cao-del\"],\"errors\":[]}"), await DeleteAsync(http, "/sessions/cao-del"));
        Assert.Null(server.GetTerminalStatus(a));
        Assert.Empty(server.SessionNames);
        Assert.Equal((400, "{\"detail\":\"Invalid session_name: 'a.b'\"}"), await DeleteAsync(http, "/sessions/a.b"));
    }

    [Fact]
    public async Task Response_delay_applies_to_every_response()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { ResponseDelay = TimeSpan.FromMilliseconds(200) });
        using var http = Client(server);
        var clock = Stopwatch.StartNew();
        Assert.Equal(200, (await GetAsync(http, "/health")).Status);
        Assert.Equal(404, (await GetAsync(http, "/nope")).Status);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(380), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task Response_delay_does_not_serialise_concurrent_calls()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { ResponseDelay = TimeSpan.FromMilliseconds(200), RecordRequests = false });
        using var http = Client(server);
        var clock = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(_ => GetAsync(http, "/health")));
        Assert.All(results, r => Assert.Equal(200, r.Status));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Long_messages_fit_in_the_query_string()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.Zero });
        using var http = Client(server);
        var id = server.SeedSession("cao-long");
        var message = string.Concat(Enumerable.Repeat("línea ✓ & more\n", 2500));

        var (status, _) = await PostAsync(http, $"/terminals/{id}/inbox/messages?sender_id=cao-ops-mcp&message={Uri.EscapeDataString(message)}");
        Assert.Equal(200, status);
        await Poll.UntilAsync(() => server.GetTerminalStatus(id) == "completed", what: "completed");
        var last = Json((await GetAsync(http, $"/terminals/{id}/output?mode=last")).Body).GetProperty("output").GetString();
        Assert.Equal(message, last);
    }

    [Fact]
    public async Task Providers_are_listed_in_head_order()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var providers = Json((await GetAsync(http, "/agents/providers")).Body);
        Assert.Equal(12, providers.GetArrayLength());
        Assert.Equal("{\"name\":\"kiro_cli\",\"binary\":\"kiro-cli\",\"installed\":true}", providers[0].GetRawText());
    }
}
