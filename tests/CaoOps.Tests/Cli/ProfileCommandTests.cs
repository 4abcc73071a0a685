using System.Text.Json;
using CaoOps.Cli;
using CaoOps.Profiles;
using CaoOps.Tests.Profiles;

namespace CaoOps.Tests.Cli;

/// <summary>
/// <c>cao-ops profile …</c> / <c>cao-ops install …</c>, and agent-profiles.md §5 CLI items 131–136.
/// Deliberate difference: 134 — CAO exits 0 after printing "Error: …"; cao-ops exits 1 (CI-friendly), prints the
/// failed InstallResult JSON on stdout and the reason on stderr with the prefix every cao-ops command uses.
/// </summary>
public sealed class ProfileCommandTests
{
    /// <summary>Runs <c>cao-ops profile …</c> or <c>cao-ops install …</c> (first argument) against the sandbox.</summary>
    private static (int Code, string Out, string Err) Run(ProfileSandbox s, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var cli = new CliContext(args[1..], stdout, stderr, _ => null);
        ProfileEngine Engine(Action<string> warn) => new(s.Paths, s.Downloader, new DictionaryProfileEnvironment(s.Env), warn);
        var code = args[0] switch
        {
            "profile" => ProfileCommand.Run(cli, Engine),
            "install" => InstallCommand.RunAsync(cli, CancellationToken.None, Engine).GetAwaiter().GetResult(),
            _ => throw new ArgumentException($"not a profile command: {args[0]}"),
        };
        return (code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A usage error as every cao-ops command reports it: exit 2, the cao-ops prefix, the pointer to --help.</summary>
    private static void AssertUsageError((int Code, string Out, string Err) run, string message)
    {
        Assert.Equal(2, run.Code);
        Assert.StartsWith($"cao-ops: {message}", run.Err, StringComparison.Ordinal);
        Assert.Contains("Run 'cao-ops --help' for usage.", run.Err, StringComparison.Ordinal);
        Assert.Equal("", run.Out);
    }

    [Fact]
    public void C131_HelpMentionsPlaceholdersAndFrontmatter()
    {
        using var s = new ProfileSandbox();
        foreach (var help in new[] { new[] { "profile", "--help" }, ["install", "--help"], ["profile", "list", "-h"] })
        {
            var (code, output, _) = Run(s, help);
            Assert.Equal(0, code);
            Assert.Equal(HelpText.Usage + Environment.NewLine, output); // the one help text of every command
            Assert.Contains("${VAR}", output, StringComparison.Ordinal);
            Assert.Contains("frontmatter", output, StringComparison.Ordinal);
        }

        AssertUsageError(Run(s, "profile"), "profile: name a subcommand");
        AssertUsageError(Run(s, "profile", "bogus"), "profile: unknown subcommand 'bogus'");
        AssertUsageError(Run(s, "profile", "show"), "profile show:");
        AssertUsageError(Run(s, "profile", "list", "extra"), "profile list: unexpected argument 'extra'");
        AssertUsageError(Run(s, "install"), "install: name a profile");
        AssertUsageError(Run(s, "install", "a", "b"), "install: unexpected argument 'b'");
        AssertUsageError(Run(s, "install", "a", "--bogus"), "install: unknown option '--bogus'");
        AssertUsageError(Run(s, "install", "a", "--provider"), "install: --provider needs a value");
    }

    [Fact]
    public void C132_C136_InstallPrintsResolvedProviderJson_OmpAccepted()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("p", "---\nname: p\nprovider: codex\n---\nx ${NOPE}\n");
        var (code, output, err) = Run(s, "install", "p");
        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal("codex", doc.RootElement.GetProperty("provider").GetString());
        Assert.Contains("⚠ Unresolved env var(s) in profile: NOPE.", err, StringComparison.Ordinal);

        Assert.Equal(0, Run(s, "install", "p", "--provider", "omp").Code);

        s.StoreProfile("q", "---\nname: q\nprovider: nonsense\n---\nx\n");
        var warned = Run(s, "install", "q");
        Assert.Equal(0, warned.Code);
        Assert.Contains("cao-ops: warning: Agent profile 'q' has invalid provider 'nonsense'.", warned.Err, StringComparison.Ordinal);
    }

    [Fact]
    public void C133_FileSourceIsCopiedToStoreAndInstalledByStem()
    {
        using var s = new ProfileSandbox();
        var file = s.Write(Path.Combine(s.Root, "work", "my-agent.md"), "---\ndescription: from file\n---\nBody\n");

        var (code, output, _) = Run(s, "install", file, "--provider", "claude_code");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        Assert.Equal(("my-agent", "file"), (doc.RootElement.GetProperty("agent_name").GetString(), doc.RootElement.GetProperty("source_kind").GetString()));
        Assert.Equal(s.Read(file), s.Read(Path.Combine(s.Store, "my-agent.md")));

        var missing = Run(s, "install", Path.Combine(s.Root, "nope.md"));
        Assert.Equal(1, missing.Code);
        Assert.Contains($"File not found: {Path.Combine(s.Root, "nope.md")}", missing.Err, StringComparison.Ordinal);

        var unsafeStem = s.Write(Path.Combine(s.Root, "work", "bad name.md"), "x");
        var bad = Run(s, "install", unsafeStem);
        Assert.Contains("Profile filename stem 'bad name' must match [A-Za-z0-9_-]{1,64}.", bad.Err, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(s.Store, "bad name.md")));
    }

