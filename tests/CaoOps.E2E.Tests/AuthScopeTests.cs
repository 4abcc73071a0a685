using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>Bearer auth with scopes, as a new user meets it: doctor shows what the token allows; refusals say what is needed.</summary>
public class AuthScopeTests
{
    private static Task<(int Exit, string Out, string Err)> Run(string baseAddress, string token, params string[] args) =>
        CliProcess.RunAsync(baseAddress, new() { ["CAO_AUTH_LOCAL_TOKEN"] = token }, args);

    [Fact]
    public async Task Doctor_shows_a_read_only_tokens_scopes_and_a_launch_says_it_needs_write()
    {
        var read = CaoApiDouble.MakeToken("cao:read");
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Tokens = [read] });

        var (exit, stdout, _) = await Run(api.BaseAddress, read, "doctor");
        Assert.Equal(0, exit);
        Assert.Contains("[ok] auth: token accepted for reading", stdout, StringComparison.Ordinal);
        Assert.Contains("[ok] scopes: cao:read: read tools only (list, get, wait, output, inbox); launch_session, send_*, add_terminal and exit_terminal need cao:write, shutdown_session and delete_terminal need cao:admin", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain(read, stdout, StringComparison.Ordinal);

        (exit, stdout, _) = await Run(api.BaseAddress, read, "doctor", "--json");
        using (var doc = JsonDocument.Parse(stdout))
        {
            Assert.Equal(["read"], doc.RootElement.GetProperty("token").GetProperty("allows").EnumerateArray().Select(e => e.GetString()));
            Assert.Equal(["cao:read"], doc.RootElement.GetProperty("token").GetProperty("scopes").EnumerateArray().Select(e => e.GetString()));
        }

        (exit, stdout, var stderr) = await Run(api.BaseAddress, read, "call", "launch_session", "--arg", "agent_profile=developer", "--arg", "provider=mock_cli");
        Assert.Equal(1, exit);
        Assert.Contains("Launch session failed: Forbidden: requires one of ['cao:write', 'cao:admin'] — this operation needs a token with cao:write or cao:admin; the token in CAO_AUTH_LOCAL_TOKEN has neither", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("shutdown_session needs", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_token_is_reported_as_rejected_not_missing()
    {
        var expired = CaoApiDouble.MakeToken("cao:admin", DateTimeOffset.UtcNow.AddMinutes(-5));
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Tokens = [expired] });
        var (exit, stdout, _) = await Run(api.BaseAddress, expired, "doctor");
        Assert.Equal(1, exit);
        Assert.Contains("invalid token: Signature has expired — cao-server rejected the token in CAO_AUTH_LOCAL_TOKEN: it has expired.", stdout, StringComparison.Ordinal);
        Assert.Contains("[FAIL] scopes: the token in CAO_AUTH_LOCAL_TOKEN expired at", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("requires a bearer token", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Deleting_a_terminal_with_a_write_token_says_it_needs_admin()
    {
        var write = CaoApiDouble.MakeToken("cao:read cao:write");
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { Tokens = [write] });
        var id = api.SeedSession("cao-keep");
        await using var mcp = await McpHarness.StartAsync(api, new() { ["CAO_AUTH_LOCAL_TOKEN"] = write });
        var r = await mcp.CallAsync("delete_terminal", new { terminal_id = id });
        Assert.True(r.IsError);
        Assert.EndsWith("Forbidden: requires one of ['cao:admin'] — this operation needs a token with cao:admin; the token in CAO_AUTH_LOCAL_TOKEN has not (`cao-ops doctor` shows its scopes).", r.Message(), StringComparison.Ordinal);
        Assert.NotNull(api.GetTerminalStatus(id));
    }
}
