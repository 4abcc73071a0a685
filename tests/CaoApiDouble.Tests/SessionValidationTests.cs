using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary><c>POST /sessions</c> parameters: 400/422 messages and what a launch records.</summary>
public sealed class SessionValidationTests
{
    private const string Base = "/sessions?provider=mock_cli&agent_profile=developer";

    [Theory]
    [InlineData("&session_name=it%27s", "Invalid session_name: \"cao-it's\"")]
    [InlineData("&session_name=x%3Ay", "Invalid session_name: 'cao-x:y'")]
    [InlineData("&session_name=a%20b", "Invalid session_name: 'cao-a b'")]
    [InlineData("&model=bad%3Bmodel", "model 'bad;model' is invalid (must match '^[A-Za-z0-9._:/-]+$')")]
    [InlineData("&model=", "model '' is invalid (must match '^[A-Za-z0-9._:/-]+$')")]
    [InlineData("&working_directory=proj", "Working directory must be an absolute path: proj")]
    [InlineData("&working_directory=/tmp/", "Working directory not allowed: /tmp/ (resolves to blocked system path /tmp)")]
    [InlineData("&working_directory=/usr/../etc", "Working directory not allowed: /usr/../etc (resolves to blocked system path /etc)")]
    [InlineData("&engine=v2", "Kiro engine selection is only valid for provider 'kiro_cli'")]
    [InlineData("&agent_profile=..%2Fx", "Invalid agent name '../x': must not contain '/', '\\', or '..'")]
    public async Task Bad_query_values_are_400(string extra, string message)
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        using var http = Client(server);
        var (status, body) = await PostAsync(http, Base + extra);
        Assert.Equal(400, status);
        Assert.Equal(message, Json(body).GetProperty("detail").GetString());
        Assert.Empty(server.SessionNames);
    }

    [Fact]
    public async Task Model_over_128_chars_is_capped()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        Assert.Equal(
            (400, "{\"detail\":\"model exceeds the 128-char cap\"}"),
            await PostAsync(http, Base + "&model=" + new string('m', 129)));
    }

    [Theory]
    [InlineData("{\"initial_message\":\"\"}", "initial_message must not be empty")]
    [InlineData("{\"initial_message_orchestration_type\":\"assign\"}", "initial_message_orchestration_type requires initial_message")]
    [InlineData("{\"initial_message\":\"x\",\"initial_message_orchestration_type\":\"yell\"}", "invalid initial_message_orchestration_type: 'yell'")]
    public async Task Bad_body_values_are_400(string json, string message)
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        var (status, body) = await PostAsync(http, Base, json);
        Assert.Equal(400, status);
        Assert.Equal(message, Json(body).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Schema_problems_are_422_lists()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);

        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"missing\",\"loc\":[\"query\",\"agent_profile\"],\"msg\":\"Field required\",\"input\":null},{\"type\":\"enum\",\"loc\":[\"query\",\"engine\"],\"msg\":\"Input should be 'v2' or 'kas'\",\"input\":\"v3\",\"ctx\":{\"expected\":\"'v2' or 'kas'\"}}]}"),
            await PostAsync(http, "/sessions?engine=v3"));
        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"string_type\",\"loc\":[\"body\",\"env_vars\",\"K\"],\"msg\":\"Input should be a valid string\"}]}"),
            await PostAsync(http, Base, "{\"env_vars\":{\"K\":1}}"));
        var group = string.Join(',', Enumerable.Range(0, 17).Select(i => $"\"g{i}\""));
        var (status, body) = await PostAsync(http, Base, "{\"group\":[" + group + "]}");
        Assert.Equal(422, status);
        Assert.Equal("Value error, group has 17 elements (max 16)", Json(body).GetProperty("detail")[0].GetProperty("msg").GetString());
        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"model_attributes_type\",\"loc\":[\"body\"],\"msg\":\"Input should be a valid dictionary or object to extract fields from\",\"input\":[1]}]}"),
            await PostAsync(http, Base, "[1]"));
        Assert.Equal(
            (422, "{\"detail\":[{\"type\":\"json_invalid\",\"loc\":[\"body\",7],\"msg\":\"JSON decode error\",\"input\":{},\"ctx\":{\"error\":\"Unterminated string starting at\"}}]}"),
            await PostAsync(http, Base, "{\"id\": \"27a1"));
    }

    [Fact]
    public async Task A_launch_records_what_was_asked_for()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        using var http = Client(server);

        var (status, body) = await PostAsync(
            http,
            "/sessions?agent_profile=reviewer&session_name=cao-rich&working_directory=/home/me/proj/&allowed_tools=fs_read,x&model=claude-sonnet-4",
            "{\"group\":[\"team-a\"],\"metadata\":{\"ticket\":\"T-1\",\"n\":1.50,\"big\":12345678901234567890},\"env_vars\":{\"A\":\"1\"}}");
        Assert.Equal(201, status);
        var terminal = Json(body);
        Assert.Equal("kiro_cli", terminal.GetProperty("provider").GetString());
        Assert.Equal("v2", terminal.GetProperty("engine").GetString());
        Assert.Equal("[\"fs_read\",\"x\"]", terminal.GetProperty("allowed_tools").GetRawText());
        Assert.Equal("[\"team-a\"]", terminal.GetProperty("group").GetRawText());
        Assert.Equal("{\"ticket\":\"T-1\",\"n\":1.5,\"big\":12345678901234567890}", terminal.GetProperty("metadata").GetRawText());
        Assert.Matches("^reviewer-[0-9a-f]{4}$", terminal.GetProperty("name").GetString());

        var sessions = (await GetAsync(http, "/sessions")).Body;
        Assert.Equal("[{\"id\":\"cao-rich\",\"name\":\"cao-rich\",\"status\":\"detached\",\"working_directory\":\"/home/me/proj\",\"agent_profile\":\"reviewer\"}]", sessions);

        var defaults = Json((await PostAsync(http, "/sessions?agent_profile=code_supervisor&provider=mock_cli&session_name=")).Body);
        Assert.Matches("^cao-[0-9a-f]{8}$", defaults.GetProperty("session_name").GetString());
        Assert.Equal("[\"@cao-mcp-server\",\"fs_read\",\"fs_list\"]", defaults.GetProperty("allowed_tools").GetRawText());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, defaults.GetProperty("engine").ValueKind);
    }

    [Fact]
    public async Task Duplicate_and_unknown_provider_are_400_and_leave_no_session()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        using var http = Client(server);
        server.SeedSession("cao-taken");

        Assert.Equal((400, "{\"detail\":\"Session 'cao-taken' already exists\"}"), await PostAsync(http, Base + "&session_name=taken"));
        Assert.Equal((400, "{\"detail\":\"Unknown provider type: gemini_cli\"}"), await PostAsync(http, "/sessions?agent_profile=developer&provider=gemini_cli&session_name=new"));
        Assert.Equal(["cao-taken"], server.SessionNames);
    }

    [Fact]
    public async Task Memory_manager_adds_a_sidecar_terminal_and_terminals_can_be_added_later()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        using var http = Client(server);
        await PostAsync(http, Base + "&session_name=cao-mm&memory_manager=True");
        await Poll.UntilAsync(
            async () => Json((await GetAsync(http, "/sessions/cao-mm/terminals")).Body).GetArrayLength(),
            n => n == 2,
            what: "sidecar");

        var (status, body) = await PostAsync(http, "/sessions/cao-mm/terminals?agent_profile=reviewer&provider=mock_cli");
        Assert.Equal(201, status);
        Assert.Equal("cao-mm", Json(body).GetProperty("session_name").GetString());
        Assert.Equal(
            (404, "{\"detail\":\"Session 'cao-nope' not found\"}"),
            await PostAsync(http, "/sessions/cao-nope/terminals?agent_profile=reviewer&provider=mock_cli"));
        Assert.Equal(3, Json((await GetAsync(http, "/sessions/cao-mm")).Body).GetProperty("terminals").GetArrayLength());
    }
}
