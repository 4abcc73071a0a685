using System.Text.Json;

namespace CaoOps.Tests.Profiles;

/// <summary>
/// agent-profiles.md §5: API 60–68, AP 72–75 and 80–101, DD 102/104–109/111–112 (HEAD).
/// Skipped: 69–71 (HTTP 422/route/schema surface, not the engine); 76–79 (resolve_provider is a launch-time
/// helper, not part of this API — install's precedence is tested by Svc 20–25); 103 and 110 (writers of the
/// disabled-dir setting, not ported; only reading is); 113–115 (bundled profiles: this port never bundles any).
/// </summary>
public sealed class DiscoveryTests
{
    private static List<JsonElement> List(ProfileSandbox s) => s.Engine.ListProfiles().EnumerateArray().ToList();

    private static JsonElement Entry(ProfileSandbox s, string name) => List(s).Single(e => e.GetProperty("name").GetString() == name);

    private static string[] Dup(JsonElement e) => e.GetProperty("duplicated_in").EnumerateArray().Select(x => x.GetString()!).ToArray();

    private static string BuiltinStore(ProfileSandbox s, params (string Name, string Text)[] files)
    {
        var dir = Path.Combine(s.Root, "builtin-src", "agent_store");
        Directory.CreateDirectory(dir);
        foreach (var (name, text) in files)
        {
            s.Write(Path.Combine(dir, name), text);
        }

        return dir;
    }

