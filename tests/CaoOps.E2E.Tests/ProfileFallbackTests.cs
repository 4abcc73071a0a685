using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>An older cao-server without the profile routes: the profile tools fall back to cao-ops' own engine.</summary>
public sealed class ProfileFallbackTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("cao-ops-home-").FullName;

    private string CaoHome => Path.Combine(_home, ".aws", "cli-agent-orchestrator");

    public ProfileFallbackTests()
    {
        Directory.CreateDirectory(Path.Combine(CaoHome, "agent-store"));
        File.WriteAllText(Path.Combine(CaoHome, "agent-store", "svc-helper.md"), """
            ---
            name: svc-helper
            description: Service helper
            provider: claude_code
            ---
            # Service helper
            Use ${TICKET_TOKEN} to file tickets.
            """);
    }

    private Task<McpHarness> Start(CaoApiDouble api) =>
        McpHarness.StartAsync(api, new() { ["HOME"] = _home, ["CAO_HOME_DIR"] = CaoHome });

    [Fact]
    public async Task Details_and_install_fall_back_to_the_local_engine_and_say_so()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { ProfileRoutesEnabled = false });
        await using var mcp = await Start(api);

        var details = await mcp.CallAsync("get_profile_details", new { name = "svc-helper" });
        Assert.False(details.IsError, details.Text());
        Assert.Equal("local", details.Str("source"));
        Assert.Equal("Service helper", details.Str("description"));
        Assert.Contains("# Service helper", details.Str("system_prompt"), StringComparison.Ordinal);

        var missing = await mcp.CallAsync("get_profile_details", new { name = "nope" });
        Assert.True(missing.IsError);
        Assert.Contains("Agent profile not found: nope", missing.Message(), StringComparison.Ordinal);

        var install = await mcp.CallAsync("install_profile", new { source = "svc-helper", env_vars = new Dictionary<string, string> { ["TICKET_TOKEN"] = "tok-secret-42" } });
        Assert.False(install.IsError, install.Text());
        Assert.Equal("local", install.Str("source"));
        Assert.Equal("claude_code", install.Str("provider"));
        Assert.Equal("name", install.Str("source_kind"));
        Assert.True(File.Exists(install.Str("context_file")));
        Assert.DoesNotContain("tok-secret-42", install.Text(), StringComparison.Ordinal);
        Assert.Contains("TICKET_TOKEN=", await File.ReadAllTextAsync(Path.Combine(CaoHome, ".env")), StringComparison.Ordinal);

        // the server was asked first, and answered the generic 404
        Assert.Contains(api.Requests, r => r.Method == "POST" && r.Path == "/agents/profiles/install");
    }

    [Fact]
    public async Task With_the_routes_present_the_server_answers()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using var mcp = await Start(api);
        var details = await mcp.CallAsync("get_profile_details", new { name = "developer" });
        Assert.False(details.IsError, details.Text());
        Assert.False(details.Json().TryGetProperty("source", out _));
    }

    public void Dispose() => Directory.Delete(_home, recursive: true);
}
