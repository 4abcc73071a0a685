using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CaoOps.Testing;
using ModelContextProtocol.Client;

namespace CaoOps.E2E.Tests.Http;

/// <summary>serve --http as an OAuth 2.1 resource server: bearer JWTs from a JWKS generated here, PRM, scopes.</summary>
public sealed class AuthorizationTests : IAsyncLifetime
{
    private const string Initialize = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"raw","version":"1"}}}""";

    private readonly TestIssuer _issuer = new();
    private readonly HttpClient _http = new();
    private CaoApiDouble _api = null!;
    private HttpServerProcess _server = null!;

    private string Audience => _server.Endpoint.ToString();

    public async Task InitializeAsync()
    {
        _api = await CaoApiDouble.StartAsync();
        _server = await HttpServerProcess.StartAsync(_api.BaseAddress, _issuer.Environment(), "--toolsets", "all");
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _api.DisposeAsync();
        _http.Dispose();
        _issuer.Dispose();
    }

    private async Task<HttpResponseMessage> PostAsync(string? token, string body = Initialize, string? session = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _server.Endpoint) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (session is not null)
        {
            request.Headers.Add("Mcp-Session-Id", session);
            request.Headers.Add("MCP-Protocol-Version", "2025-11-25");
        }

        return await _http.SendAsync(request);
    }

    private Task<McpClient> ConnectAsync(string token) =>
        _server.ConnectAsync(headers: new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" });

    [Fact]
    public async Task Without_a_token_the_answer_is_401_pointing_at_the_resource_metadata_which_is_served()
    {
        using var response = await PostAsync(null);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        var metadataUrl = $"http://127.0.0.1:{_server.Port}/.well-known/oauth-protected-resource/mcp";
        Assert.Contains($"resource_metadata=\"{metadataUrl}\"", challenge, StringComparison.Ordinal);

        foreach (var url in new[] { metadataUrl, $"http://127.0.0.1:{_server.Port}/.well-known/oauth-protected-resource" })
        {
            using var prm = JsonDocument.Parse(await _http.GetStringAsync(new Uri(url)));
            Assert.Equal(Audience, prm.RootElement.GetProperty("resource").GetString());
            Assert.Equal([TestIssuer.Issuer], prm.RootElement.GetProperty("authorization_servers").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["cao:read", "cao:write", "cao:admin"], prm.RootElement.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()));
        }

        // healthz needs no token
        Assert.Contains("\"status\":\"ok\"", await _http.GetStringAsync(new Uri(_server.Root, "healthz")), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> Refused => new()
    {
        { "expired", "expired" },
        { "not-yet-valid", "not valid yet" },
        { "wrong-issuer", "issuer" },
        { "wrong-audience", "audience" },
        { "tampered", "signature" },
        { "alg-none", "alg 'none'" },
        { "hmac-with-public-key", "alg 'HS256'" },
        { "unknown-key", "not in the key set" },
        { "no-exp", "no exp" },
        { "garbage", "not a signed JWT" },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Bad_tokens_are_refused_with_401_invalid_token(string kind, string reason)
    {
        var claims = TestIssuer.Claims(Audience, "cao:admin");
        var token = kind switch
        {
            "expired" => _issuer.Sign(Set(claims, "exp", TestIssuer.Now - 3600)),
            "not-yet-valid" => _issuer.Sign(Set(claims, "nbf", TestIssuer.Now + 3600)),
            "wrong-issuer" => _issuer.Sign(Set(claims, "iss", "https://other.test")),
            "wrong-audience" => _issuer.Sign(Set(claims, "aud", "https://elsewhere.test/mcp")),
            "tampered" => Tamper(_issuer.Sign(TestIssuer.Claims(Audience, "cao:read"))),
            "alg-none" => _issuer.Sign(claims, "none"),
            "hmac-with-public-key" => _issuer.Sign(claims, "HS256"),
            "unknown-key" => _issuer.Sign(claims, "RS256", "rsa-unknown"),
            "no-exp" => _issuer.Sign(Remove(claims, "exp")),
            _ => "not-a-jwt",
        };
        using var response = await PostAsync(token);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var challenge = response.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"invalid_token\"", challenge, StringComparison.Ordinal);
        Assert.Contains("resource_metadata=", challenge, StringComparison.Ordinal);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(reason, body.RootElement.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(token, _server.StderrText(), StringComparison.Ordinal);
    }

    private static JsonObject Set(JsonObject claims, string name, JsonNode value)
    {
        claims[name] = value;
        return claims;
    }

    private static JsonObject Remove(JsonObject claims, string name)
    {
        claims.Remove(name);
        return claims;
    }

    /// <summary>Swaps the payload for one claiming cao:admin, keeping the signature.</summary>
    private string Tamper(string token)
    {
        var parts = token.Split('.');
        var forged = TestIssuer.B64(Encoding.UTF8.GetBytes(TestIssuer.Claims(Audience, "cao:admin").ToJsonString()));
        return $"{parts[0]}.{forged}.{parts[2]}";
    }

    [Fact]
    public async Task Scopes_decide_the_listed_tools_and_a_call_beyond_them_is_403_naming_the_scope()
    {
        await using var reader = await ConnectAsync(_issuer.Sign(TestIssuer.Claims(Audience, "cao:read"), "ES256"));
        await using var writer = await ConnectAsync(_issuer.Sign(TestIssuer.Claims(Audience, "cao:write")));
        await using var admin = await ConnectAsync(_issuer.Sign(TestIssuer.Claims(Audience, "openid cao:admin")));
        var read = await reader.ListToolsAsync();
        var write = await writer.ListToolsAsync();
        var all = await admin.ListToolsAsync();
        Assert.All(read, t => Assert.True(t.ProtocolTool.Annotations!.ReadOnlyHint, t.Name));
        Assert.All(write, t => Assert.False(t.ProtocolTool.Annotations!.DestructiveHint == true, t.Name));
        Assert.True(read.Count < write.Count && write.Count < all.Count, $"{read.Count} < {write.Count} < {all.Count}");
        Assert.Contains(all, t => t.Name == "shutdown_session");
        Assert.DoesNotContain(write, t => t.Name == "shutdown_session");

        // A reader calling a state-changing tool: 403 insufficient_scope naming cao:write.
        var token = _issuer.Sign(TestIssuer.Claims(Audience, "cao:read"));
        using var init = await PostAsync(token);
        Assert.Equal(HttpStatusCode.OK, init.StatusCode);
        var session = init.Headers.GetValues("Mcp-Session-Id").Single();
        using var call = await PostAsync(token, """{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"launch_session","arguments":{"agent_profile":"developer"}}}""", session);
        Assert.Equal(HttpStatusCode.Forbidden, call.StatusCode);
        var challenge = call.Headers.WwwAuthenticate.ToString();
        Assert.Contains("error=\"insufficient_scope\"", challenge, StringComparison.Ordinal);
        Assert.Contains("scope=\"cao:write\"", challenge, StringComparison.Ordinal);
        Assert.DoesNotContain(_api.Requests, r => r.Method == "POST");
    }

    [Fact]
    public async Task A_token_without_any_cao_scope_is_403_and_the_client_token_never_reaches_cao_server()
    {
        using var none = await PostAsync(_issuer.Sign(TestIssuer.Claims(Audience, "openid profile")));
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Contains("scope=\"cao:read\"", none.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        var token = _issuer.Sign(TestIssuer.Claims(Audience, "cao:admin"));
        await using var client = await ConnectAsync(token);
        Assert.False((await client.CallToolAsync("list_sessions", new Dictionary<string, object?>())).IsError);
        Assert.NotEmpty(_api.Requests);
        Assert.All(_api.Requests, r => Assert.DoesNotContain(r.Headers.Values, v => v.Contains(token[..40], StringComparison.Ordinal)));
    }
}
