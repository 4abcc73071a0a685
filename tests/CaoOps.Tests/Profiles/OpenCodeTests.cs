using CaoOps.Profiles.Install;

namespace CaoOps.Tests.Profiles;

/// <summary>agent-profiles.md §5 OpenCode items 123–130 and CLI (OpenCode) 137–141.</summary>
public sealed class OpenCodeTests
{
    private const string WithMcp = "---\nname: oc\ndescription: d\nmodel: m1\nmcpServers:\n  srv:\n    type: stdio\n    command: run-srv\n    args: [--x]\n    timeout: 5\n---\nBody\n";

    private static string Oc(ProfileSandbox s, params string[] parts) => Path.Combine([s.Home, ".aws", "opencode", .. parts]);

    [Fact]
    public void O123_SkillsSymlink_CreatedNoOpOrLeftAlone()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("oc", WithMcp);
        Assert.True(s.Install("oc", "opencode_cli").Ok);
        Assert.Equal(s.Paths.SkillsDir, new FileInfo(Oc(s, "skills")).LinkTarget);
        Assert.True(s.Install("oc", "opencode_cli").Ok); // already correct: no-op
        Assert.Empty(s.Warnings);

        using var d = new ProfileSandbox();
        d.StoreProfile("oc", WithMcp);
        Directory.CreateDirectory(Oc(d, "skills"));
        Assert.True(d.Install("oc", "opencode_cli").Ok);
        Assert.Null(new FileInfo(Oc(d, "skills")).LinkTarget);
        Assert.Contains(d.Warnings, w => w.Contains("exists but is not a symlink", StringComparison.Ordinal));

        using var e = new ProfileSandbox();
        e.StoreProfile("oc", WithMcp);
        Directory.CreateDirectory(Oc(e));
        File.CreateSymbolicLink(Oc(e, "skills"), "/elsewhere");
        Assert.True(e.Install("oc", "opencode_cli").Ok);
        Assert.Equal("/elsewhere", new FileInfo(Oc(e, "skills")).LinkTarget);
        Assert.Contains(e.Warnings, w => w.Contains("points to", StringComparison.Ordinal));
    }

    [Fact]
    public void O124_O125_O126_O137_TranslateUpsertAndDefaultDeny()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("oc", WithMcp);
        s.Write(Oc(s, "opencode.json"), """{"theme": "x", "mcp": {"user": {"type": "local", "command": ["u"]}}, "tools": {"user*": true}, "agent": {"oc": {"model": "keep"}, "other": {"tools": {"a*": true}}}}""");

        Assert.True(s.Install("oc", "opencode_cli").Ok);
        var first = s.Read(Oc(s, "opencode.json"));
        Assert.True(s.Install("oc", "opencode_cli").Ok);

        Assert.Equal(first, s.Read(Oc(s, "opencode.json")));
        Assert.Equal(
            """
            {
              "theme": "x",
              "mcp": {
                "user": {
                  "type": "local",
                  "command": [
                    "u"
                  ]
                },
                "srv": {
                  "type": "local",
                  "command": [
                    "run-srv",
                    "--x"
                  ],
                  "enabled": true
                }
              },
              "tools": {
                "user*": true,
                "srv*": false
              },
              "agent": {
                "oc": {
                  "model": "keep",
                  "tools": {
                    "srv*": true
                  }
                },
                "other": {
                  "tools": {
                    "a*": true
                  }
                }
              }
            }

            """, first);
        Assert.DoesNotContain("model", s.Read(Oc(s, "agents", "oc.md")), StringComparison.Ordinal);
    }

    [Fact]
    public void O127_O138_NoMcp_NoConfigCreated_RemoveIsNoOp()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("p", "---\nname: p\n---\nBody\n");
        Assert.True(s.Install("p", "opencode_cli").Ok);
        Assert.False(File.Exists(Oc(s, "opencode.json")));
        Assert.True(Directory.Exists(Oc(s, "agents")));

        var config = s.Write(Oc(s, "opencode.json"), "{\"agent\": {\"q\": {}}}");
        Assert.True(s.Install("p", "opencode_cli").Ok);
        Assert.Equal("{\"agent\": {\"q\": {}}}", s.Read(config)); // untouched when the entry is absent
    }

    [Fact]
    public void O139_O141_ReinstallByteIdentical_AndWithoutMcpDropsStaleEntry()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("oc", WithMcp);
        Assert.True(s.Install("oc", "opencode_cli").Ok);
        var md = File.ReadAllBytes(Oc(s, "agents", "oc.md"));
        Assert.True(s.Install("oc", "opencode_cli").Ok);
        Assert.Equal(md, File.ReadAllBytes(Oc(s, "agents", "oc.md")));

        s.StoreProfile("oc", "---\nname: oc\ndescription: d\n---\nBody\n");
        Assert.True(s.Install("oc", "opencode_cli").Ok);
        Assert.DoesNotContain("\"oc\"", s.Read(Oc(s, "opencode.json")), StringComparison.Ordinal);
    }

    [Fact]
    public void O140_SlashNameIsRefused_NoAgentFileNorConfigEntry()
    {
        // Deliberate difference from CAO (which writes agents/my__agent.md): a name must pass the profile-name rule.
        using var s = new ProfileSandbox();
        Directory.CreateDirectory(Path.Combine(s.Paths.ContextDir, "my"));
        s.StoreProfile("slashy", "---\nname: my/agent\nmcpServers:\n  m:\n    command: c\n---\nBody\n");
        var r = s.Install("slashy", "opencode_cli");
        Assert.False(r.Ok);
        Assert.False(File.Exists(Oc(s, "agents", "my__agent.md")));
        Assert.False(File.Exists(Oc(s, "opencode.json")));
    }

    [Fact]
    public void InvalidConfigFailsTheInstall_WithoutWritingTheAgentFile()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("oc", WithMcp);
        s.Write(Oc(s, "opencode.json"), "[1, 2]");
        var before = s.Snapshot();
        var r = s.Install("oc", "opencode_cli");
        Assert.StartsWith("Failed to install agent: ", r.Detail, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void O128_O129_O130_Permissions()
    {
        static Dictionary<string, string> P(params string[] allowed) => AllowedTools.OpenCodePermission(allowed).ToDictionary(kv => kv.Key, kv => kv.Value);

        var star = P("*");
        Assert.Equal(13, star.Count);
        Assert.All(star.Values, v => Assert.Equal("allow", v));

        var builtin = P("@builtin", "@cao-mcp-server", "web_fetch");
        foreach (var t in new[] { "read", "write", "edit", "glob", "grep", "bash", "skill", "todowrite" })
        {
            Assert.Equal("allow", builtin[t]);
        }

        foreach (var t in new[] { "task", "question", "webfetch", "websearch", "codesearch" })
        {
            Assert.Equal("deny", builtin[t]);
        }

        var none = P();
        Assert.Equal(13, none.Count);
        Assert.Equal(["skill", "todowrite"], none.Where(kv => kv.Value == "allow").Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["read", "write", "edit", "glob", "grep", "bash", "task", "question", "webfetch", "websearch", "codesearch", "skill", "todowrite"], none.Keys);
    }
}
