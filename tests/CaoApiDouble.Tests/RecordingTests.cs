using System.Text;
using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>Request recording and <see cref="CaoApiDouble.WaitForRequestAsync"/>.</summary>
public sealed class RecordingTests
{
    [Fact]
    public async Task Requests_are_recorded_raw_and_decoded()
    {
        await using var server = await CaoApiDouble.StartAsync();
        var response = await RawHttp.SendAsync(
            server,
            "POST",
            "/sessions/cao-a%2Fb/terminals?agent_profile=dev%20eloper&x=1+2&x=3%26",
            [new("Content-Type", "application/json"), new("X-Custom", "Yes")],
            Encoding.UTF8.GetBytes("{\"initial_message\":\"é\"}"));
        Assert.Equal(404, response.Status);

        var recorded = Assert.Single(server.Requests);
        Assert.Equal("POST", recorded.Method);
        Assert.Equal("/sessions/cao-a%2Fb/terminals?agent_profile=dev%20eloper&x=1+2&x=3%26", recorded.RawTarget);
        Assert.Equal("/sessions/cao-a/b/terminals", recorded.Path);
        Assert.Equal("dev eloper", recorded.Query["agent_profile"]);
        Assert.Equal("3&", recorded.Query["x"]);
        Assert.Equal("{\"initial_message\":\"é\"}", recorded.Body);
        Assert.Equal("application/json", recorded.ContentType);
        Assert.Equal("Yes", recorded.Headers["x-custom"]);
        Assert.Equal(server.BaseUrl.Authority, recorded.Headers["host"]);
    }

    [Fact]
    public async Task Rejected_requests_are_recorded_too_and_can_be_cleared()
    {
        await using var server = await CaoApiDouble.StartAsync();
        await RawHttp.SendAsync(server, "GET", "/health", host: "evil.example");
        using var http = Client(server);
        await GetAsync(http, "/terminals/zzz");

        Assert.Equal(["/health", "/terminals/zzz"], server.Requests.Select(r => r.Path));
        Assert.Null(server.Requests[0].Body);
        server.ClearRequests();
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task Wait_for_request_polls_until_a_match_or_times_out()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var waiting = server.WaitForRequestAsync(r => r.Method == "DELETE", TimeSpan.FromSeconds(5));
        await DeleteAsync(http, "/sessions/cao-gone");

        Assert.Equal("/sessions/cao-gone", (await waiting).Path);
        await Assert.ThrowsAsync<TimeoutException>(() => server.WaitForRequestAsync(r => r.Method == "PUT", TimeSpan.FromMilliseconds(100)));
    }
}
