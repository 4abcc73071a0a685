using System.Text.Json;
using CaoOps.Profiles;
using CaoOps.Profiles.Install;

namespace CaoOps.Tests.Profiles;

/// <summary>
/// agent-profiles.md §5, install-service items ("Svc") 1–53, HEAD behaviour.
/// Not covered: 6's timeout/redirect arguments (properties of <see cref="HttpProfileDownloader"/>, no network in tests);
/// 13 is deliberately changed (env vars are applied in memory before parsing and persisted only on success, see InstallService);
/// 116 (store-name rules) is covered through the install-name checks; 117 (atomic store writes, no temp files) through the
/// transaction tests, but not its concurrency parts;
/// 37 tests reinstall idempotency (CAO's skill "refresh" is not part of this port); 54–59 are PR-166 only.
/// </summary>
public sealed class InstallServiceTests
{
    private const string TokenProfile =
        "---\nname: tok\ndescription: d\nmcpServers:\n  api:\n    command: api-mcp\n    env:\n      API_TOKEN: ${API_TOKEN}\n      BASE_URL: ${BASE_URL}\n---\nUse ${API_TOKEN} at ${BASE_URL}.\n";

    private static string Settings(ProfileSandbox s, string json) => s.Write(s.Paths.SettingsFile, json);

    [Fact]
    public void S01_S02_NestedProviderDir_ClaudeCode_ContextOnly_UnresolvedSorted()
    {
        using var s = new ProfileSandbox();
        var dir = Path.Combine(s.Root, "claude-agents");
        s.Write(Path.Combine(dir, "tok", "agent.md"), TokenProfile);
        Settings(s, "{\"agents\": {\"dirs\": {\"claude_code\": \"" + dir + "\"}}}");

        var r = s.Install("tok", "claude_code");

        Assert.True(r.Ok, r.Detail);
        Assert.Equal(JsonValueKind.Null, r.Json.GetProperty("agent_file").ValueKind);
        Assert.Equal(["API_TOKEN", "BASE_URL"], r.Json.GetProperty("unresolved_vars").EnumerateArray().Select(e => e.GetString()));
        var context = s.Read(Path.Combine(s.Paths.ContextDir, "tok.md"));
        Assert.Contains("${API_TOKEN}", context, StringComparison.Ordinal);
        Assert.Contains("${BASE_URL}", context, StringComparison.Ordinal);
    }

    [Fact]
    public void S03_S04_S05_FlatProviderDir_FlatAndNestedExtraDirs()
    {
        using var s = new ProfileSandbox();
        var kiro = Path.Combine(s.Home, ".kiro", "agents");
        s.Write(Path.Combine(kiro, "flatp.md"), "---\nname: flatp\n---\nx\n");
        var extra = Path.Combine(s.Root, "extra");
        s.Write(Path.Combine(extra, "flate.md"), "---\nname: flate\n---\nx\n");
        s.Write(Path.Combine(extra, "nestede", "agent.md"), "---\ndescription: n\n---\nx\n");
        Settings(s, $$$"""{"agents": {"extra_dirs": ["{{{extra}}}"]}}""");

        Assert.True(s.Install("flatp", "claude_code").Ok);
        Assert.True(s.Install("flate", "claude_code").Ok);
        var nested = s.Install("nestede", "claude_code");
        Assert.True(nested.Ok, nested.Detail);
        Assert.Equal("nestede", ProfileSandbox.Str(nested.Json, "agent_name"));
    }

