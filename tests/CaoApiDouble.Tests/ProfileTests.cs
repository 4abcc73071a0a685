using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>Profile list/get/install, validation messages, and the old-server mode.</summary>
public sealed class ProfileTests
{
    private const string Providers =
        "kiro_cli, claude_code, codex, kimi_cli, copilot_cli, opencode_cli, hermes, cursor_cli, antigravity_cli, omp, grok_cli, mcode, mock_cli";

    [Fact]
    public async Task Added_profiles_are_listed_sorted_and_can_shadow_built_ins()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.AddProfile("aaa-helper", "Helps", provider: "claude_code", systemPrompt: "Be helpful.");
        server.AddProfile("developer", "Mine");

        var list = Json((await GetAsync(http, "/agents/profiles")).Body);
        Assert.Equal(
            ["aaa-helper", "code_supervisor", "developer", "memory_manager", "retrospector", "reviewer", "workflow_scout"],
            list.EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(
            "{\"name\":\"aaa-helper\",\"source\":\"local\",\"loadable\":true,\"description\":\"Helps\",\"capabilities\":[],\"tags\":[],\"role\":\"\",\"duplicated_in\":[]}",
            list[0].GetRawText());
        Assert.Equal("[\"built-in\"]", list[2].GetProperty("duplicated_in").GetRawText());

        Assert.Equal(
            (200, "{\"name\":\"aaa-helper\",\"description\":\"Helps\",\"provider\":\"claude_code\",\"system_prompt\":\"Be helpful.\"}"),
            await GetAsync(http, "/agents/profiles/aaa-helper"));
    }

    [Fact]
    public async Task Profile_names_with_traversal_are_rejected()
    {
        await using var server = await CaoApiDouble.StartAsync();
        var expected = "{\"detail\":\"Invalid agent name 'a..b': must not contain '/', '\\\\', or '..'\"}";
        var response = await RawHttp.SendAsync(server, "GET", "/agents/profiles/a..b");
        Assert.Equal((400, expected), (response.Status, response.Text));
        Assert.Equal(400, (await RawHttp.SendAsync(server, "GET", "/agents/profiles/a%5Cb")).Status);
    }

    [Theory]
    [InlineData("{\"source\":\"developer\",\"provider\":\"bogus\"}", "Invalid provider 'bogus'. Valid providers: " + Providers)]
    [InlineData("{\"source\":\"http://github.com/o/r/x.md\"}", "Failed to install agent: Profile URL must use https://")]
    [InlineData("{\"source\":\"https://evil.example/o/x.md\"}", "Failed to install agent: Host 'evil.example' is not in the allowed downloader hosts. Set CAO_PROFILE_ALLOWED_HOSTS to extend the allowlist.")]
    [InlineData("{\"source\":\"https://github.com/o/x.md?raw=1\"}", "Failed to install agent: Profile URL must not include query, fragment, or userinfo.")]
    [InlineData("{\"source\":\"https://github.com/o/../x.md\"}", "Failed to install agent: URL path must match /segment/.../file.md with no traversal segments.")]
    [InlineData("{\"source\":\"foo/bar\"}", "Invalid profile name 'foo/bar'. Expected a name matching [A-Za-z0-9_-]{1,64}, an https:// URL, or (CLI only) a local .md file path.")]
    [InlineData("{\"source\":\"no-such-profile\"}", "Agent profile not found: no-such-profile")]
    public async Task Install_failures_are_400_with_the_service_message(string body, string message)
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var (status, text) = await PostAsync(http, "/agents/profiles/install", body);
        Assert.Equal(400, status);
        Assert.Equal(message, Json(text).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Install_body_problems_are_422()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);

        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\"],\"msg\":\"Field required\",\"input\":null}]}"),
            await PostAsync(http, "/agents/profiles/install"));
        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"body\",\"source\"],\"msg\":\"Field required\",\"input\":{}}]}"),
            await PostAsync(http, "/agents/profiles/install", "{}"));
        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\",1],\"msg\":\"JSON decode error\",\"input\":{},\"ctx\":{\"error\":\"Expecting property name enclosed in double quotes\"}}]}"),
            await PostAsync(http, "/agents/profiles/install", "{oops"));
        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"dict_type\",\"loc\":[\"body\",\"env_vars\"],\"msg\":\"Input should be a valid dictionary\"}]}"),
            await PostAsync(http, "/agents/profiles/install", "{\"source\":\"developer\",\"env_vars\":\"A=1\"}"));
    }

    [Fact]
    public async Task Install_resolves_the_provider_and_reports_the_agent_file()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.AddProfile("copilot-helper", "Helps", provider: "copilot_cli");

        var kiro = Json((await PostAsync(http, "/agents/profiles/install", "{\"source\":\"reviewer\"}")).Body);
        Assert.Equal("kiro_cli", kiro.GetProperty("provider").GetString());
        Assert.Equal("/home/user/.kiro/agents/reviewer.json", kiro.GetProperty("agent_file").GetString());

        var own = Json((await PostAsync(http, "/agents/profiles/install", "{\"source\":\"copilot-helper\"}")).Body);
        Assert.Equal("copilot_cli", own.GetProperty("provider").GetString());
        Assert.Equal("/home/user/.copilot/agents/copilot-helper.agent.md", own.GetProperty("agent_file").GetString());

        var explicitOne = await PostAsync(http, "/agents/profiles/install", "{\"source\":\"copilot-helper\",\"provider\":\"opencode_cli\"}");
        Assert.Equal(
            (200, "{\"success\":true,\"message\":\"Agent 'copilot-helper' installed successfully\",\"agent_name\":\"copilot-helper\",\"context_file\":\"/home/user/.aws/cli-agent-orchestrator/agent-context/copilot-helper.md\",\"agent_file\":\"/home/user/.aws/opencode/agents/copilot-helper.md\",\"unresolved_vars\":null,\"source_kind\":\"name\",\"provider\":\"opencode_cli\"}"),
            explicitOne);

        var url = Json((await PostAsync(http, "/agents/profiles/install", "{\"source\":\"https://raw.githubusercontent.com/o/r/main/web-dev.md\",\"provider\":\"mock_cli\"}")).Body);
        Assert.Equal("url", url.GetProperty("source_kind").GetString());
        Assert.Equal("web-dev", url.GetProperty("agent_name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, url.GetProperty("agent_file").ValueKind);

        var listed = Json((await GetAsync(http, "/agents/profiles")).Body).EnumerateArray().First(p => p.GetProperty("name").GetString() == "reviewer");
        Assert.Equal("installed", listed.GetProperty("source").GetString());
    }

    [Fact]
    public async Task Old_server_mode_hides_profile_detail_and_install()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { ProfileRoutesEnabled = false });
        using var http = Client(server);

        Assert.Equal((404, "{\"detail\":\"Not Found\"}"), await GetAsync(http, "/agents/profiles/developer"));
        Assert.Equal((404, "{\"detail\":\"Not Found\"}"), await PostAsync(http, "/agents/profiles/install", "{\"source\":\"developer\"}"));
        Assert.Equal(200, (await GetAsync(http, "/agents/profiles")).Status);
    }
}
