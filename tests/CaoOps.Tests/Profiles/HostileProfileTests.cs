using System.Diagnostics;
using System.Text;
using CaoOps.Profiles;
using CaoOps.Profiles.Model;
using CaoOps.Profiles.Validation;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Tests.Profiles;

/// <summary>
/// Issue 20: install never writes outside its folders, and the YAML engine is bounded (depth, aliases, merge keys,
/// ${VAR} output, file size). Each hostile input must end in a finding of our own type, quickly and in bounded memory.
/// </summary>
public sealed class HostileProfileTests
{
    private const string Traversal = "../../../../../../../../tmp/x/config";

    private static readonly string[] WritingProviders = ["kiro_cli", "claude_code", "copilot_cli", "opencode_cli", "codex"];

    private static string Fm(string yaml, string body = "body") => $"---\nname: t\ndescription: d\n{yaml}\n---\n{body}\n";

    /// <summary>Runs <paramref name="action"/> and asserts it took under 5 s and allocated under 200 MB.</summary>
    private static T Bounded<T>(Func<T> action)
    {
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var sw = Stopwatch.StartNew();
        var result = action();
        sw.Stop();
        var used = GC.GetAllocatedBytesForCurrentThread() - allocated;
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
        Assert.True(used < 200L * 1024 * 1024, $"allocated {used / (1024 * 1024)} MB");
        return result;
    }

    private static ProfileParseException Refused(string text) =>
        Bounded(() => Assert.Throws<ProfileParseException>(() => ProfileParser.Parse(text, "t")));

    // ---- 1. Nothing is written outside its place ----