    [Fact]
    public void S06_S07_S08_UrlInstall_GetsOnce_StoresStem_ResolvesSecretInKiroJson()
    {
        using var s = new ProfileSandbox();
        s.Downloader.Respond = _ => new ProfileDownloadResponse(200, "OK", false,
            "---\nname: dl\nmcpServers:\n  api:\n    command: api-mcp\n    env:\n      API_TOKEN: ${API_TOKEN}\n      BASE_URL: ${BASE_URL}\n---\nBody\n");

        var r = s.Install("https://raw.githubusercontent.com/o/r/main/remote-agent.md", "kiro_cli", new() { ["API_TOKEN"] = "tok-secret" });

        Assert.True(r.Ok, r.Detail);
        Assert.Equal([new Uri("https://raw.githubusercontent.com/o/r/main/remote-agent.md")], s.Downloader.Calls);
        Assert.True(File.Exists(Path.Combine(s.Store, "remote-agent.md")));
        Assert.Equal("url", ProfileSandbox.Str(r.Json, "source_kind"));
        Assert.Equal("dl", ProfileSandbox.Str(r.Json, "agent_name"));
        Assert.Equal(["BASE_URL"], r.Json.GetProperty("unresolved_vars").EnumerateArray().Select(e => e.GetString()));
        using var kiro = JsonDocument.Parse(s.Read(Path.Combine(s.Home, ".kiro", "agents", "dl.json")));
        var env = kiro.RootElement.GetProperty("mcpServers").GetProperty("api").GetProperty("env");
        Assert.Equal("tok-secret", env.GetProperty("API_TOKEN").GetString());
        Assert.Equal("${BASE_URL}", env.GetProperty("BASE_URL").GetString());
    }

    [Fact]
    public void S09_LocalStoreCopilot_FrontmatterAndResolvedSecretInBody()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("tok", TokenProfile);

        var r = s.Install("tok", "copilot_cli", new() { ["API_TOKEN"] = "sekrit-1" });