    [Fact]
    public void A60_GetReturnsOnlyNonNullFields_InModelOrder()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("dev", "---\nname: dev\ndescription: D\nrole: developer\nmcpServers:\n  m:\n    command: x\n    args: []\n    opt: null\n---\n# Body\n");
        var r = s.Engine.GetProfile("dev");
        Assert.True(r.Ok, r.Detail);
        Assert.Equal("""{"name":"dev","description":"D","system_prompt":"# Body","role":"developer","mcpServers":{"m":{"command":"x","args":[],"opt":null}}}""", r.Json.GetRawText());
    }

    [Fact]
    public void A61_A62_A63_A74_A75_A99_GetErrors()
    {
        using var s = new ProfileSandbox();
        var missing = s.Engine.GetProfile("missing");
        Assert.Equal((404, "Agent profile not found: missing"), (missing.StatusCode, missing.Detail));

        s.StoreProfile("broken", "---\nname: [x\n---\nbody\n");
        var broken = s.Engine.GetProfile("broken");
        Assert.Equal(500, broken.StatusCode);
        Assert.StartsWith("Failed to load agent profile 'broken': ", broken.Detail, StringComparison.Ordinal);

        foreach (var bad in new[] { "..evil", "../escaped", "a/b", "a\\b" })
        {
            var r = s.Engine.GetProfile(bad);
            Assert.Equal(400, r.StatusCode);
            Assert.Equal($"Invalid agent name '{bad}': must not contain '/', '\\', or '..'", r.Detail);
        }

        s.StoreProfile("invalid", "---\nname: 123\n---\nbody\n");
        var invalid = s.Engine.GetProfile("invalid");
        Assert.Equal(400, invalid.StatusCode);
        Assert.Equal(
            "1 validation error for AgentProfile\nname\n  Input should be a valid string [type=string_type, input_value=123, input_type=int]\n    For further information visit https://errors.pydantic.dev/2.13/v/string_type",
            invalid.Detail);

        s.StoreProfile("typeerr", "---\n1: x\n---\nbody\n");
        Assert.Equal((500, "Failed to load agent profile 'typeerr': keywords must be strings"), (s.Engine.GetProfile("typeerr").StatusCode, s.Engine.GetProfile("typeerr").Detail));
    }

    [Fact]
    public void A64_A101_GrokNativeWorkflows_TrueFalseKept_AbsentOmitted()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("t", "---\ngrokNativeWorkflows: true\n---\nx\n");
        s.StoreProfile("f", "---\ngrokNativeWorkflows: false\n---\nx\n");
        s.StoreProfile("n", "---\nname: n\n---\nx\n");
        Assert.True(s.Engine.GetProfile("t").Json.GetProperty("grokNativeWorkflows").GetBoolean());
        Assert.False(s.Engine.GetProfile("f").Json.GetProperty("grokNativeWorkflows").GetBoolean());
        Assert.False(s.Engine.GetProfile("n").Json.TryGetProperty("grokNativeWorkflows", out _));
    }

    [Fact]
    public void A65_A66_A67_A68_InstallResultShapes()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("p", "---\nname: p\n---\nx\n");
        var ok = s.Install("p");
        Assert.Equal(200, ok.StatusCode);
        Assert.Equal(["success", "message", "agent_name", "context_file", "agent_file", "unresolved_vars", "source_kind", "provider"],
            ok.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal("kiro_cli", ProfileSandbox.Str(ok.Json, "provider"));

        var bad = s.Install("p", "bad_provider");
        Assert.Equal(400, bad.StatusCode);
        Assert.Contains("Invalid provider 'bad_provider'", bad.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A72_A73_A94_A95_A96_LoadResolvesEnvFromDotEnvOnly()
    {
        var builtinRoot = new ProfileSandbox();
        var store = BuiltinStore(builtinRoot, ("bi.md", "---\ndescription: ${X}\n---\nbuilt-in ${X}\n"));
        using var s = new ProfileSandbox(new() { ["HOME_LIKE"] = "process-value" }, builtinStore: store);
        s.Write(s.Paths.EnvFile, "X=ex\nSECRET='it\\'s ${X}'\n");
        s.StoreProfile("loc", "---\ndescription: local\nmcpServers:\n  m:\n    command: c\n    env:\n      S: ${SECRET}\n---\nBody ${X} ${MISSING} ${HOME_LIKE} $X $$X\n");

        var loc = s.Engine.GetProfile("loc").Json;
        Assert.Equal("loc", loc.GetProperty("name").GetString());
        Assert.Equal("local", loc.GetProperty("description").GetString());
        Assert.Equal("Body ex ${MISSING} ${HOME_LIKE} ex $X", loc.GetProperty("system_prompt").GetString());
        Assert.Equal("it's ex", loc.GetProperty("mcpServers").GetProperty("m").GetProperty("env").GetProperty("S").GetString());

        var bi = s.Engine.GetProfile("bi").Json;
        Assert.Equal("ex", bi.GetProperty("description").GetString());
        Assert.Equal("built-in ex", bi.GetProperty("system_prompt").GetString());
        builtinRoot.Dispose();
    }

    [Fact]
    public void A80_A81_A82_A84_A85_A86_ListingMergesSourcesSortedWithDuplicates()
    {
        using var tmp = new ProfileSandbox();
        var store = BuiltinStore(tmp, ("developer.md", "---\nname: developer\nrole: developer\n---\nx\n"), ("zeta.md", "---\n---\n"), ("__init__.py", ""), ("notes.txt", "x"));
        using var s = new ProfileSandbox(builtinStore: store);
        s.StoreProfile("developer", "---\nname: developer\ndescription: mine\n---\nx\n");
        s.Write(Path.Combine(s.Home, ".kiro", "agents", "kiro-one.md"), "---\ndescription: k\n---\nx\n");
        var extra = Path.Combine(s.Root, "extra");
        s.Write(Path.Combine(extra, "Alpha.md"), "---\n---\nx\n");
        s.Write(s.Paths.SettingsFile, "{\"extra_agent_dirs\": [\"" + extra + "\"]}");

        var list = List(s);

        Assert.Equal(["Alpha", "developer", "kiro-one", "zeta"], list.Select(e => e.GetProperty("name").GetString()));
        var dev = list[1];
        Assert.Equal("local", dev.GetProperty("source").GetString());
        Assert.Equal("mine", dev.GetProperty("description").GetString());
        Assert.Equal(["built-in"], Dup(dev));
        Assert.Equal("custom", list[0].GetProperty("source").GetString());
        Assert.Equal("kiro", list[2].GetProperty("source").GetString());
        Assert.Equal("built-in", list[3].GetProperty("source").GetString());
        Assert.Equal(["name", "source", "loadable", "description", "capabilities", "tags", "role", "duplicated_in"], dev.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public void A83_A87_A88_A89_A91_A92_ToleratesMissingDirsAndBadFiles()
    {
        using var tmp = new ProfileSandbox();
        var store = BuiltinStore(tmp, ("bad.md", "\u00ff"));
        File.WriteAllBytes(Path.Combine(store, "bad.md"), [0xff, 0xfe]);
        using var s = new ProfileSandbox(builtinStore: store);
        s.Write(s.Paths.SettingsFile, """{"agents": {"extra_dirs": ["/nonexistent/dir"]}}""");
        Directory.CreateDirectory(Path.Combine(s.Store, "emptydir"));
        s.StoreProfile("badfm", "---\nname: [x\n---\n");
        s.StoreProfile("invalid", "---\ndescription: fine\nname: 5\n---\n");

        var list = List(s);
        var bad = list.Single(e => e.GetProperty("name").GetString() == "bad");
        Assert.Equal(("built-in", false, ""), (bad.GetProperty("source").GetString(), bad.GetProperty("loadable").GetBoolean(), bad.GetProperty("description").GetString()));
        var empty = list.Single(e => e.GetProperty("name").GetString() == "emptydir");
        Assert.False(empty.GetProperty("loadable").GetBoolean());
        Assert.Equal("", empty.GetProperty("description").GetString());
        Assert.Equal("", Entry(s, "badfm").GetProperty("description").GetString());
        var invalid = Entry(s, "invalid");
        Assert.Equal(("fine", false), (invalid.GetProperty("description").GetString(), invalid.GetProperty("loadable").GetBoolean()));
        Assert.All(list, e => Assert.Empty(Dup(e))); // claude_code/codex (= local store) are not rescanned

        using var noStore = new ProfileSandbox(builtinStore: s.Paths.EnvFile + "-not-a-dir");
        Assert.Empty(List(noStore));
    }

    [Fact]
    public void A90_A93_A97_A98_A108_ScanDirectoryLayouts()
    {
        using var s = new ProfileSandbox();
        var kiro = Path.Combine(s.Home, ".kiro", "agents");
        s.Write(Path.Combine(kiro, "both.md"), "---\ndescription: flat\n---\nx\n");
        s.Write(Path.Combine(kiro, "both", "agent.md"), "---\ndescription: nested\n---\nx\n");
        s.Write(Path.Combine(kiro, "nest", "agent.md"), "---\ndescription: n\n---\nx\n");
        s.Write(Path.Combine(kiro, "empty.md"), "---\n---\n");
        s.Write(Path.Combine(kiro, "README.MD"), "x");
        s.Write(Path.Combine(kiro, "x.json"), "{}");

        var names = List(s).Select(e => e.GetProperty("name").GetString()).ToList();
        Assert.Equal(["both", "empty", "nest"], names);
        Assert.Empty(Dup(Entry(s, "both")));
        Assert.Equal("flat", s.Engine.GetProfile("both").Json.GetProperty("description").GetString()); // loader prefers flat
        Assert.Equal("nest", s.Engine.GetProfile("nest").Json.GetProperty("name").GetString());
        var empty = s.Engine.GetProfile("empty").Json;
        Assert.Equal(("empty", ""), (empty.GetProperty("name").GetString(), empty.GetProperty("description").GetString()));
    }

    [Fact]
    public void A100_CodexConfigKeepsDottedKeysAndTypes()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("c", "---\ncodexConfig:\n  model_reasoning_effort: xhigh\n  features.fast_mode: true\n  n: 3\n  f: 1.5\n---\nx\n");
        Assert.Equal("""{"model_reasoning_effort":"xhigh","features.fast_mode":true,"n":3,"f":1.5}""",
            s.Engine.GetProfile("c").Json.GetProperty("codexConfig").GetRawText());
    }

    [Fact]
    public void LocalStoreNestedIsListedNotLoadable_ButLoadsThroughClaudeCodeDir()
    {
        using var s = new ProfileSandbox();
        s.Write(Path.Combine(s.Store, "deep", "agent.md"), "---\ndescription: deep\n---\nx\n");
        var e = Entry(s, "deep");
        Assert.Equal(("local", false), (e.GetProperty("source").GetString(), e.GetProperty("loadable").GetBoolean()));
        Assert.True(s.Engine.GetProfile("deep").Ok);
    }

    [Fact]
    public void DD104_DD105_DD106_DD109_DisabledDirsSwapWinnerAndHide()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("dup", "---\ndescription: local\n---\nx\n");
        var extra = Path.Combine(s.Root, "extra");
        s.Write(Path.Combine(extra, "dup.md"), "---\ndescription: extra\n---\nx\n");
        s.Write(s.Paths.SettingsFile, "{\"agents\": {\"extra_dirs\": [\"" + extra + "\"]}}");
        Assert.Equal(["custom"], Dup(Entry(s, "dup")));

        // Disabled through the claude_code default spelling with a trailing slash.
        s.Write(s.Paths.SettingsFile, "{\"agents\": {\"extra_dirs\": [\"" + extra + "\"], \"disabled_dirs\": [\"" + s.Store + "/\"]}}");
        var swapped = Entry(s, "dup");
        Assert.Equal(("custom", "extra"), (swapped.GetProperty("source").GetString(), swapped.GetProperty("description").GetString()));
        Assert.Empty(Dup(swapped));
        Assert.Equal("extra", s.Engine.GetProfile("dup").Json.GetProperty("description").GetString());

        // A symlinked spelling of the extra dir plus "~" spelling of the store: both disabled → hidden.
        var link = Path.Combine(s.Root, "extra-link");
        File.CreateSymbolicLink(link, extra);
        s.Write(s.Paths.SettingsFile, "{\"agents\": {\"extra_dirs\": [\"" + extra + "\"], \"disabled_dirs\": [\"" + link + "\", \"~/.aws/cli-agent-orchestrator/agent-store\"]}}");
        Assert.DoesNotContain(List(s), x => x.GetProperty("name").GetString() == "dup");
        Assert.Equal(404, s.Engine.GetProfile("dup").StatusCode);
    }

    [Fact]
    public void DD102_DD107_DD111_DD112_SettingsShapes()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("p", "---\n---\nx\n");
        s.Write(s.Paths.SettingsFile, """{"agents": {"dirs": {"codex": "/nonexistent"}, "disabled_dirs": "oops"}, "agent_dirs": {"codex": "/elsewhere"}, "disabled_agent_dirs": [1, "", "  "]}""");
        Assert.Equal("local", Entry(s, "p").GetProperty("source").GetString()); // non-list nested → flat; bad entries skipped

        s.Write(s.Paths.SettingsFile, "not json");
        Assert.Single(List(s));

        var shared = Path.Combine(s.Root, "shared");
        s.Write(Path.Combine(shared, "sh.md"), "---\n---\nx\n");
        s.Write(s.Paths.SettingsFile, "{\"agents\": {\"dirs\": {\"claude_code\": \"" + shared + "\", \"codex\": \"" + shared + "\"}}}");
        var sh = Entry(s, "sh");
        Assert.Equal("claude_code", sh.GetProperty("source").GetString());
        Assert.Empty(Dup(sh));
    }

    [Fact]
    public void ListingFailsWhenAConfiguredDirIsAFile()
    {
        using var s = new ProfileSandbox();
        var file = s.Write("not-a-dir", "x");
        s.Write(s.Paths.SettingsFile, "{\"extra_agent_dirs\": [\"" + file + "\"]}");
        var r = s.Engine.ListProfilesResult();
        Assert.Equal((500, $"Failed to list agent profiles: [Errno 20] Not a directory: '{file}'"), (r.StatusCode, r.Detail));
    }

    [Fact]
    public void DiscoveryFieldsAreBounded()
    {
        using var s = new ProfileSandbox();
        var caps = string.Join(", ", Enumerable.Range(0, 40).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        s.StoreProfile("b", $"---\ndescription: {new string('d', 1100)}\ncapabilities: [{caps}, {new string('c', 200)}]\ntags: [ok, 'bad tag', 7, true]\nrole: 5\n---\n");
        var e = Entry(s, "b");
        Assert.Equal(1024, e.GetProperty("description").GetString()!.Length);
        Assert.Equal(32, e.GetProperty("capabilities").GetArrayLength());
        Assert.Equal("0", e.GetProperty("capabilities")[0].GetString());
        Assert.Equal(["ok", "7", "True"], e.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal("", e.GetProperty("role").GetString());
    }

    [Fact]
    public void SymlinkEscapingItsDir_IsListedButNotLoadable()
    {
        using var s = new ProfileSandbox();
        var outside = s.Write(Path.Combine(s.Root, "outside.md"), "---\ndescription: out\n---\nx\n");
        Directory.CreateDirectory(s.Store);
        File.CreateSymbolicLink(Path.Combine(s.Store, "esc.md"), outside);
        Assert.Equal("out", Entry(s, "esc").GetProperty("description").GetString());
        Assert.Equal(404, s.Engine.GetProfile("esc").StatusCode);
    }
}
