using System.Diagnostics;
using System.Text.Json;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>Fault injection rules.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task A_status_fault_answers_instead_of_the_handler_for_its_times()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.AddFault(new FaultRule("GET", "/sessions", FaultKind.Status) { StatusCode = 503, Body = "{\"detail\":\"busy\"}", ContentType = "application/json", Times = 1 });

        using (var response = await http.GetAsync("/sessions"))
        {
            Assert.Equal(503, (int)response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("{\"detail\":\"busy\"}", await response.Content.ReadAsStringAsync());
        }

        Assert.Equal((200, "[]"), await GetAsync(http, "/sessions"));
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task Rules_match_method_and_decoded_path_prefix_and_can_be_cleared()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.AddFault(new FaultRule("POST", "/terminals/", FaultKind.Status));
        server.AddFault(new FaultRule("*", "/agents/profiles/dev", FaultKind.Status) { StatusCode = 502 });

        Assert.Equal((500, "Internal Server Error"), await PostAsync(http, "/terminals/deadbeef/inbox/messages?sender_id=a&message=b"));
        Assert.Equal(404, (await GetAsync(http, "/terminals/deadbeef")).Status);
        Assert.Equal(502, (await GetAsync(http, "/agents/profiles/%64eveloper")).Status);

        server.ClearFaults();
        Assert.Equal(404, (await PostAsync(http, "/terminals/deadbeef/inbox/messages?sender_id=a&message=b")).Status);
    }

    [Fact]
    public async Task Invalid_json_and_huge_body_faults()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.AddFault(new FaultRule("GET", "/terminals/", FaultKind.InvalidJson));
        server.AddFault(new FaultRule("GET", "/sessions", FaultKind.HugeBody) { Size = 1024 * 1024 });

        using (var response = await http.GetAsync("/terminals/deadbeef"))
        {
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal("{\"id\": \"27a1", text);
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        }

        var huge = await http.GetByteArrayAsync("/sessions");
        Assert.Equal(1024 * 1024, huge.Length);
        using var parsed = JsonDocument.Parse(huge);
        Assert.Equal(JsonValueKind.String, parsed.RootElement.ValueKind);
    }

    [Fact]
    public async Task Close_connection_fault_aborts_the_exchange()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.AddFault(new FaultRule("*", "/", FaultKind.CloseConnection) { Times = 1 });

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/health"));
        Assert.Equal(200, (await GetAsync(http, "/health")).Status);
    }

    [Fact]
    public async Task Delay_and_trickle_faults_slow_down_the_normal_answer()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var normal = (await GetAsync(http, "/health")).Body;
        server.AddFault(new FaultRule("GET", "/health", FaultKind.Delay) { Delay = TimeSpan.FromMilliseconds(250), Times = 1 });
        server.AddFault(new FaultRule("GET", "/health", FaultKind.Trickle) { Delay = TimeSpan.FromMilliseconds(20), ChunkSize = 16, Times = 1 });

        var clock = Stopwatch.StartNew();
        Assert.Equal((200, normal), await GetAsync(http, "/health"));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(230), clock.Elapsed.ToString());

        clock.Restart();
        Assert.Equal((200, normal), await GetAsync(http, "/health"));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(150), clock.Elapsed.ToString());
    }

    [Fact]
    public async Task A_hang_lasts_until_the_client_gives_up_and_does_not_block_dispose()
    {
        var server = await CaoApiDouble.StartAsync();
        server.AddFault(new FaultRule("GET", "/sessions", FaultKind.Hang));
        using (var impatient = Client(server, TimeSpan.FromMilliseconds(300)))
        {
            await Assert.ThrowsAsync<TaskCanceledException>(() => impatient.GetAsync("/sessions"));
        }

        using var patient = Client(server, TimeSpan.FromSeconds(30));
        var pending = patient.GetAsync("/sessions");
        await server.WaitForRequestAsync(r => r.Path == "/sessions" && server.Requests.Count(x => x.Path == "/sessions") == 2, TimeSpan.FromSeconds(5));

        var clock = Stopwatch.StartNew();
        await server.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), clock.Elapsed.ToString());
        await Assert.ThrowsAnyAsync<Exception>(() => pending);
    }
}