        Assert.True(r.Ok, r.Detail);
        Assert.Equal("name", ProfileSandbox.Str(r.Json, "source_kind"));
        var text = s.Read(Path.Combine(s.Home, ".copilot", "agents", "tok.agent.md"));
        Assert.StartsWith("---\ndescription: d\nname: tok\n---\n\nUse sekrit-1 at ${BASE_URL}.", text, StringComparison.Ordinal);
    }

    [Fact]
    public void S10_S25_BuiltinInstallsForKiroByDefault_WithResolvedEnv()
    {
        using var s = new ProfileSandbox(builtinStore: null);
        var store = Path.Combine(s.Root, "builtin");
        s.Write(Path.Combine(store, "bi.md"), "---\nname: bi\nmcpServers:\n  x:\n    command: c\n    env:\n      K: ${K}\n---\nBody\n");
        using var s2 = new ProfileSandbox(builtinStore: store);

        var r = s2.Install("bi", null, new() { ["K"] = "valu" });

        Assert.True(r.Ok, r.Detail);
        Assert.Equal("kiro_cli", ProfileSandbox.Str(r.Json, "provider"));
        using var kiro = JsonDocument.Parse(s2.Read(Path.Combine(s2.Home, ".kiro", "agents", "bi.json")));
        Assert.Equal("bi", kiro.RootElement.GetProperty("name").GetString());
        Assert.Equal("valu", kiro.RootElement.GetProperty("mcpServers").GetProperty("x").GetProperty("env").GetProperty("K").GetString());
    }

    [Fact]
    public void S11_BundledCommand_PrefersPathLauncherOverInterpreterSibling()
    {
        using var tmp = new ProfileSandbox();
        var venv = Path.Combine(tmp.Root, "venv");
        var store = Path.Combine(venv, "lib", "python3.12", "site-packages", "cli_agent_orchestrator", "agent_store");
        tmp.Write(Path.Combine(store, "developer.md"), GoldenInputs.BuiltinDeveloper);
        MakeExecutable(tmp.Write(Path.Combine(venv, "bin", "cao-mcp-server"), "#!/bin/sh\n"));
        var pathDir = Path.Combine(tmp.Root, "pathbin");
        var launcher = tmp.Write(Path.Combine(pathDir, "cao-mcp-server"), "#!/bin/sh\n");
        MakeExecutable(launcher);

        using var withPath = new ProfileSandbox(new() { ["PATH"] = pathDir }, builtinStore: store);
        Assert.True(withPath.Install("developer", "kiro_cli").Ok);
        using (var doc = JsonDocument.Parse(withPath.Read(Path.Combine(withPath.Home, ".kiro", "agents", "developer.json"))))
        {
            var e = doc.RootElement.GetProperty("mcpServers").GetProperty("cao-mcp-server");
            Assert.Equal(launcher, e.GetProperty("command").GetString());
            Assert.Equal(0, e.GetProperty("args").GetArrayLength());
        }

        using var siblingOnly = new ProfileSandbox(builtinStore: store);
        Assert.True(siblingOnly.Install("developer", "kiro_cli").Ok);
        using (var doc = JsonDocument.Parse(siblingOnly.Read(Path.Combine(siblingOnly.Home, ".kiro", "agents", "developer.json"))))
        {
            Assert.Equal(Path.Combine(venv, "bin", "cao-mcp-server"),
                doc.RootElement.GetProperty("mcpServers").GetProperty("cao-mcp-server").GetProperty("command").GetString());
        }
    }

    private static void MakeExecutable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void S12_KasEngineFailsForKiro_AndNothingIsWritten()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("kas", "---\nname: kas\nengine: kas\n---\nBody\n");
        var before = s.Snapshot();

        var r = s.Install("kas", "kiro_cli", new() { ["A"] = "1" });

        Assert.False(r.Ok);
        Assert.Contains("Cedar", r.Detail, StringComparison.Ordinal);
        Assert.StartsWith("Failed to install agent: Kiro KAS profiles", r.Detail, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot()); // transactional: no .env, no context file, no Kiro JSON
    }

    [Fact]
    public void S13_SuppliedEnvVarsAreSeenByTheParse_AndPersistedAfterSuccess()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("m", "---\nname: m\nmodel: ${MODEL}\n---\nx\n");

        var r = s.Install("m", "kiro_cli", new() { ["MODEL"] = "claude-x" });

        Assert.True(r.Ok, r.Detail);
        Assert.Contains("\"model\": \"claude-x\"", s.Read(Path.Combine(s.Home, ".kiro", "agents", "m.json")), StringComparison.Ordinal);
        Assert.Equal("MODEL='claude-x'\n", s.Read(s.Paths.EnvFile));
    }

    [Fact]
    public void S14_MissingProfile_ExactFailureShape()
    {
        using var s = new ProfileSandbox();
        var r = s.Install("missing-agent");
        Assert.False(r.Ok);
        Assert.Equal(400, r.StatusCode);
        Assert.Equal("Agent profile not found: missing-agent", r.Detail);
        Assert.Equal(
            """{"success":false,"message":"Agent profile not found: missing-agent","agent_name":null,"context_file":null,"agent_file":null,"unresolved_vars":null,"source_kind":null,"provider":null}""",
            r.Json.GetRawText());
    }

    [Fact]
    public void S15_S24_InvalidExplicitProvider_FailsFirst_NoEnvNoDownload()
    {
        using var s = new ProfileSandbox();
        var r = s.Install("whatever", "bad_provider", new() { ["K"] = "v" });
        Assert.StartsWith("Invalid provider 'bad_provider'.", r.Detail, StringComparison.Ordinal);
        Assert.Equal(
            "Invalid provider 'bad_provider'. Valid providers: kiro_cli, claude_code, codex, kimi_cli, copilot_cli, opencode_cli, hermes, cursor_cli, antigravity_cli, omp, grok_cli, mcode, mock_cli",
            r.Detail);
        Assert.False(File.Exists(s.Paths.EnvFile));

        var u = s.Install("https://github.com/o/r/x.md", "bad_provider");
        Assert.False(u.Ok);
        Assert.Empty(s.Downloader.Calls);
    }

    [Fact]
    public void S16_DownloadException_IsPrefixed()
    {
        using var s = new ProfileSandbox();
        s.Downloader.Respond = _ => throw new ProfileDownloadException("boom");
        Assert.Equal("Failed to download agent: boom", s.Install("https://github.com/o/r/x.md").Detail);

        s.Downloader.Respond = _ => new ProfileDownloadResponse(404, "Not Found", false, "");
        Assert.Equal("Failed to download agent: 404 Client Error: Not Found for url: https://github.com/o/r/x.md", s.Install("https://github.com/o/r/x.md").Detail);
    }

    [Fact]
    public void S17_CopilotWithoutUsableText_Fails()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("blank", "---\nname: blank\nprompt: '   '\n---\n   \n");
        var r = s.Install("blank", "copilot_cli");
        Assert.Equal(
            "Failed to install agent: Agent 'blank' has no usable prompt content for Copilot (both system_prompt and prompt are empty or whitespace)",
            r.Detail);
        Assert.False(Directory.Exists(s.Paths.ContextDir));
    }

    [Theory]
    [InlineData("https://github.com/o/r/agent.txt", "Failed to install agent: URL path must match /segment/.../file.md with no traversal segments.")]
    [InlineData("http://github.com/o/r/a.md", "Failed to install agent: Profile URL must use https://")]
    [InlineData("https://evil.example.com/o/a.md", "Failed to install agent: Host 'evil.example.com' is not in the allowed downloader hosts. Set CAO_PROFILE_ALLOWED_HOSTS to extend the allowlist.")]
    [InlineData("https://github.com/o/..%2F..%2Fetc/a.md", "Failed to install agent: URL path must match /segment/.../file.md with no traversal segments.")]
    [InlineData("https://github.com/o/../a.md", "Failed to install agent: URL path must match /segment/.../file.md with no traversal segments.")]
    [InlineData("https://github.com/o/a.md?x=1", "Failed to install agent: Profile URL must not include query, fragment, or userinfo.")]
    [InlineData("https://u:p@github.com/o/a.md", "Failed to install agent: Profile URL must not include query, fragment, or userinfo.")]
    [InlineData("https://github.com/o/a.b.md", "Failed to install agent: URL filename stem must match [A-Za-z0-9_-]{1,64}")]
    [InlineData("HTTPS://github.com/o/a.md", "Invalid profile name 'HTTPS://github.com/o/a.md'. Expected a name matching [A-Za-z0-9_-]{1,64}, an https:// URL, or (CLI only) a local .md file path.")]
    public void S18_S26_S27_S28_UrlHardening(string url, string message)
    {
        using var s = new ProfileSandbox();
        var r = s.Install(url);
        Assert.Equal(message, r.Detail);
        Assert.Empty(s.Downloader.Calls);
    }

    [Fact]
    public void S29_S30_RedirectsRefused_AllowListOverrideReplacesDefaults_PortDropped()
    {
        using var s = new ProfileSandbox(new() { ["CAO_PROFILE_ALLOWED_HOSTS"] = " Mirror.Example ,," });
        s.Downloader.Respond = _ => new ProfileDownloadResponse(302, "Found", true, "");
        Assert.Equal("Failed to install agent: Redirects are not allowed for profile downloads.", s.Install("https://mirror.example/p/a.md").Detail);

        s.Downloader.Respond = _ => new ProfileDownloadResponse(200, "OK", false, "---\nname: a\n---\nx\n");
        var ok = s.Install("https://MIRROR.example:8443/p/a.md", "claude_code");
        Assert.True(ok.Ok, ok.Detail);
        Assert.Equal(new Uri("https://mirror.example/p/a.md"), s.Downloader.Calls[^1]);
        Assert.Contains("not in the allowed downloader hosts", s.Install("https://github.com/o/a.md").Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/tmp/x/agent.md")]
    [InlineData("../../etc/passwd")]
    [InlineData("foo/bar")]
    [InlineData("../../etc/passwd.md")]
    [InlineData("/tmp/foo/../etc/passwd.md")]
    [InlineData("has.dot")]
    [InlineData("")]
    [InlineData("has space")]
    [InlineData("a\\b")]
    [InlineData(".")]
    [InlineData("..")]
    public void S31_S32_S33_PathsAndBadNamesAreInvalidNames(string source)
    {
        using var s = new ProfileSandbox();
        Assert.StartsWith($"Invalid profile name '{source}'.", s.Install(source).Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void NameRegex_64IsInclusive_65Fails_TrailingNewlineFails()
    {
        using var s = new ProfileSandbox();
        Assert.Equal($"Agent profile not found: {new string('a', 64)}", s.Install(new string('a', 64)).Detail);
        Assert.StartsWith("Invalid profile name", s.Install(new string('a', 65)).Detail, StringComparison.Ordinal);
        Assert.StartsWith("Invalid profile name", s.Install("abc\n").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void S34_S35_S36_KiroPromptAndResources()
    {
        using var s = new ProfileSandbox();
        s.Write(Path.Combine(s.Paths.SkillsDir, "py-tests", "SKILL.md"), GoldenInputs.PyTestsSkill);
        s.StoreProfile("p", "---\nname: p\nprompt: '  Build things  '\n---\nThe body\n");
        s.StoreProfile("np", "---\nname: np\n---\nThe body\n");

        Assert.True(s.Install("p", "kiro_cli").Ok);
        Assert.True(s.Install("np", "kiro_cli").Ok);

        using var p = JsonDocument.Parse(s.Read(Path.Combine(s.Home, ".kiro", "agents", "p.json")));
        Assert.Equal("Build things", p.RootElement.GetProperty("prompt").GetString());
        var resources = p.RootElement.GetProperty("resources").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Single(resources, r => r.StartsWith("skill://", StringComparison.Ordinal));
        Assert.EndsWith("/**/SKILL.md", resources[1], StringComparison.Ordinal);
        using var np = JsonDocument.Parse(s.Read(Path.Combine(s.Home, ".kiro", "agents", "np.json")));
        Assert.False(np.RootElement.TryGetProperty("prompt", out _));
        Assert.Equal(2, np.RootElement.GetProperty("resources").GetArrayLength());
    }

    [Fact]
    public void S37_NonAsciiCopilotReinstall_IsByteIdentical()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("uni", "---\nname: uni\ndescription: Ünïcode ✓ 🚀 description\n---\nCafé body 🚀\n");
        Assert.True(s.Install("uni", "copilot_cli").Ok);
        var first = File.ReadAllBytes(Path.Combine(s.Home, ".copilot", "agents", "uni.agent.md"));
        Assert.True(s.Install("uni", "copilot_cli").Ok);
        Assert.Equal(first, File.ReadAllBytes(Path.Combine(s.Home, ".copilot", "agents", "uni.agent.md")));
        Assert.StartsWith("---\ndescription: \"Ünïcode ✓ \\U0001F680 description\"\n", System.Text.Encoding.UTF8.GetString(first), StringComparison.Ordinal);
    }

    [Fact]
    public void S38_S45_SecretsResolveInOutputsButNotInContextFile()
    {
        using var s = new ProfileSandbox();
        s.Write(s.Paths.EnvFile, "BASE_URL=http://host\n");
        s.StoreProfile("tok", TokenProfile);

        var r = s.Install("tok", "kiro_cli", new() { ["API_TOKEN"] = "sekrit-2" });

        Assert.True(r.Ok, r.Detail);
        var kiro = s.Read(Path.Combine(s.Home, ".kiro", "agents", "tok.json"));
        Assert.Contains("sekrit-2", kiro, StringComparison.Ordinal);
        Assert.Contains("http://host", kiro, StringComparison.Ordinal);
        var context = s.Read(Path.Combine(s.Paths.ContextDir, "tok.md"));
        Assert.DoesNotContain("sekrit-2", context, StringComparison.Ordinal);
        Assert.Contains("${API_TOKEN}", context, StringComparison.Ordinal);
        Assert.Equal("BASE_URL=http://host\nAPI_TOKEN='sekrit-2'\n", s.Read(s.Paths.EnvFile));
        Assert.DoesNotContain("sekrit-2", r.Json.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public void S39_S40_S42_S43_S44_EnvVarsAndUnresolvedReport()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("multi", "---\nname: multi\n---\n${A} ${B} ${URL}\n");
        var r = s.Install("multi", "claude_code", new() { ["A"] = "1", ["B"] = "http://host?a=b" });
        Assert.Equal(["URL"], r.Json.GetProperty("unresolved_vars").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("A='1'\nB='http://host?a=b'\n", s.Read(s.Paths.EnvFile));

        var all = s.Install("multi", "claude_code", new() { ["URL"] = "u" });
        Assert.Equal(JsonValueKind.Null, all.Json.GetProperty("unresolved_vars").ValueKind);

        s.StoreProfile("none", "---\nname: none\n---\nNo placeholders, $bare and $$ only.\n");
        Assert.Equal(JsonValueKind.Null, s.Install("none", "claude_code").Json.GetProperty("unresolved_vars").ValueKind);
    }

    [Fact]
    public void S41_NoEnvVars_NoEnvFile()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("p", "---\nname: p\n---\nx\n");
        Assert.True(s.Install("p", "claude_code", new()).Ok);
        Assert.False(File.Exists(s.Paths.EnvFile));
    }

    [Fact]
    public void S19_YamlErrorIsPrefixed_AndEnvIsNotChanged()
    {
        using var s = new ProfileSandbox();
        s.Write(s.Paths.EnvFile, "KEEP='me'\n");
        s.StoreProfile("bad", "---\nname: bad\ntools: [a, b\nrole: x\n---\nbody\n");
        var before = s.Snapshot();

        var r = s.Install("bad", "kiro_cli", new() { ["NEW"] = "value" });

        Assert.StartsWith("Failed to install agent: ", r.Detail, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void ValidationErrorIsPydanticShaped_AndSecretsAreMasked()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("v", "---\nname: v\nmodel: ${MODEL_ID}\n---\nx\n");
        var r = s.Install("v", "kiro_cli", new() { ["MODEL_ID"] = "12345" });
        Assert.StartsWith("Failed to install agent: 1 validation error for AgentProfile\nmodel\n  Input should be a valid string [type=string_type, input_value=***, input_type=int]", r.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain("12345", r.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void S20_S21_S22_S23_ProviderPrecedence()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("cc", "---\nname: cc\nprovider: claude_code\n---\nx\n");
        s.StoreProfile("plain", "---\nname: plain\n---\nx\n");
        s.StoreProfile("bogus", "---\nname: bogus\nprovider: bogus_provider\n---\nx\n");
        var kiroDir = Path.Combine(s.Home, ".kiro", "agents");

        var explicitWins = s.Install("cc", "kiro_cli");
        Assert.Equal("kiro_cli", ProfileSandbox.Str(explicitWins.Json, "provider"));
        Assert.True(File.Exists(Path.Combine(kiroDir, "cc.json")));
        File.Delete(Path.Combine(kiroDir, "cc.json"));

        var fm = s.Install("cc");
        Assert.Equal("claude_code", ProfileSandbox.Str(fm.Json, "provider"));
        Assert.Equal(JsonValueKind.Null, fm.Json.GetProperty("agent_file").ValueKind);
        Assert.False(File.Exists(Path.Combine(kiroDir, "cc.json")));

        Assert.Equal("kiro_cli", ProfileSandbox.Str(s.Install("plain").Json, "provider"));
        Assert.True(File.Exists(Path.Combine(kiroDir, "plain.json")));

        var bogus = s.Install("bogus");
        Assert.True(bogus.Ok);
        Assert.Equal("kiro_cli", ProfileSandbox.Str(bogus.Json, "provider"));
        Assert.Contains(s.Warnings, w => w.Contains("invalid provider 'bogus_provider'", StringComparison.Ordinal));
    }

    [Fact]
    public void S46_To_S52_KiroTimeoutInjection()
    {
        static CaoOps.Profiles.Yaml.PyDict Server(params (string K, object? V)[] kv)
        {
            var d = new CaoOps.Profiles.Yaml.PyDict();
            foreach (var (k, v) in kv)
            {
                d.Set(k, v);
            }

            return d;
        }

        static CaoOps.Profiles.Yaml.PyList Args(params string[] a)
        {
            var l = new CaoOps.Profiles.Yaml.PyList();
            l.AddRange(a);
            return l;
        }

        var input = new CaoOps.Profiles.Yaml.PyDict();
        input.Set("cao-mcp-server", Server(("command", "x")));
        input.Set("a", Server(("command", "uvx"), ("args", Args("--from", "git+x", "cao-mcp-server"))));
        input.Set("b", Server(("command", "/opt/bin/cao-mcp-server")));
        input.Set("c", Server(("command", "/usr/bin/python3"), ("args", Args("-m", "cli_agent_orchestrator.mcp_server.server"))));
        input.Set("other", Server(("command", "gh-mcp")));
        input.Set("explicit", Server(("command", "cao-mcp-server"), ("timeout", new System.Numerics.BigInteger(5))));

        var output = CaoMcpCommand.InjectKiroTimeout(input)!;

        foreach (var key in new[] { "cao-mcp-server", "a", "b", "c" })
        {
            var entry = (CaoOps.Profiles.Yaml.PyDict)output.GetOrNull(key)!;
            Assert.Equal("timeout", (string)entry.Entries[^1].Key!);
            Assert.Equal(new System.Numerics.BigInteger(1_200_000), entry.GetOrNull("timeout"));
        }

        Assert.False(((CaoOps.Profiles.Yaml.PyDict)output.GetOrNull("other")!).ContainsKey("timeout"));
        Assert.Equal(new System.Numerics.BigInteger(5), ((CaoOps.Profiles.Yaml.PyDict)output.GetOrNull("explicit")!).GetOrNull("timeout"));
        Assert.False(((CaoOps.Profiles.Yaml.PyDict)input.GetOrNull("a")!).ContainsKey("timeout")); // input not mutated
        Assert.Null(CaoMcpCommand.InjectKiroTimeout(null));
        var empty = new CaoOps.Profiles.Yaml.PyDict();
        Assert.Same(empty, CaoMcpCommand.InjectKiroTimeout(empty));
    }

    [Fact]
    public void S53_OmpIsContextOnly()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("p", "---\nname: p\n---\nx\n");
        var r = s.Install("p", "omp");
        Assert.Equal("omp", ProfileSandbox.Str(r.Json, "provider"));
        Assert.Equal(JsonValueKind.Null, r.Json.GetProperty("agent_file").ValueKind);
    }

    [Fact]
    public void NameWithSlash_IsRefused_EvenWhenTheContextSubfolderExists()
    {
        // Deliberate difference from CAO (which writes agent-context/my/agent.md and my__agent.json): file names come
        // only from names that pass the profile-name rule (see HostileProfileTests for traversal).
        using var s = new ProfileSandbox();
        s.StoreProfile("slash", "---\nname: my/agent\n---\nx\n");
        Directory.CreateDirectory(Path.Combine(s.Paths.ContextDir, "my"));
        var before = s.Snapshot();

        var r = s.Install("slash", "kiro_cli");

        Assert.False(r.Ok);
        Assert.StartsWith("Failed to install agent: profile name 'my/agent' is not allowed: ", r.Detail, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void FailedCommitRollsBack_AndLeavesNoTempFiles()
    {
        using var s = new ProfileSandbox();
        s.Write(s.Paths.EnvFile, "OLD='x'\n");
        s.StoreProfile("p", "---\nname: p\n---\nx\n");
        // A folder where the Kiro JSON must go makes the last write fail after .env/context were published.
        Directory.CreateDirectory(Path.Combine(s.Home, ".kiro", "agents", "p.json"));
        var before = s.Snapshot();

        var r = s.Install("p", "kiro_cli", new() { ["NEW"] = "y" });

        Assert.False(r.Ok);
        Assert.StartsWith("Failed to install agent: ", r.Detail, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void CustomRolesFromSettings_AndUnknownRoleWarns()
    {
        using var s = new ProfileSandbox();
        s.Write(s.Paths.SettingsFile, """{"agents": {"roles": {"ops": ["execute_bash"]}}, "roles": {"ops": ["fs_read"]}}""");
        s.StoreProfile("ops", "---\nname: ops\nrole: ops\n---\nx\n");
        s.StoreProfile("unk", "---\nname: unk\nrole: nobody\nmcpServers:\n  m:\n    command: x\n---\nx\n");

        Assert.True(s.Install("ops", "kiro_cli").Ok);
        Assert.True(s.Install("unk", "kiro_cli").Ok);

        using var ops = JsonDocument.Parse(s.Read(Path.Combine(s.Home, ".kiro", "agents", "ops.json")));
        Assert.Equal(["execute_bash"], ops.RootElement.GetProperty("allowedTools").EnumerateArray().Select(e => e.GetString()));
        using var unk = JsonDocument.Parse(s.Read(Path.Combine(s.Home, ".kiro", "agents", "unk.json")));
        Assert.Equal(["*"], unk.RootElement.GetProperty("allowedTools").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(s.Warnings, w => w.StartsWith("Unknown role 'nobody'", StringComparison.Ordinal));
    }
}
