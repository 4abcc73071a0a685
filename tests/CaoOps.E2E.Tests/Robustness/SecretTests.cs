using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol.Protocol;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>
/// The bearer token (CAO_AUTH_LOCAL_TOKEN) and install_profile's env_vars values never appear in the stderr log
/// (CAO_OPS_LOG=debug) or in any result, including when the server echoes them back in an error.
/// </summary>
public class SecretTests
{
    private const string Token = "tok-Secret-7f3a9c1e";
    private const string EnvSecret = "env-Secret-5b2d8e";

    private static readonly Dictionary<string, string?> DebugWithToken = new()
    {
        ["CAO_AUTH_LOCAL_TOKEN"] = Token,
        ["CAO_OPS_LOG"] = "debug",
        ["CAO_OPS_TIMEOUT"] = "1",
        ["CAO_OPS_LAUNCH_TIMEOUT"] = "1",
    };

    [Fact]
    public async Task Secrets_stay_out_of_results_and_debug_logs_in_success_and_failure()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = Token, CreateDelay = TimeSpan.Zero });
        var terminal = api.SeedSession("cao-secret");
        api.AddProfile("secretive", "uses ${API_KEY}", provider: "mock_cli", systemPrompt: "key ${API_KEY}");
        await using var mcp = await McpHarness.StartAsync(api, DebugWithToken);
        var texts = new List<string>();

        async Task Call(string tool, object args)
        {
            var r = await mcp.CallAsync(tool, args);
            texts.Add($"{tool}: {Dump(r)}");
        }

        // Successes, API errors, validation errors and timeouts, with the secrets in play.
        await Call("install_profile", new { source = "secretive", provider = "mock_cli", env_vars = new Dictionary<string, string> { ["API_KEY"] = EnvSecret } });
        await Call("install_profile", new { source = "no-such-profile", env_vars = new Dictionary<string, string> { ["API_KEY"] = EnvSecret } });
        await Call("install_profile", new { source = "secretive", env_vars = new Dictionary<string, string> { ["bad key"] = EnvSecret } });
        await Call("install_profile", new { source = "./profile.md", env_vars = new Dictionary<string, string> { ["API_KEY"] = EnvSecret } });
        await Call("install_profile", new { source = "secretive", env_vars = new Dictionary<string, object> { ["API_KEY"] = new[] { EnvSecret } } });
        foreach (var call in ToolCalls.EveryTool)
        {
            await Call(call.Tool, call.Arguments);
        }

        await Call("get_terminal_output", new { terminal_id = terminal });
        await Call("wait_for_terminal", new { terminal_id = terminal, timeout_seconds = 1, until = new[] { "idle" } });
        api.AddFault(new FaultRule("*", "/", FaultKind.Hang));
        await Call("install_profile", new { source = "secretive", env_vars = new Dictionary<string, string> { ["API_KEY"] = EnvSecret } });
        await Call("list_sessions", new { });

        var stderr = mcp.StderrText();
        Assert.Contains("cao-ops info: serving", stderr, StringComparison.Ordinal); // the debug log is on
        foreach (var secret in new[] { Token, EnvSecret })
        {
            Assert.DoesNotContain(secret, stderr, StringComparison.Ordinal);
            Assert.All(texts, t => Assert.DoesNotContain(secret, t, StringComparison.Ordinal));
        }

        // The token travelled only where it belongs.
        Assert.All(api.Requests, r =>
        {
            Assert.Equal($"Bearer {Token}", r.Headers["authorization"]);
            Assert.DoesNotContain(Token, r.RawTarget, StringComparison.Ordinal);
            Assert.DoesNotContain(EnvSecret, r.RawTarget, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task A_rejected_token_is_not_repeated()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = "the-right-one" });
        await using var mcp = await McpHarness.StartAsync(api, DebugWithToken);
        var texts = new List<string>();
        foreach (var call in ToolCalls.EveryTool.Where(c => c.Tool is not ("list_providers" or "find_profiles"))) // ungated routes
        {
            var r = await mcp.CallAsync(call.Tool, call.Arguments);
            Assert.True(r.IsError, $"{call.Label}: {Dump(r)}");
            texts.Add(Dump(r));
        }

        Assert.Contains(texts, t => t.Contains("invalid token", StringComparison.Ordinal));
        Assert.All(texts, t => Assert.DoesNotContain(Token, t, StringComparison.Ordinal));
        Assert.DoesNotContain(Token, mcp.StderrText(), StringComparison.Ordinal);
    }

    public static TheoryData<string> EnvEchoes => ["json-detail-400", "text-500", "validation-422", "html-502"];

    [Theory]
    [MemberData(nameof(EnvEchoes))]
    public async Task Install_profile_redacts_env_values_the_server_echoes_in_an_error(string echo)
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.AddFault(Echo(echo, $"value {EnvSecret} rejected"));
        await using var mcp = await McpHarness.StartAsync(api, new() { ["CAO_OPS_LOG"] = "debug" });
        var r = await mcp.CallAsync("install_profile", new { source = "developer", env_vars = new Dictionary<string, string> { ["API_KEY"] = EnvSecret, ["OTHER"] = "x" } });
        Assert.True(r.IsError, Dump(r));
        Assert.DoesNotContain(EnvSecret, Dump(r), StringComparison.Ordinal);
        Assert.DoesNotContain(EnvSecret, mcp.StderrText(), StringComparison.Ordinal);
        // The redaction leaves the rest of the message readable.
        Assert.StartsWith("Install profile 'developer' failed: ", r.Message(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Install_profile_redacts_env_values_in_a_failed_install_payload()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.AddFault(new FaultRule("POST", "/agents/profiles/install", FaultKind.Status)
        {
            StatusCode = 200,
            ContentType = "application/json",
            Body = $$"""{"success":false,"message":"could not write API_KEY={{EnvSecret}} to .env","agent_name":null,"context_file":null,"agent_file":null,"unresolved_vars":null,"source_kind":"name","provider":"kiro_cli"}""",
        });
        await using var mcp = await McpHarness.StartAsync(api);
        var r = await mcp.CallAsync("install_profile", new { source = "developer", env_vars = new Dictionary<string, string> { ["API_KEY"] = EnvSecret } });
        Assert.True(r.IsError, Dump(r));
        Assert.DoesNotContain(EnvSecret, Dump(r), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_bearer_token_is_redacted_when_the_server_echoes_it()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { RequiredToken = Token });
        api.AddFault(Echo("json-detail-400", $"invalid token {Token}"));
        await using var mcp = await McpHarness.StartAsync(api, DebugWithToken);
        foreach (var call in ToolCalls.EveryTool)
        {
            var r = await mcp.CallAsync(call.Tool, call.Arguments);
            Assert.True(r.IsError, Dump(r));
            Assert.DoesNotContain(Token, Dump(r), StringComparison.Ordinal);
        }

        Assert.DoesNotContain(Token, mcp.StderrText(), StringComparison.Ordinal);
    }

    /// <summary>A fault whose error body carries <paramref name="text"/> in the shape <paramref name="echo"/>.</summary>
    private static FaultRule Echo(string echo, string text) => echo switch
    {
        "json-detail-400" => new FaultRule("*", "/", FaultKind.Status) { StatusCode = 400, ContentType = "application/json", Body = $$"""{"detail":"{{text}}"}""" },
        "text-500" => new FaultRule("*", "/", FaultKind.Status) { StatusCode = 500, ContentType = "text/plain", Body = text },
        "validation-422" => new FaultRule("*", "/", FaultKind.Status)
        {
            StatusCode = 422,
            ContentType = "application/json",
            Body = $$"""{"detail":[{"type":"value_error","loc":["body","env_vars","API_KEY"],"msg":"{{text}}","input":"{{text}}"}]}""",
        },
        "html-502" => new FaultRule("*", "/", FaultKind.Status) { StatusCode = 502, ContentType = "text/html", Body = $"<html><body>{text}</body></html>" },
        _ => throw new ArgumentOutOfRangeException(nameof(echo), echo, null),
    };

    /// <summary>Everything the client sees of a result: every text block and the structured content.</summary>
    private static string Dump(CallToolResult r) =>
        string.Join('\n', r.Content.OfType<TextContentBlock>().Select(t => t.Text)) + "\n" + (r.StructuredContent?.GetRawText() ?? string.Empty);
}