    [Fact]
    public void C134_FailurePrintsErrorAndExits1()
    {
        using var s = new ProfileSandbox();
        var (code, output, err) = Run(s, "install", "missing-agent");
        Assert.Equal(1, code);
        Assert.Equal("cao-ops: install: Agent profile not found: missing-agent" + Environment.NewLine, err);
        Assert.Contains("\"success\":false", output, StringComparison.Ordinal);
    }

    [Fact]
    public void C135_BadEnvIsAUsageError_AndSecretsAreNeverPrinted()
    {
        using var s = new ProfileSandbox();
        var noEq = Run(s, "install", "p", "--env", "SUPERSECRETVALUE");
        AssertUsageError(noEq, "install: invalid value for '--env'");
        Assert.Contains("Expected format KEY=VALUE", noEq.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("SUPERSECRETVALUE", noEq.Err, StringComparison.Ordinal);
        var emptyKey = Run(s, "install", "p", "--env", "=hunter2hunter2");
        AssertUsageError(emptyKey, "install: invalid value for '--env'");
        Assert.Contains("Key must not be empty", emptyKey.Err, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", emptyKey.Err, StringComparison.Ordinal);

        s.StoreProfile("p", "---\nname: p\nmodel: ${M}\n---\n${TOKEN}\n");
        var ok = Run(s, "install", "p", "--provider", "copilot_cli", "--env", "TOKEN=tok-1=2", "--env", "M=mm");
        Assert.Equal(0, ok.Code);
        Assert.DoesNotContain("tok-1=2", ok.Out + ok.Err, StringComparison.Ordinal);
        Assert.Equal("TOKEN='tok-1=2'\nM='mm'\n", s.Read(s.Paths.EnvFile));
    }

    [Fact]
    public void ListAndShow()
    {
        using var s = new ProfileSandbox();
        s.StoreProfile("p", "---\ndescription: a profile\n---\nBody\n");
        var json = Run(s, "profile", "list", "--json");
        Assert.Equal(0, json.Code);
        Assert.Equal("""[{"name":"p","source":"local","loadable":true,"description":"a profile","capabilities":[],"tags":[],"role":"","duplicated_in":[]}]""", json.Out.Trim());
        var table = Run(s, "profile", "list");
        Assert.Contains("a profile", table.Out, StringComparison.Ordinal);

        var show = Run(s, "profile", "show", "p");
        Assert.Equal((0, """{"name":"p","description":"a profile","system_prompt":"Body"}"""), (show.Code, show.Out.Trim()));
        var missing = Run(s, "profile", "show", "nope");
        Assert.Equal((1, ""), (missing.Code, missing.Out));
        Assert.Equal("cao-ops: profile show: Agent profile not found: nope" + Environment.NewLine, missing.Err);
    }

    [Fact]
    public void ValidateReportsFileLineFieldMessage()
    {
        using var s = new ProfileSandbox();
        var dir = Path.Combine(s.Root, "profiles");
        s.Write(Path.Combine(dir, "good.md"), "---\nname: good\ndescription: fine\nrole: developer\n---\nBody\n");
        s.Write(Path.Combine(dir, "nested", "agent.md"), "---\nname: nested\n---\nBody\n");
        var bad = s.Write(Path.Combine(dir, "bad.md"), "---\nname: bad\ndescription: yes\nextra: 1\ntools: \"*\"\nrole: wizard\n---\nBody\n");
        var broken = s.Write(Path.Combine(s.Root, "broken.md"), "\n---\nname: broken\ntools: [a, b\n---\n");

        var ok = Run(s, "profile", "validate", Path.Combine(dir, "good.md"), Path.Combine(dir, "nested"));
        Assert.Equal(0, ok.Code); // a folder holding agent.md itself is validated too
        ok = Run(s, "profile", "validate", Path.Combine(dir, "good.md"), Path.Combine(dir, "nested", "agent.md"));
        Assert.Equal(0, ok.Code);
        Assert.Equal("", ok.Out);

        var (code, output, _) = Run(s, "profile", "validate", dir, broken);
        Assert.Equal(1, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains($"{bad}:3: description: Input should be a valid string [type=string_type, input_value=True, input_type=bool]", lines);
        Assert.Contains($"{bad}:5: tools: Input should be a valid list [type=list_type, input_value='*', input_type=str]", lines);
        Assert.Contains($"{bad}:4: extra: Additional properties are not allowed ('extra' was unexpected)", lines);
        Assert.Contains(lines, l => l.StartsWith($"{bad}:6: role: warning: role 'wizard'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"{broken}:", StringComparison.Ordinal) && l.Contains("(frontmatter)", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("good.md", StringComparison.Ordinal) || l.Contains("nested", StringComparison.Ordinal));

        var asJson = Run(s, "profile", "validate", "--json", dir);
        Assert.Equal(1, asJson.Code);
        using var doc = JsonDocument.Parse(asJson.Out);
        Assert.Equal(3, doc.RootElement.GetArrayLength());
        Assert.Equal([false, true, true], doc.RootElement.EnumerateArray().Select(r => r.GetProperty("valid").GetBoolean()));

        AssertUsageError(Run(s, "profile", "validate"), "profile validate: name at least one profile file or folder");
        AssertUsageError(Run(s, "profile", "validate", "--bogus", dir), "profile validate: unknown option '--bogus'");
        AssertUsageError(Run(s, "profile", "validate", Path.Combine(s.Root, "absent")), $"profile validate: no such file or directory: {Path.Combine(s.Root, "absent")}");
    }
}