    public static TheoryData<string, string> TraversalCases()
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in WritingProviders)
        {
            data.Add(provider, Traversal);
            data.Add(provider, "..");
            data.Add(provider, "a/b");
            data.Add(provider, "x\ny");
            data.Add(provider, new string('a', 65));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TraversalCases))]
    public void FrontmatterNameOutsideTheRule_IsRefusedBeforeAnyWrite(string provider, string name)
    {
        using var s = new ProfileSandbox();
        var outside = Path.Combine(s.Root, "tmp", "x");
        Directory.CreateDirectory(outside);
        s.Write(Path.Combine(outside, "config.md"), "precious");
        s.StoreProfile("t", $"---\nname: {PyText.Repr(name).Replace("'", "\"", StringComparison.Ordinal)}\ndescription: d\nmcpServers:\n  m:\n    command: c\n---\nbody\n");
        var before = s.Snapshot();

        var r = s.Install("t", provider, new() { ["K"] = "v" });

        Assert.False(r.Ok);
        Assert.StartsWith("Failed to install agent: profile name ", r.Detail, StringComparison.Ordinal);
        Assert.Contains("^[A-Za-z0-9_-]{1,64}$", r.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing was written", r.Detail, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
        Assert.Equal("precious", s.Read(Path.Combine(outside, "config.md")));
    }

    [Fact]
    public void TheIssueRepro_LocalFileWithTraversalName_DoesNotTouchTheTarget()
    {
        using var s = new ProfileSandbox();
        var target = Path.Combine(s.Root, "x", "config.md");
        s.Write(target, "precious");
        var depth = string.Concat(Enumerable.Repeat("../", 12));
        var file = s.Write(Path.Combine(s.Root, "t.md"), $"---\nname: {depth}{Path.Combine(s.Root, "x", "config").TrimStart('/')}\ndescription: d\n---\nx\n");

        foreach (var provider in new[] { "kiro_cli", "claude_code" })
        {
            var r = s.Install(file, provider, allowLocalFile: true);
            Assert.False(r.Ok);
            Assert.Equal("precious", s.Read(target));
        }

        Assert.False(Directory.Exists(s.Store));
        Assert.False(Directory.Exists(s.Paths.ContextDir));
    }

    [Theory]
    [InlineData("kiro_cli")]
    [InlineData("copilot_cli")]
    [InlineData("opencode_cli")]
    [InlineData("claude_code")]
    public void AnAgentFileThatIsASymlinkLeadingOutside_IsRefusedBeforeAnyWrite(string provider)
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("p", "---\nname: p\ndescription: d\n---\nbody\n");
        var outside = s.Write(Path.Combine(s.Root, "outside", "victim"), "precious");
        var link = provider switch
        {
            "kiro_cli" => Path.Combine(s.Home, ".kiro", "agents", "p.json"),
            "copilot_cli" => Path.Combine(s.Paths.CopilotAgentsDir, "p.agent.md"),
            "opencode_cli" => Path.Combine(s.Paths.OpenCodeAgentsDir, "p.md"),
            _ => Path.Combine(s.Paths.ContextDir, "p.md"),
        };
        Directory.CreateDirectory(Path.GetDirectoryName(link)!);
        File.CreateSymbolicLink(link, outside);
        var before = s.Snapshot();

        var r = s.Install("p", provider, new() { ["K"] = "v" });

        Assert.False(r.Ok);
        Assert.Contains("outside", r.Detail, StringComparison.Ordinal);
        Assert.Contains("nothing was written", r.Detail, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
        Assert.Equal("precious", s.Read(outside));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void AStoreFolderThatIsItselfASymlink_IsTheUsersChoice_AndStillInstalls()
    {
        using var s = new ProfileSandbox();
        var real = Path.Combine(s.Root, "dotfiles", "kiro-agents");
        Directory.CreateDirectory(real);
        Directory.CreateDirectory(Path.Combine(s.Home, ".kiro"));
        Directory.CreateSymbolicLink(Path.Combine(s.Home, ".kiro", "agents"), real);
        s.StoreProfile("p", "---\nname: p\ndescription: d\n---\nbody\n");

        var r = s.Install("p", "kiro_cli");

        Assert.True(r.Ok, r.Detail);
        Assert.True(File.Exists(Path.Combine(real, "p.json")));
    }

    [Fact]
    public void TheLinterReportsTheSameNameRule()
    {
        using var s = new ProfileSandbox();
        var file = s.Write(Path.Combine(s.Root, "t.md"), $"---\nname: {Traversal}\ndescription: d\n---\nx\n");
        var report = ProfileLinter.Validate(file);
        Assert.False(report.Valid);
        Assert.Contains(report.Findings, f => f.Field == "name" && f.Message.Contains("^[A-Za-z0-9_-]{1,64}$", StringComparison.Ordinal));
    }

    // ---- 2. The YAML engine is bounded ----

    [Theory]
    [InlineData("seq")]
    [InlineData("flowmap")]
    [InlineData("mixed")]
    public void ThirtyThousandLevels_AreAFinding_NotACrash(string shape)
    {
        const int n = 30_000;
        var yaml = shape switch
        {
            "seq" => "x: " + new string('[', n) + new string(']', n),
            "flowmap" => "x: " + string.Concat(Enumerable.Repeat("{a: ", n)) + "1" + new string('}', n),
            _ => "x: " + string.Concat(Enumerable.Repeat("[{a: ", n / 2)) + "1" + string.Concat(Enumerable.Repeat("}]", n / 2)),
        };

        var ex = Refused(Fm(yaml));

        Assert.Equal(ProfileErrorKind.Value, ex.Kind);
        Assert.Contains("more than 64 levels deep", ex.Message, StringComparison.Ordinal);
        Assert.Equal(4, ex.Line);
    }

    [Fact]
    public void DepthLimitIsExact_64LevelsLoad_65AreRefused()
    {
        // The top-level mapping is level 1, so "x:" plus 63 brackets is 64 levels.
        var deepest = "toolsSettings: {x: " + new string('[', 62) + new string(']', 62) + "}";
        var ok = ProfileParser.Parse(Fm(deepest), "t");
        Assert.NotNull(ok.ToolsSettings);
        Refused(Fm("toolsSettings: {x: " + new string('[', 63) + new string(']', 63) + "}"));

        // The deepest allowed profile still shows (its JSON is 64 levels too) and installs.
        using var s = new ProfileSandbox();
        s.StoreProfile("deepest", Fm(deepest).Replace("name: t", "name: deepest", StringComparison.Ordinal));
        var shown = s.Engine.GetProfile("deepest");
        Assert.True(shown.Ok, shown.Detail);
        Assert.True(s.Install("deepest", "kiro_cli").Ok);
    }

    [Fact]
    public void BlockIndentationNesting_IsBoundedToo()
    {
        var sb = new StringBuilder("x:\n");
        for (var i = 1; i <= 200; i++)
        {
            sb.Append(new string(' ', i)).Append("a:\n");
        }

        Assert.Contains("levels deep", Refused(Fm(sb.ToString().TrimEnd('\n'))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AliasesDeepenThroughTheirTarget_AndAreCounted()
    {
        // Each anchor is 40 levels; nesting aliases of them goes past 64 without deep text.
        var deep = new string('[', 40) + new string(']', 40);
        var ex = Refused(Fm($"a: &a {deep}\nb: &b {new string('[', 30)}*a{new string(']', 30)}"));
        Assert.Contains("levels deep (aliases included)", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AliasBomb_9x9_IsRefusedByTheExpandedNodeLimit()
    {
        var lines = new List<string> { "a0: &a0 [x, x, x, x, x, x, x, x, x]" };
        for (var i = 1; i < 10; i++)
        {
            lines.Add($"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]");
        }

        var ex = Refused(Fm(string.Join('\n', lines)));
        Assert.Contains("more than 100,000 YAML nodes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MergeKeyBomb_IsRefused()
    {
        var lines = new List<string> { "m0: &m0 {k: v}" };
        for (var i = 1; i < 40; i++)
        {
            lines.Add($"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}");
        }

        var ex = Refused(Fm(string.Join('\n', lines)));
        Assert.True(ex.Message.Contains("100,000", StringComparison.Ordinal), ex.Message);
    }

    [Fact]
    public void AliasesOfALongValue_AreRefusedByTheExpandedCharacterLimit()
    {
        var big = new string('v', 200_000);
        var ex = Refused(Fm($"a: &a \"{big}\"\nb: [{string.Join(", ", Enumerable.Repeat("*a", 20))}]"));
        Assert.Contains("characters when aliases and merge keys are counted", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AliasesAreSharedLikePyYaml_AndMergesStillWork()
    {
        var profile = ProfileParser.Parse(
            Fm("toolsSettings:\n  base: &b {x: [1, 2], y: 3}\n  one: *b\n  two: {<<: *b, y: 4}\n  three: {<<: [{y: 5}, *b], z: 6}"),
            "t");
        var ts = profile.ToolsSettings!;
        var b = (PyDict)ts.GetOrNull("base")!;
        Assert.Same(b, ts.GetOrNull("one"));
        var two = (PyDict)ts.GetOrNull("two")!;
        Assert.Same(b.GetOrNull("x"), two.GetOrNull("x"));
        Assert.Equal("{'x': [1, 2], 'y': 4}", PyText.Repr(two));
        Assert.Equal("{'x': [1, 2], 'y': 5, 'z': 6}", PyText.Repr(ts.GetOrNull("three")));
    }

    [Fact]
    public void HugeIntegers_AreRefusedLikePython()
    {
        var ex = Refused(Fm("model: " + new string('7', 5000)));
        Assert.Contains("Exceeds the limit (4300 digits) for integer string conversion: value has 5000 digits", ex.Message, StringComparison.Ordinal);
        Refused(Fm("model: 0x" + new string('f', 300_000)));
        Refused(Fm("model: " + string.Join(':', Enumerable.Repeat("59", 100_000))));
    }

    [Fact]
    public void EnvSubstitutionOutput_IsCapped()
    {
        var values = new Dictionary<string, string> { ["HUGE"] = new string('h', 1024 * 1024) };
        var text = Fm("x: \"" + string.Concat(Enumerable.Repeat("${HUGE}", 300)) + "\"");
        var ex = Bounded(() => Assert.Throws<ProfileParseException>(() => EnvPlaceholders.Substitute(text, values)));
        Assert.Contains("longer than 2 MiB characters", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hhhh", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, EnvPlaceholders.Substitute("${A}${A}$$", new Dictionary<string, string> { ["A"] = "x" }).Length);
    }

    [Fact]
    public void ChainedEnvReferences_AreCapped()
    {
        var sb = new StringBuilder("A0='" + new string('x', 1000) + "'\n");
        for (var i = 1; i < 12; i++)
        {
            sb.Append($"A{i}=\"{string.Concat(Enumerable.Repeat($"${{A{i - 1}}}", 8))}\"\n");
        }

        var ex = Bounded(() => Assert.Throws<ProfileParseException>(() => DotEnvFile.Values(sb.ToString(), new Dictionary<string, string>())));
        Assert.Contains("once ${VAR} references inside it are expanded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InstallWithAHugeEnvValueUsedManyTimes_FailsCleanly_AndWritesNothing()
    {
        using var s = new ProfileSandbox();
        s.Write(s.Paths.EnvFile, "HUGE='" + new string('h', 1024 * 1024) + "'\n");
        s.StoreProfile("p", Fm("prompt: \"" + string.Concat(Enumerable.Repeat("${HUGE}", 300)) + "\"").Replace("name: t", "name: p", StringComparison.Ordinal));
        var before = s.Snapshot();

        var r = Bounded(() => s.Install("p", "kiro_cli"));

        Assert.False(r.Ok);
        Assert.Contains("2 MiB", r.Detail, StringComparison.Ordinal);
        Assert.Equal(before, s.Snapshot());
    }

    [Fact]
    public void OversizedProfile_IsRefusedForThatFile_OthersStillListAndInstall()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("big", Fm("x: 1", new string('b', (1024 * 1024) + 1)));
        s.StoreProfile("deep", Fm("x: " + new string('[', 30_000) + new string(']', 30_000)));
        s.StoreProfile("bomb", Fm("a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]"));
        s.StoreProfile("good", "---\nname: good\ndescription: fine\n---\nbody\n");

        var list = Bounded(() => s.Engine.ListProfilesResult());

        Assert.True(list.Ok, list.Detail);
        var entries = list.Json.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("loadable").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["big"] = false, ["bomb"] = false, ["deep"] = false, ["good"] = true }, entries);

        var big = s.Install("big", "kiro_cli");
        Assert.False(big.Ok);
        Assert.Contains("1 MiB", big.Detail, StringComparison.Ordinal);
        var shown = s.Engine.GetProfile("deep");
        Assert.Equal(400, shown.StatusCode);
        Assert.True(s.Install("good", "kiro_cli").Ok);
    }

    [Fact]
    public void OversizedDownload_IsRefused()
    {
        using var s = new ProfileSandbox();
        s.Downloader.Respond = _ => new ProfileDownloadResponse(200, "OK", false, Fm("x: 1", new string('b', 1024 * 1024)));
        var r = s.Install("https://raw.githubusercontent.com/o/r/main/big.md", "kiro_cli");
        Assert.False(r.Ok);
        Assert.Contains("larger than 1 MiB", r.Detail, StringComparison.Ordinal);
        Assert.False(Directory.Exists(s.Store));
    }

    [Fact]
    public void LinterReportsLimitsAsFindings()
    {
        using var s = new ProfileSandbox();
        var dir = Path.Combine(s.Root, "profiles");
        s.Write(Path.Combine(dir, "deep.md"), Fm("x: " + new string('[', 30_000) + new string(']', 30_000)));
        s.Write(Path.Combine(dir, "big.md"), Fm("x: 1", new string('b', 2 * 1024 * 1024)));
        s.Write(Path.Combine(dir, "good.md"), "---\nname: good\ndescription: d\n---\nbody\n");

        var reports = Bounded(() => ProfileLinter.ValidateAll([dir], out _))!;

        Assert.Equal(["big.md", "deep.md", "good.md"], reports.Select(r => Path.GetFileName(r.File)));
        Assert.Equal([false, false, true], reports.Select(r => r.Valid));
        Assert.Contains("1 MiB", reports[0].Findings[0].Message, StringComparison.Ordinal);
        Assert.Equal("(frontmatter)", reports[1].Findings[0].Field);
        Assert.Equal(4, reports[1].Findings[0].Line);
    }
}
