using System.Net;
using System.Net.Sockets;
using CaoOps.Cao;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Cao;

public class CaoClientTests
{
    private static readonly ApiRequest Get = new(HttpMethod.Get, "/sessions", "List sessions");

    [Fact]
    public async Task Sends_bearer_token_and_never_an_origin()
    {
        var stub = new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, "[]"));
        using var client = new CaoClient(Harness.DefaultSettings with { Token = "tok-123" }, stub);
        await client.SendAsync(Get, CancellationToken.None);
        var headers = stub.Requests.Single().Headers;
        Assert.Equal("Bearer tok-123", headers["authorization"]);
        Assert.False(headers.ContainsKey("origin"));
    }

    [Fact]
    public async Task No_token_means_no_authorization_header()
    {
        var stub = new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, "[]"));
        using var client = new CaoClient(Harness.DefaultSettings, stub);
        await client.SendAsync(Get, CancellationToken.None);
        Assert.False(stub.Requests.Single().Headers.ContainsKey("authorization"));
    }

    [Fact]
    public async Task Unreachable_server_says_what_to_do()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = new CaoClient(new CaoSettings { BaseUrl = new Uri($"http://127.0.0.1:{port}") });
        var r = await client.SendAsync(Get, CancellationToken.None);
        Assert.Equal(ApiFailure.Unreachable, r.Failure);
        Assert.Equal($"List sessions failed: CAO server not reachable at http://127.0.0.1:{port} — is `cao-server` running? (connection refused; set CAO_API_URL or CAO_API_HOST/CAO_API_PORT if it listens elsewhere)", r.Error);
    }

    [Fact]
    public async Task A_hung_server_times_out_with_the_setting_to_raise()
    {
        var stub = new StubHandler(_ => throw new InvalidOperationException("unused"));
        using var client = new CaoClient(Harness.DefaultSettings with { RequestTimeout = TimeSpan.FromMilliseconds(100) }, new HangingHandler());
        var r = await client.SendAsync(Get, CancellationToken.None);
        Assert.Equal(ApiFailure.Timeout, r.Failure);
        Assert.Equal("List sessions failed: CAO server at http://127.0.0.1:9889 did not answer within 0.1 s. If the operation is legitimately slow, raise CAO_OPS_TIMEOUT (seconds).", r.Error);
    }

    [Fact]
    public async Task Caller_cancellation_is_not_reported_as_a_timeout()
    {
        using var client = new CaoClient(Harness.DefaultSettings, new HangingHandler());
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.SendAsync(Get, cts.Token));
    }

    [Fact]
    public async Task Invalid_json_on_success_is_a_failure()
    {
        using var client = new CaoClient(Harness.DefaultSettings, new StubHandler(_ => StubHandler.Json(HttpStatusCode.OK, "{\"id\": \"27a1")));
        var r = await client.SendAsync(Get, CancellationToken.None);
        Assert.Equal(ApiFailure.InvalidJson, r.Failure);
        Assert.StartsWith("List sessions failed: invalid JSON response (", r.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_bodies_are_refused()
    {
        using var client = new CaoClient(Harness.DefaultSettings, new StubHandler(_ => new HttpResponseMessage(HttpStatusCode.OK)
        {
            Content = new ByteArrayContent(new byte[CaoClient.MaxResponseBytes + 1]),
        }));
        var r = await client.SendAsync(Get, CancellationToken.None);
        Assert.Equal(ApiFailure.TooLarge, r.Failure);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, "{\"detail\":\"missing bearer token\"}", "List sessions failed: missing bearer token — cao-server requires a bearer token: set CAO_AUTH_LOCAL_TOKEN")]
    [InlineData(HttpStatusCode.Forbidden, "{\"detail\":\"Forbidden: requires one of ['cao:admin']\"}", "— this operation needs a token with cao:admin; the token in CAO_AUTH_LOCAL_TOKEN has not")]
    [InlineData(HttpStatusCode.Forbidden, "{\"detail\":\"Forbidden: requires one of ['cao:write', 'cao:admin']\"}", "needs a token with cao:write or cao:admin; the token in CAO_AUTH_LOCAL_TOKEN has neither (`cao-ops doctor` shows its scopes)")]
    [InlineData(HttpStatusCode.BadRequest, "Invalid host header", "CAO_ALLOWED_HOSTS")]
    public async Task Auth_and_host_errors_carry_a_hint(HttpStatusCode status, string body, string expected)
    {
        using var client = new CaoClient(Harness.DefaultSettings, new StubHandler(_ => body.StartsWith('{') ? StubHandler.Json(status, body) : StubHandler.Text(status, body)));
        var r = await client.SendAsync(Get, CancellationToken.None);
        Assert.Contains(expected, r.Error, StringComparison.Ordinal);
    }

    private sealed class HangingHandler : HttpMessageHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            throw new InvalidOperationException("unreachable");
        }
    }
}
