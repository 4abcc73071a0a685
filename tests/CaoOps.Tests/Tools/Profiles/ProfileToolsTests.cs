using System.Net;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Profiles;

public class ProfileToolsTests
{
    [Fact]
    public async Task List_profiles_wraps_the_array() // upstream §6.1
    {
        using var h = new Harness(HttpStatusCode.OK, "[{\"name\":\"developer\"}]");
        var r = await h.CallAsync("list_profiles");
        Assert.False(r.IsError);
        Assert.Equal("{\"success\":true,\"profiles\":[{\"name\":\"developer\"}]}", r.Text());
        Assert.Equal("GET /agents/profiles", $"{h.Stub.Requests[0].Method} {h.Stub.Requests[0].PathAndQuery}");
        Assert.Null(h.Stub.Requests[0].Body);
    }

    [Fact]
    public async Task List_profiles_failure_keeps_the_shape() // §6.3
    {
        using var h = new Harness(HttpStatusCode.InternalServerError, "{\"detail\":\"server exploded\"}");
        var r = await h.CallAsync("list_profiles");
        Assert.True(r.IsError);
        Assert.Equal("{\"success\":false,\"message\":\"List profiles failed: server exploded\",\"profiles\":[]}", r.Text());
    }

    [Fact]
    public async Task List_profiles_rejects_a_non_array()
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"a\":1}");
        Assert.Equal("List profiles failed: invalid response payload", (await h.CallAsync("list_profiles")).Message());
    }

    [Fact]
    public async Task Get_profile_details_passes_the_object_through() // §6.4
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"name\":\"developer\",\"system_prompt\":\"x\"}");
        var r = await h.CallAsync("get_profile_details", "{\"name\":\"developer\"}");
        Assert.False(r.IsError);
        Assert.Equal("{\"name\":\"developer\",\"system_prompt\":\"x\"}", r.Text());
        Assert.Equal("/agents/profiles/developer", h.Stub.Requests[0].PathAndQuery);
    }

    [Fact]
    public async Task Get_profile_details_404_says_what_to_do() // §6.5 (+ hint)
    {
        using var h = new Harness(HttpStatusCode.NotFound, "{\"detail\":\"Agent profile not found: missing\"}");
        var r = await h.CallAsync("get_profile_details", "{\"name\":\"missing\"}");
        Assert.True(r.IsError);
        Assert.StartsWith("Get profile details for 'missing' failed: Agent profile not found: missing — list_profiles", r.Message());
        Assert.False(r.Result.GetProperty("success").GetBoolean());
    }

    [Theory]
    [InlineData("{\"name\":\"../etc\"}")]
    [InlineData("{\"name\":\"a/b\"}")]
    [InlineData("{\"name\":\"\"}")]
    [InlineData("{}")]
    [InlineData("{\"name\":5}")]
    public async Task Get_profile_details_validates_before_any_request(string args)
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("get_profile_details", args);
        Assert.True(r.IsError);
        Assert.StartsWith("Invalid arguments for get_profile_details:", r.Message());
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task Install_sends_source_and_provider_in_the_body() // §6.7
    {
        using var h = new Harness(HttpStatusCode.OK,
            "{\"success\":true,\"message\":\"Agent 'developer' installed successfully\",\"agent_name\":\"developer\",\"context_file\":\"/c\",\"agent_file\":null,\"unresolved_vars\":null,\"source_kind\":\"name\",\"provider\":\"claude_code\",\"extra\":1}");
        var r = await h.CallAsync("install_profile", "{\"source\":\"developer\",\"provider\":\"claude_code\"}");
        Assert.False(r.IsError);
        var req = h.Stub.Requests.Single();
        Assert.Equal("POST /agents/profiles/install", $"{req.Method} {req.PathAndQuery}");
        Assert.Equal("{\"source\":\"developer\",\"provider\":\"claude_code\"}", req.Body);
        Assert.Equal("application/json", req.ContentType);
        Assert.Equal("{\"success\":true,\"message\":\"Agent 'developer' installed successfully\",\"agent_name\":\"developer\",\"context_file\":\"/c\",\"source_kind\":\"name\",\"provider\":\"claude_code\"}", r.Text());
    }

    [Fact]
    public async Task Install_omits_absent_provider_and_sends_env_vars() // §6.9, §6.10
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"success\":true,\"message\":\"ok\"}");
        await h.CallAsync("install_profile", "{\"source\":\"developer\",\"provider\":null,\"env_vars\":{\"API_TOKEN\":\"s3cr3t\"}}");
        Assert.Equal("{\"source\":\"developer\",\"env_vars\":{\"API_TOKEN\":\"s3cr3t\"}}", h.Stub.Requests[0].Body);
    }

    [Fact]
    public async Task Install_failure_has_only_success_and_message_and_never_echoes_secrets() // §6.11
    {
        using var h = new Harness(HttpStatusCode.BadRequest, "{\"detail\":\"Invalid value s3cr3t-value\"}");
        var r = await h.CallAsync("install_profile", "{\"source\":\"developer\",\"env_vars\":{\"API_TOKEN\":\"s3cr3t-value\"}}");
        Assert.True(r.IsError);
        Assert.Equal("{\"success\":false,\"message\":\"Install profile 'developer' failed: Invalid value ***\"}", r.Text());
    }

    [Fact]
    public async Task Install_refuses_local_paths_through_mcp()
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("install_profile", "{\"source\":\"./my-agent.md\"}");
        Assert.True(r.IsError);
        Assert.Contains("cao-ops install ./my-agent.md", r.Message());
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task Install_passes_urls_to_the_server() // §6.8
    {
        using var h = new Harness(HttpStatusCode.OK, "{\"success\":true,\"message\":\"ok\"}");
        await h.CallAsync("install_profile", "{\"source\":\"https://raw.githubusercontent.com/o/r/main/a.md\"}");
        Assert.Equal("{\"source\":\"https://raw.githubusercontent.com/o/r/main/a.md\"}", h.Stub.Requests[0].Body);
    }

    [Fact]
    public async Task Install_rejects_unknown_providers_listing_valid_ones()
    {
        using var h = new Harness(HttpStatusCode.OK, "{}");
        var r = await h.CallAsync("install_profile", "{\"source\":\"developer\",\"provider\":\"bogus\"}");
        Assert.Contains("unknown provider 'bogus' (valid: kiro_cli, claude_code", r.Message());
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task No_local_fallback_for_a_remote_server()
    {
        using var h = new Harness(_ => StubHandler.Json(HttpStatusCode.NotFound, "{\"detail\":\"Not Found\"}"),
            new CaoOps.Cao.CaoSettings { BaseUrl = new Uri("http://cao.example.invalid:9889") });
        var r = await h.CallAsync("get_profile_details", "{\"name\":\"developer\"}");
        Assert.True(r.IsError);
        Assert.Contains("has no profile routes", r.Message(), StringComparison.Ordinal);
        Assert.Contains("run cao-ops on the server's machine", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_real_404_is_not_a_missing_route()
    {
        using var h = new Harness(HttpStatusCode.NotFound, "{\"detail\":\"Agent profile not found: x\"}");
        var r = await h.CallAsync("get_profile_details", "{\"name\":\"x\"}");
        Assert.DoesNotContain("local", r.Text(), StringComparison.Ordinal);
    }
}
