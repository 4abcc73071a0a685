using System.Net.Http.Headers;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary><see cref="CaoApiDoubleOptions.RequiredToken"/>: bearer checks and their place in the order of checks.</summary>
public sealed class AuthTests
{
    private const string Token = "s3cr3t-token";

    [Fact]
    public async Task Missing_and_wrong_tokens_get_401_with_www_authenticate()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = Token });
        using var http = Client(server);

        using (var response = await http.GetAsync("/sessions"))
        {
            Assert.Equal(401, (int)response.StatusCode);
            Assert.Equal("{\"detail\":\"missing bearer token\"}", await response.Content.ReadAsStringAsync());
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }

        foreach (var (header, expected) in new[]
                 {
                     ("Bearer nope", "{\"detail\":\"invalid token: Not enough segments\"}"),
                     ("Bearer a.b.c", "{\"detail\":\"invalid token: Signature verification failed\"}"),
                     ("Basic " + Token, "{\"detail\":\"missing bearer token\"}"),
                     ("Bearer", "{\"detail\":\"missing bearer token\"}"),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/agents/profiles");
            request.Headers.TryAddWithoutValidation("Authorization", header);
            using var response = await http.SendAsync(request);
            Assert.Equal(401, (int)response.StatusCode);
            Assert.Equal(expected, await response.Content.ReadAsStringAsync());
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        }
    }

    [Fact]
    public async Task A_valid_token_passes_and_health_needs_none()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = Token });
        using var http = Client(server);
        Assert.Equal(200, (await GetAsync(http, "/health")).Status);

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("bearer", Token);
        Assert.Equal((200, "[]"), await GetAsync(http, "/sessions"));
        Assert.Equal(201, (await PostAsync(http, "/sessions?provider=mock_cli&agent_profile=developer&session_name=authed")).Status);
    }

    [Fact]
    public async Task Auth_is_checked_after_routing_but_before_parameter_validation()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = Token });
        using var http = Client(server);

        Assert.Equal(401, (await GetAsync(http, "/terminals/not-an-id")).Status);
        Assert.Equal((404, "{\"detail\":\"Not Found\"}"), await GetAsync(http, "/no/such/route"));
        Assert.Equal((405, "{\"detail\":\"Method Not Allowed\"}"), await SendAsync(http, HttpMethod.Put, "/sessions"));

        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        Assert.Equal(422, (await GetAsync(http, "/terminals/not-an-id")).Status);
    }

    [Fact]
    public async Task Protected_resource_metadata_reflects_whether_auth_is_on()
    {
        await using (var off = await CaoApiDouble.StartAsync())
        {
            using var http = Client(off);
            Assert.Equal((404, "{\"detail\":\"auth disabled\"}"), await GetAsync(http, "/.well-known/oauth-protected-resource"));
        }

        await using var on = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = Token });
        using var client = Client(on);
        var (status, body) = await GetAsync(client, "/.well-known/oauth-protected-resource");
        Assert.Equal(200, status);
        Assert.Equal(on.BaseAddress, Json(body).GetProperty("resource").GetString());
    }
}
