using System.Text.Json;
using CaoOps.Profiles.Install;

namespace CaoOps.Tests.Profiles;

/// <summary>The worked examples of agent-profiles.md §3.12 (A1, A1 variant, B1 ×2, B2, B3, B4). A2 is PR-166 only (q_cli): skipped.</summary>
public sealed class GoldenExampleTests
{
    [Fact]
    public void A1_KiroInstall_WritesEnvContextAndKiroJsonExactly()
    {
        using var s = new ProfileSandbox();
        var source = s.StoreProfile("svc-helper", GoldenInputs.InputA);

        var r = s.Install("svc-helper", "kiro_cli", new() { ["TICKET_TOKEN"] = "abc123" });

        Assert.True(r.Ok, r.Detail);
        var env = s.Paths.EnvFile;
        Assert.Equal("TICKET_TOKEN='abc123'\n", s.Read(env));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, ProfileSandbox.Mode(env));
        Assert.Equal(File.ReadAllBytes(source), File.ReadAllBytes(Path.Combine(s.Paths.ContextDir, "svc-helper.md")));
        var kiro = Path.Combine(s.Home, ".kiro", "agents", "svc-helper.json");
        Assert.Equal(GoldenInputs.KiroA1Json, s.Normalize(s.Read(kiro)));

        var expected = """
            {"success":true,"message":"Agent 'svc-helper' installed successfully","agent_name":"svc-helper","context_file":"/home/u/.aws/cli-agent-orchestrator/agent-context/svc-helper.md","agent_file":"/home/u/.kiro/agents/svc-helper.json","unresolved_vars":["TEAM","TICKET_URL"],"source_kind":"name","provider":"kiro_cli"}
            """;
        Assert.Equal(expected, s.Normalize(r.Json.GetRawText()));
    }

    [Fact]
    public void A1_Variant_BuiltinDeveloperWithoutLauncher_UsesInterpreterModuleAndTimeout()
    {
        using var store = new ProfileSandbox();
        var builtin = store.Write(Path.Combine(store.Root, "site", "agent_store", "developer.md"), GoldenInputs.BuiltinDeveloper);
        using var s = new ProfileSandbox(builtinStore: Path.GetDirectoryName(builtin));

        var r = s.Install("developer", null);

        Assert.True(r.Ok, r.Detail);
        Assert.Equal("kiro_cli", ProfileSandbox.Str(r.Json, "provider"));
        using var doc = JsonDocument.Parse(s.Read(Path.Combine(s.Home, ".kiro", "agents", "developer.json")));
        var entry = doc.RootElement.GetProperty("mcpServers").GetProperty("cao-mcp-server");
        Assert.Equal(["type", "command", "args", "timeout"], entry.EnumerateObject().Select(p => p.Name));
        Assert.Equal("python3", entry.GetProperty("command").GetString());
        Assert.Equal(["-m", "cli_agent_orchestrator.mcp_server.server"], entry.GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(1200000, entry.GetProperty("timeout").GetInt32());
        Assert.False(doc.RootElement.TryGetProperty("prompt", out _));
        Assert.Contains("\n      \"timeout\": 1200000\n", s.Read(Path.Combine(s.Home, ".kiro", "agents", "developer.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void B1_CopilotInstall_NoSkills_ExactAgentFile()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("doc-writer", GoldenInputs.InputB);

        var r = s.Install("doc-writer", "copilot_cli", new() { ["GH_TOKEN"] = "s3cr3t" });

        Assert.True(r.Ok, r.Detail);
        Assert.Equal(GoldenInputs.CopilotB1, s.Read(Path.Combine(s.Home, ".copilot", "agents", "doc-writer.agent.md")));
        Assert.Equal("GH_TOKEN='s3cr3t'\n", s.Read(s.Paths.EnvFile));
        Assert.Equal(JsonValueKind.Null, r.Json.GetProperty("unresolved_vars").ValueKind);
    }

    [Fact]
    public void B1_CopilotInstall_WithSkill_AppendsCatalog()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("doc-writer", GoldenInputs.InputB);
        s.Write(Path.Combine(s.Paths.SkillsDir, "py-tests", "SKILL.md"), GoldenInputs.PyTestsSkill);

        var r = s.Install("doc-writer", "copilot_cli", new() { ["GH_TOKEN"] = "s3cr3t" });

        Assert.True(r.Ok, r.Detail);
        var expected = GoldenInputs.CopilotB1 + "\n\n## Available Skills\n\n" + SkillCatalog.Instruction + "\n\n- **py-tests**: Pytest conventions";
        Assert.Equal(expected, s.Read(Path.Combine(s.Home, ".copilot", "agents", "doc-writer.agent.md")));
    }

    [Fact]
    public void B2_OpenCodeInstall_AgentFileConfigAndSymlink()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("doc-writer", GoldenInputs.InputB);

        var r = s.Install("doc-writer", "opencode_cli", new() { ["GH_TOKEN"] = "s3cr3t" });

        Assert.True(r.Ok, r.Detail);
        var oc = Path.Combine(s.Home, ".aws", "opencode");
        Assert.Equal(GoldenInputs.OpenCodeB2Agent, s.Read(Path.Combine(oc, "agents", "doc-writer.md")));
        Assert.Equal(GoldenInputs.OpenCodeB2Json, s.Read(Path.Combine(oc, "opencode.json")));
        Assert.Equal(s.Paths.SkillsDir, new FileInfo(Path.Combine(oc, "skills")).LinkTarget);
        Assert.Equal(Path.Combine(oc, "agents", "doc-writer.md"), ProfileSandbox.Str(r.Json, "agent_file"));
    }

    [Fact]
    public void B2_OpenCodeJson_EscapesNonAsciiButKiroKeepsItRaw()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("uni", "---\nname: uni\nmcpServers:\n  m:\n    command: x\n    env:\n      V: é\n---\nBody\n");

        Assert.True(s.Install("uni", "opencode_cli").Ok);
        Assert.True(s.Install("uni", "kiro_cli").Ok);

        Assert.Contains("\"V\": \"\\u00e9\"", s.Read(Path.Combine(s.Home, ".aws", "opencode", "opencode.json")), StringComparison.Ordinal);
        Assert.Contains("\"V\": \"é\"", s.Read(Path.Combine(s.Home, ".kiro", "agents", "uni.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void B3_OpenCodeWithoutMcp_RemovesAgentEntryFromExistingConfig()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("plain", GoldenInputs.PlainB3);
        var config = s.Write(Path.Combine(".aws", "opencode", "opencode.json"),
            """{"agent": {"plain": {"tools": {"x*": true}, "model": "m"}, "other": {"tools": {}}}, "theme": "dark"}""");

        var r = s.Install("plain", "opencode_cli");

        Assert.True(r.Ok, r.Detail);
        Assert.Equal(GoldenInputs.OpenCodeB3Agent, s.Read(Path.Combine(s.Home, ".aws", "opencode", "agents", "plain.md")));
        Assert.Equal(GoldenInputs.OpenCodeB3Json, s.Read(config));
    }

    [Theory]
    [InlineData("claude_code")]
    [InlineData("codex")]
    [InlineData("kimi_cli")]
    [InlineData("hermes")]
    [InlineData("cursor_cli")]
    [InlineData("antigravity_cli")]
    [InlineData("omp")]
    [InlineData("grok_cli")]
    [InlineData("mcode")]
    [InlineData("mock_cli")]
    public void B4_ContextOnlyProviders_WriteOnlyEnvAndContext(string provider)
    {
        using var s = new ProfileSandbox();
        var src = s.StoreProfile("doc-writer", GoldenInputs.InputB);
        var before = s.Snapshot();

        var r = s.Install("doc-writer", provider, new() { ["GH_TOKEN"] = "s3cr3t" });

        Assert.True(r.Ok, r.Detail);
        Assert.Equal(JsonValueKind.Null, r.Json.GetProperty("agent_file").ValueKind);
        Assert.Equal(provider, ProfileSandbox.Str(r.Json, "provider"));
        var added = s.Snapshot().Except(before).Select(p => p.Split(':')[0]).ToList();
        Assert.Equal(
            new[] { "home/u/.aws/cli-agent-orchestrator/.env", "home/u/.aws/cli-agent-orchestrator/agent-context/", "home/u/.aws/cli-agent-orchestrator/agent-context/doc-writer.md" },
            added.Order(StringComparer.Ordinal));
        Assert.Equal(s.Read(src), s.Read(Path.Combine(s.Paths.ContextDir, "doc-writer.md")));
    }
}
