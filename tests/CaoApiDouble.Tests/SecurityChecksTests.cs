using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>Host check, Origin check, routing (404/405/redirect) and the bound address.</summary>
public sealed class SecurityChecksTests
{
    [Fact]
    public async Task A_foreign_host_header_gets_400_plain_text_even_on_health()
    {
        await using var server = await CaoApiDouble.StartAsync();
        var response = await RawHttp.SendAsync(server, "GET", "/health", host: "evil.example:9889");

        Assert.Equal(400, response.Status);
        Assert.Equal("text/plain; charset=utf-8", response.Header("content-type"));
        Assert.Equal("Invalid host header", response.Text);
        Assert.Equal(200, (await RawHttp.SendAsync(server, "GET", "/health", host: "localhost:9889")).Status);
        Assert.Equal(400, (await RawHttp.SendAsync(server, "GET", "/health", host: "[::1]:9889")).Status);
    }

    [Fact]
    public async Task The_bound_ip_is_an_accepted_host_and_other_loopback_ips_are_not()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Host = "127.0.0.2" });
        Assert.Equal($"http://127.0.0.2:{server.BaseUrl.Port}", server.BaseAddress);
        using var http = Client(server);

        Assert.Equal(200, (await GetAsync(http, "/health")).Status);
        Assert.Equal(400, (await RawHttp.SendAsync(server, "GET", "/health", host: "127.0.0.3")).Status);
    }

    [Fact]
    public async Task Base_address_has_no_trailing_slash_and_uses_an_ephemeral_port()
    {
        await using var server = await CaoApiDouble.StartAsync();
        Assert.NotEqual(0, server.BaseUrl.Port);
        Assert.Equal($"http://127.0.0.1:{server.BaseUrl.Port}", server.BaseAddress);
        Assert.Equal(server.BaseAddress + "/", server.BaseUrl.ToString());
    }

    [Fact]
    public async Task A_cross_origin_state_change_is_blocked_but_reads_and_same_origin_pass()
    {
        await using var server = await CaoApiDouble.StartAsync();
        var evil = new[] { new KeyValuePair<string, string>("Origin", "http://evil.example") };

        var blocked = await RawHttp.SendAsync(server, "DELETE", "/sessions/cao-x", evil);
        Assert.Equal(403, blocked.Status);
        Assert.Equal("{\"detail\":\"Cross-origin request blocked\"}", blocked.Text);
        Assert.Equal(403, (await RawHttp.SendAsync(server, "POST", "/no/such/route", evil)).Status);
        Assert.Equal(200, (await RawHttp.SendAsync(server, "GET", "/sessions", evil)).Status);

        var same = new[] { new KeyValuePair<string, string>("Origin", server.BaseAddress) };
        Assert.Equal(200, (await RawHttp.SendAsync(server, "DELETE", "/sessions/cao-x", same)).Status);
    }

    [Fact]
    public async Task Routing_answers_404_405_and_redirects_a_trailing_slash()
    {
        await using var server = await CaoApiDouble.StartAsync();

        Assert.Equal("{\"detail\":\"Not Found\"}", (await RawHttp.SendAsync(server, "GET", "/nope")).Text);
        var wrongMethod = await RawHttp.SendAsync(server, "PATCH", "/terminals/deadbeef");
        Assert.Equal(405, wrongMethod.Status);
        Assert.Equal("{\"detail\":\"Method Not Allowed\"}", wrongMethod.Text);

        var redirect = await RawHttp.SendAsync(server, "GET", "/sessions/?x=1");
        Assert.Equal(307, redirect.Status);
        Assert.Equal($"http://{server.BaseUrl.Authority}/sessions?x=1", redirect.Header("location"));

        // %2F decodes to '/', so the name spans two segments and no route matches
        Assert.Equal(404, (await RawHttp.SendAsync(server, "DELETE", "/sessions/cao-a%2Fb")).Status);
        Assert.Equal("{\"detail\":\"Invalid session_name: '..'\"}", (await RawHttp.SendAsync(server, "GET", "/sessions/%2e%2e/terminals")).Text);
    }
}
