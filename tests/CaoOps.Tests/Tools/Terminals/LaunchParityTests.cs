using System.Net;
using System.Text.Json;
using CaoOps.Tests.Support;
using CaoOps.Tools;
using CaoOps.Tools.Sessions;

namespace CaoOps.Tests.Tools.Terminals;

public class LaunchParityTests
{
    private const string Created = "{\"id\":\"692bd691\",\"name\":\"developer-86b5\",\"provider\":\"mock_cli\",\"session_name\":\"cao-opts\",\"agent_profile\":\"developer\",\"status\":\"idle\",\"last_active\":\"t\"}";

    [Fact]
    public async Task New_options_go_in_the_body_or_the_query_as_the_route_takes_them()
    {
        using var h = new Harness(HttpStatusCode.Created, Created);
        var r = await h.CallAsync("launch_session",
            "{\"agent_profile\":\"developer\",\"provider\":\"mock_cli\",\"session_name\":\"opts\",\"env_vars\":{\"CAO_OPS_DEMO\":\"s3cr3t-value\",\"TICKET\":\"OPS-42\"},"
            + "\"group\":[\"team-a\",\"build\"],\"metadata\":{\"ticket\":\"OPS-42\",\"n\":[1,2]},\"memory_manager\":true}");
        Assert.False(r.IsError, r.Text());
        Assert.Equal("Session 'cao-opts' launched successfully; a memory_manager agent joins it on mock_cli", r.Message());
        var sent = h.Stub.Requests.Single();
        Assert.Equal("/sessions?agent_profile=developer&session_name=opts&memory_manager=true&provider=mock_cli", sent.PathAndQuery);
        Assert.Equal("{\"env_vars\":{\"CAO_OPS_DEMO\":\"s3cr3t-value\",\"TICKET\":\"OPS-42\"},\"group\":[\"team-a\",\"build\"],\"metadata\":{\"ticket\":\"OPS-42\",\"n\":[1,2]}}", sent.Body);
        Assert.DoesNotContain("s3cr3t", r.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Engine_goes_in_the_query_and_only_with_kiro()
    {
        using var h = new Harness(HttpStatusCode.Created, Created);
        var ok = await h.CallAsync("launch_session", "{\"agent_profile\":\"developer\",\"provider\":\"kiro_cli\",\"engine\":\"v2\"}");
        Assert.False(ok.IsError, ok.Text());
        Assert.Contains("&engine=v2", h.Stub.Requests.Single().PathAndQuery, StringComparison.Ordinal);

        var wrong = await h.CallAsync("launch_session", "{\"agent_profile\":\"developer\",\"provider\":\"claude_code\",\"engine\":\"v2\"}");
        Assert.Equal("Invalid arguments for launch_session: engine 'v2' applies only to provider kiro_cli, not claude_code.", wrong.Message());
        Assert.Single(h.Stub.Requests);
    }

    [Theory]
    [InlineData("\"group\":[\"g0\",\"g1\",\"g2\",\"g3\",\"g4\",\"g5\",\"g6\",\"g7\",\"g8\",\"g9\",\"g10\",\"g11\",\"g12\",\"g13\",\"g14\",\"g15\",\"g16\"]", "group has 17 items; cao-server accepts at most 16")]
    [InlineData("\"env_vars\":{\"CLAUDE_CODE_OAUTH\":\"secret-never-shown\"}", "env_vars 'CLAUDE_CODE_OAUTH' would be dropped: cao-server never passes variables starting with CLAUDE, CODEX_ or __MISE_")]
    [InlineData("\"env_vars\":{\"CODEX_HOME\":\"secret-never-shown\"}", "env_vars 'CODEX_HOME' would be dropped")]
    public async Task Server_limits_are_checked_before_the_request(string extra, string expected)
    {
        using var h = new Harness(HttpStatusCode.Created, Created);
        var r = await h.CallAsync("launch_session", $"{{\"agent_profile\":\"developer\",{extra}}}");
        Assert.True(r.IsError);
        Assert.Contains(expected, r.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain("secret-never-shown", r.Text(), StringComparison.Ordinal);
        Assert.Empty(h.Stub.Requests);
    }

    [Fact]
    public async Task Long_group_items_big_metadata_and_big_env_values_are_refused()
    {
        using var h = new Harness(HttpStatusCode.Created, Created);
        var longItem = new string('y', 129);
        Assert.Contains("is 129 characters; cao-server accepts at most 128", (await h.CallAsync("launch_session", $"{{\"agent_profile\":\"developer\",\"group\":[\"ok\",\"{longItem}\"]}}")).Message(), StringComparison.Ordinal);

        // capture 72: {"blob": "x"*16373} is 16385 bytes as Python's json.dumps writes it
        var big = await h.CallAsync("launch_session", $"{{\"agent_profile\":\"developer\",\"metadata\":{{\"blob\":\"{new string('x', 16373)}\"}}}}");
        Assert.Contains("metadata is 16385 bytes as cao-server encodes it; it accepts at most 16384", big.Message(), StringComparison.Ordinal);
        Assert.False((await h.CallAsync("launch_session", $"{{\"agent_profile\":\"developer\",\"metadata\":{{\"blob\":\"{new string('x', 16372)}\"}}}}")).IsError);

        var value = await h.CallAsync("launch_session", $"{{\"agent_profile\":\"developer\",\"env_vars\":{{\"BIG\":\"{new string('v', 2048)}\"}}}}");
        Assert.Contains("env_vars 'BIG' would be dropped: its value is 2048 bytes", value.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain("vvvv", value.Text(), StringComparison.Ordinal);
        Assert.False((await h.CallAsync("launch_session", "{\"agent_profile\":\"developer\",\"env_vars\":{\"CLAUDE_CODE_USE_BEDROCK\":\"1\"}}")).IsError);
    }

    [Theory]
    [InlineData("{\"a\":1,\"b\":[1,2,\"x\"],\"c\":{\"d\":null,\"e\":true}}", 55)]
    [InlineData("{\"t\":\"é😀\\n\\\"\"}", 31)]
    [InlineData("{\"f\":1.0,\"g\":1e5,\"h\":1.5e300,\"i\":0.00001,\"j\":-2.5}", 63)]
    [InlineData("{}", 2)]
    public void Metadata_size_is_measured_as_python_json_dumps(string json, int expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(expected, LaunchLimits.PythonDumpsLength(doc.RootElement));
    }

    [Fact]
    public async Task Newer_terminal_fields_pass_the_output_schemas()
    {
        var terminal = "{\"id\":\"692bd691\",\"name\":\"developer-86b5\",\"provider\":\"mock_cli\",\"session_name\":\"cao-opts\",\"agent_profile\":\"developer\",\"caller_id\":null,"
            + "\"allowed_tools\":[\"@builtin\",\"fs_*\"],\"engine\":null,\"shell_command\":null,\"group\":[\"team-a\",\"build\"],\"metadata\":{\"ticket\":\"OPS-42\"},\"status\":\"idle\",\"last_active\":\"2026-11-30T02:35:33.679183\"}";
        using var h = new Harness(HttpStatusCode.OK, terminal);
        var r = await h.CallAsync("get_terminal_status", "{\"terminal_id\":\"692bd691\"}"); // the harness checks the schema
        Assert.Equal("team-a", r.Result.GetProperty("group")[0].GetString());
        var schema = ToolCatalog.All.Single(t => t.Name == "get_terminal_status").OutputSchema.GetProperty("properties");
        foreach (var field in new[] { "caller_id", "allowed_tools", "engine", "shell_command", "group", "metadata" })
        {
            Assert.True(schema.TryGetProperty(field, out _), field);
        }

        Assert.True(ToolCatalog.All.Single(t => t.Name == "get_session_info").OutputSchema.GetProperty("properties").GetProperty("terminals")
            .GetProperty("items").GetProperty("properties").TryGetProperty("engine", out _));
    }
}
