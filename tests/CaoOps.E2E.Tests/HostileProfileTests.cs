using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;

namespace CaoOps.E2E.Tests;

/// <summary>
/// Issue 20 on the published binary: a profile never writes outside its folders, and hostile YAML (30,000 levels,
/// alias and merge-key bombs, ${VAR} blow-up, oversized files) ends in a finding within 5 s and 200 MiB peak RSS
/// for <c>profile validate</c>, <c>install</c> and <c>profile list</c> (and the MCP profile tools when the local engine
/// answers), while the good profiles beside it still work.
/// </summary>
public sealed class HostileProfileTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("cao-ops-hostile-").FullName;

    private string Home => Path.Combine(_root, "home");

    private string CaoHome => Path.Combine(Home, ".aws", "cli-agent-orchestrator");

    private string Store => Path.Combine(CaoHome, "agent-store");

    private Dictionary<string, string> Env => new() { ["HOME"] = Home, ["CAO_HOME_DIR"] = CaoHome };

    public HostileProfileTests() => Directory.CreateDirectory(Store);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static string Fm(string yaml, string name = "t") => $"---\nname: {name}\ndescription: d\n{yaml}\n---\nbody\n";

    private static string Nested(string open, string close, int n, string inner = "") =>
        string.Concat(Enumerable.Repeat(open, n)) + inner + string.Concat(Enumerable.Repeat(close, n));

    /// <summary>The hostile shapes of the issue, each a profile file's text.</summary>
    private static readonly string[] ShapeNames = ["deep-seq", "deep-map", "alias-bomb", "merge-bomb", "oversized"];

    public static TheoryData<string> Shapes() => [.. ShapeNames];

    private static string Hostile(string shape, string name) => shape switch
    {
        "deep-seq" => Fm("x: " + Nested("[", "]", 30_000), name),
        "deep-map" => Fm("x: " + Nested("{a: ", "}", 30_000, "1"), name),
        "alias-bomb" => Fm(string.Join('\n', Enumerable.Range(0, 10).Select(i => i == 0
            ? "a0: &a0 [x, x, x, x, x, x, x, x, x]"
            : $"a{i}: &a{i} [{string.Join(", ", Enumerable.Repeat($"*a{i - 1}", 9))}]")), name),
        "merge-bomb" => Fm(string.Join('\n', Enumerable.Range(0, 40).Select(i => i == 0
            ? "m0: &m0 {k: v}"
            : $"m{i}: &m{i} {{<<: [*m{i - 1}, *m{i - 1}]}}")), name),
        _ => Fm("x: 1", name) + new string('b', 2 * 1024 * 1024),
    };

    private string WriteStore(string name, string text)
    {
        var path = Path.Combine(Store, name + ".md");
        File.WriteAllText(path, text);
        return path;
    }

    [Theory]
    [InlineData("kiro_cli")]
    [InlineData("claude_code")]
    [InlineData("copilot_cli")]
    [InlineData("opencode_cli")]
    public async Task Install_refuses_a_traversal_name_and_leaves_the_target_alone(string provider)
    {
        var victimDir = Path.Combine(_root, "x");
        Directory.CreateDirectory(victimDir);
        var victim = Path.Combine(victimDir, "config.md");
        File.WriteAllText(victim, "precious");
        var relative = string.Concat(Enumerable.Repeat("../", 16)) + Path.Combine(victimDir, "config").TrimStart('/');
        var source = Path.Combine(_root, "t.md");
        File.WriteAllText(source, $"---\nname: {relative}\ndescription: d\n---\nx\n");

        var run = await MeasuredCli.RunAsync(Env, "install", source, "--provider", provider);

        MeasuredCli.AssertBounded(run);
        Assert.Equal(1, run.Exit);
        using var result = JsonDocument.Parse(run.Out);
        Assert.False(result.RootElement.GetProperty("success").GetBoolean());
        var message = result.RootElement.GetProperty("message").GetString()!;
        Assert.Contains("is not allowed", message, StringComparison.Ordinal);
        Assert.Contains("^[A-Za-z0-9_-]{1,64}$", message, StringComparison.Ordinal);
        Assert.Equal("precious", File.ReadAllText(victim));
        Assert.Equal(["config.md"], Directory.GetFiles(victimDir).Select(Path.GetFileName));
        Assert.False(Directory.Exists(Path.Combine(CaoHome, "agent-context")));
        Assert.Empty(Directory.GetFiles(Store));

        // profile validate names the same rule for the same file
        var validate = await MeasuredCli.RunAsync(Env, "profile", "validate", source);
        Assert.Equal(1, validate.Exit);
        Assert.Contains("does not match '^[A-Za-z0-9_-]{1,64}$'", validate.Out, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Validate_reports_the_file_quickly_in_bounded_memory(string shape)
    {
        var path = WriteStore("bad", Hostile(shape, "bad"));

        var run = await MeasuredCli.RunAsync(Env, "profile", "validate", "--json", path);

        MeasuredCli.AssertBounded(run);
        Assert.Equal(1, run.Exit);
        using var reports = JsonDocument.Parse(run.Out);
        var report = Assert.Single(reports.RootElement.EnumerateArray());
        Assert.False(report.GetProperty("valid").GetBoolean());
        var finding = report.GetProperty("findings")[0].GetProperty("message").GetString()!;
        Assert.Contains(shape == "oversized" ? "1 MiB" : "limited to", finding, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Install_fails_cleanly_and_writes_nothing(string shape)
    {
        WriteStore("bad", Hostile(shape, "bad"));

        var run = await MeasuredCli.RunAsync(Env, "install", "bad", "--provider", "kiro_cli");

        MeasuredCli.AssertBounded(run);
        Assert.Equal(1, run.Exit);
        using var result = JsonDocument.Parse(run.Out);
        Assert.StartsWith("Failed to install agent: ", result.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(Home, ".kiro")));
        Assert.False(Directory.Exists(Path.Combine(CaoHome, "agent-context")));
    }

    [Fact]
    public async Task List_reports_each_bad_file_and_still_lists_and_installs_the_good_one()
    {
        foreach (var shape in ShapeNames)
        {
            WriteStore(shape, Hostile(shape, shape));
        }

        WriteStore("good", "---\nname: good\ndescription: A good profile\n---\nbody\n");

        var list = await MeasuredCli.RunAsync(Env, "profile", "list", "--json");

        MeasuredCli.AssertBounded(list);
        Assert.Equal(0, list.Exit);
        using var doc = JsonDocument.Parse(list.Out);
        var loadable = doc.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("loadable").GetBoolean());
        Assert.True(loadable["good"]);
        Assert.All(ShapeNames, s => Assert.False(loadable[s]));

        var install = await MeasuredCli.RunAsync(Env, "install", "good", "--provider", "kiro_cli");
        MeasuredCli.AssertBounded(install);
        Assert.Equal(0, install.Exit);
        Assert.True(File.Exists(Path.Combine(Home, ".kiro", "agents", "good.json")));
    }

    [Fact]
    public async Task A_huge_env_value_substituted_300_times_is_refused_in_bounded_memory()
    {
        File.WriteAllText(Path.Combine(CaoHome, ".env"), "HUGE='" + new string('h', 1024 * 1024) + "'\n");
        WriteStore("envbomb", Fm("prompt: \"" + string.Concat(Enumerable.Repeat("${HUGE}", 300)) + "\"", "envbomb"));

        var run = await MeasuredCli.RunAsync(Env, "install", "envbomb", "--provider", "kiro_cli");

        MeasuredCli.AssertBounded(run);
        Assert.Equal(1, run.Exit);
        Assert.Contains("2 MiB", run.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("hhhhhhhh", run.Out + run.Err, StringComparison.Ordinal);

        var show = await MeasuredCli.RunAsync(Env, "profile", "show", "envbomb");
        MeasuredCli.AssertBounded(show);
        Assert.Equal(1, show.Exit);
    }

    [Fact]
    public async Task Profile_tools_over_mcp_with_the_local_engine_refuse_a_bad_file_and_serve_the_good_one()
    {
        WriteStore("deep", Hostile("deep-seq", "deep"));
        WriteStore("bomb", Hostile("alias-bomb", "bomb"));
        WriteStore("good", "---\nname: good\ndescription: A good profile\n---\nbody\n");
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { ProfileRoutesEnabled = false });
        await using var mcp = await McpHarness.StartAsync(api, new() { ["HOME"] = Home, ["CAO_HOME_DIR"] = CaoHome });

        var deep = await mcp.CallAsync("get_profile_details", new { name = "deep" });
        Assert.True(deep.IsError);
        Assert.Contains("levels deep", deep.Message(), StringComparison.Ordinal);

        var bomb = await mcp.CallAsync("install_profile", new { source = "bomb", provider = "kiro_cli" });
        Assert.True(bomb.IsError);
        Assert.Contains("100,000 YAML nodes", bomb.Message(), StringComparison.Ordinal);

        var good = await mcp.CallAsync("install_profile", new { source = "good", provider = "kiro_cli" });
        Assert.False(good.IsError, good.Text());
        Assert.Equal("local", good.Str("source"));
        Assert.False((await mcp.CallAsync("get_profile_details", new { name = "good" })).IsError);
        Assert.DoesNotContain("cao-ops bug", mcp.StderrText(), StringComparison.Ordinal);
    }
}
