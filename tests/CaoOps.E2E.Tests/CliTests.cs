using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>The binary as a CI job uses it: commands, JSON on stdout, exit codes.</summary>
public class CliTests
{
    private static Task<(int Exit, string Out, string Err)> Run(string baseAddress, params string[] args) => CliProcess.RunAsync(baseAddress, null, args);

    [Fact]
    public async Task Version_and_help()
    {
        var (exit, stdout, _) = await Run("http://127.0.0.1:9", "--version");
        Assert.Equal(0, exit);
        Assert.Matches(@"^\d+\.\d+\.\d+", stdout);
        (exit, stdout, _) = await Run("http://127.0.0.1:9", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("cao-ops mcp", stdout, StringComparison.Ordinal);
        (exit, _, var stderr) = await Run("http://127.0.0.1:9", "frobnicate");
        Assert.Equal(2, exit);
        Assert.Contains("unknown command 'frobnicate'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_passes_against_a_healthy_server_and_fails_without_one()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var (exit, stdout, _) = await Run(api.BaseAddress, "doctor", "--json");
        Assert.Equal(0, exit);
        using var doc = JsonDocument.Parse(stdout);
        Assert.True(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(api.BaseAddress, doc.RootElement.GetProperty("url").GetString());

        (exit, stdout, _) = await Run("http://127.0.0.1:9", "doctor");
        Assert.Equal(1, exit);
        Assert.Contains("[FAIL] reachable", stdout, StringComparison.Ordinal);

        (exit, _, var stderr) = await Run("not a url", "doctor");
        Assert.Equal(2, exit);
        Assert.Contains("CAO_API_URL 'not a url'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_workflow_with_exit_codes_and_json()
    {
        await using var api = await CaoApiDouble.StartAsync();
        var (exit, stdout, _) = await Run(api.BaseAddress, "call", "launch_session", "--arg", "agent_profile=developer", "--arg", "provider=mock_cli", "--arg", "session_name=ci");
        Assert.Equal(0, exit);
        var launch = JsonDocument.Parse(stdout).RootElement;
        Assert.Equal("cao-ci", launch.GetProperty("session_name").GetString());
        var terminal = launch.GetProperty("terminal_id").GetString()!;

        (exit, stdout, _) = await Run(api.BaseAddress, "call", "send_session_message", "--json", $"{{\"terminal_id\":\"{terminal}\",\"message\":\"ping\"}}");
        Assert.Equal(0, exit);
        (exit, stdout, _) = await Run(api.BaseAddress, "call", "wait_for_terminal", "--arg", $"terminal_id={terminal}", "--arg", "timeout_seconds=20");
        Assert.Equal(0, exit);
        Assert.True(JsonDocument.Parse(stdout).RootElement.GetProperty("reached").GetBoolean());
        (exit, stdout, _) = await Run(api.BaseAddress, "call", "get_terminal_output", "--arg", $"terminal_id={terminal}", "--arg", "clean=true");
        Assert.Equal(0, exit);
        Assert.Contains("ping", JsonDocument.Parse(stdout).RootElement.GetProperty("output").GetString(), StringComparison.Ordinal);

        (exit, stdout, var stderr) = await Run(api.BaseAddress, "call", "get_session_info", "--arg", "session_name=cao-nope");
        Assert.Equal(1, exit);
        Assert.False(JsonDocument.Parse(stdout).RootElement.GetProperty("success").GetBoolean());
        Assert.Contains("not found", stderr, StringComparison.Ordinal);

        (exit, _, _) = await Run(api.BaseAddress, "call", "shutdown_session", "--arg", "session_name=cao-ci");
        Assert.Equal(0, exit);
        (exit, _, _) = await Run(api.BaseAddress, "call", "get_session_info", "--bogus");
        Assert.Equal(2, exit);
    }

    [Fact]
    public async Task Profile_validate_is_offline_and_ci_friendly()
    {
        var dir = Directory.CreateTempSubdirectory("cao-ops-profiles-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(dir, "good.md"), "---\nname: good\ndescription: fine\n---\nDo good work.\n");
            var (exit, stdout, _) = await Run("http://127.0.0.1:9", "profile", "validate", dir);
            Assert.Equal(0, exit);
            await File.WriteAllTextAsync(Path.Combine(dir, "bad.md"), "---\nname: bad\ndescription: 42\n---\nbody\n");
            (exit, stdout, var stderr) = await Run("http://127.0.0.1:9", "profile", "validate", dir);
            Assert.Equal(1, exit);
            Assert.Contains("bad.md", stdout + stderr, StringComparison.Ordinal);
            (exit, stdout, _) = await Run("http://127.0.0.1:9", "profile", "validate", "--json", dir);
            Assert.Equal(1, exit);
            Assert.StartsWith("[", stdout.TrimStart(), StringComparison.Ordinal);
            (exit, _, stderr) = await Run("http://127.0.0.1:9", "profile", "validate", Path.Combine(dir, "absent.md"));
            Assert.Equal(2, exit);
            Assert.Equal($"cao-ops: profile validate: no such file or directory: {Path.Combine(dir, "absent.md")}\nRun 'cao-ops --help' for usage.\n", stderr);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
