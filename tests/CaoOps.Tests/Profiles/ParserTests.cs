using CaoOps.Profiles.Model;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Tests.Profiles;

/// <summary>Frontmatter splitting (§1.1), YAML 1.1 typing (§1.2), model validation (§1.5a) and ${VAR} rules (§1.6, Env 118–120).</summary>
public sealed class ParserTests
{
    private static AgentProfile Parse(string text, string name = "lookup") => ProfileParser.Parse(text, name);

    private static ProfileParseException Fails(string text) => Assert.Throws<ProfileParseException>(() => Parse(text));

    [Theory]
    [InlineData("name: 123", "name", "input_value=123, input_type=int")]
    [InlineData("description: yes", "description", "input_value=True, input_type=bool")]
    [InlineData("description: Off", "description", "input_value=False, input_type=bool")]
    [InlineData("model: 1.5", "model", "input_value=1.5, input_type=float")]
    [InlineData("model: 0x1F", "model", "input_value=31, input_type=int")]
    [InlineData("model: 1:30", "model", "input_value=90, input_type=int")]
    [InlineData("model: 2024-01-01", "model", "input_value=datetime.date(2024, 1, 1), input_type=date")]
    [InlineData("name: null", "name", "input_value=None, input_type=NoneType")]
    [InlineData("name: ~", "name", "input_value=None, input_type=NoneType")]
    [InlineData("name:", "name", "input_value=None, input_type=NoneType")]
    [InlineData("prompt: .inf", "prompt", "input_value=inf, input_type=float")]
    [InlineData("tools: \"*\"", "tools", "Input should be a valid list")]
    [InlineData("capabilities: [one, 2]", "capabilities.1", "input_value=2, input_type=int")]
    [InlineData("toolAliases: {a: 1}", "toolAliases.a", "input_value=1, input_type=int")]
    [InlineData("mcpServers: {1: {command: x}}", "mcpServers.1.[key]", "Input should be a valid string")]
    [InlineData("engine: v3", "engine", "Input should be 'v2' or 'kas' [type=enum")]
    [InlineData("permissionMode: yolo", "permissionMode", "[type=literal_error")]
    [InlineData("codexProfile: ''", "codexProfile", "String should have at least 1 character")]
    [InlineData("provider_init_timeout: 1.5", "provider_init_timeout", "[type=int_from_float")]
    [InlineData("provider_init_timeout: abc", "provider_init_timeout", "[type=int_parsing")]
    [InlineData("useLegacyMcpJson: maybe", "useLegacyMcpJson", "[type=bool_parsing")]
    [InlineData("container: {path_maps: [{host: a}]}", "container.path_maps.0.guest", "Field required [type=missing, input_value={'host': 'a'}, input_type=dict]")]
    public void StrictTypingRejectsWhatCaoRejects(string yaml, string loc, string fragment)
    {
        var ex = Fails($"---\n{yaml}\n---\nbody\n");
        Assert.Equal(ProfileErrorKind.Validation, ex.Kind);
        Assert.StartsWith("1 validation error for AgentProfile\n" + loc + "\n  ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(fragment, ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void LaxCoercionsAndQuotedScalars()
    {
        var p = Parse("---\nname: '123'\ndescription: \"yes\"\nmodel: 0o17\nprovider_init_timeout: ' 4_2 '\nuseLegacyMcpJson: 'on'\ngrokNativeWorkflows: 0\nengine: v2\nrole: developer  # note\n---\n");
        Assert.Equal(("123", "yes", "0o17", "developer"), (p.Name, p.Description, p.Model, p.Role));
        Assert.Equal(42, (int)p.ProviderInitTimeout!.Value);
        Assert.True(p.UseLegacyMcpJson);
        Assert.False(p.GrokNativeWorkflows);
        Assert.Equal("v2", p.Engine);
    }

    [Fact]
    public void MergeKeysAnchorsAndDuplicateKeys()
    {
        var p = Parse("---\nbase: &b {command: x, args: [a]}\nother: &o {command: y, env: {K: v}}\nmcpServers:\n  m:\n    <<: [*b, *o]\n    args: [z]\n  n: *b\ndescription: first\ndescription: second\n---\n");
        Assert.Equal("second", p.Description);
        var m = (PyDict)p.McpServers!.GetOrNull("m")!;
        Assert.Equal(["command", "env", "args"], m.Entries.Select(e => (string)e.Key!));
        Assert.Equal("x", m.GetOrNull("command"));
        Assert.Equal("z", ((PyList)m.GetOrNull("args")!)[0]);
        Assert.Equal("x", ((PyDict)p.McpServers!.GetOrNull("n")!).GetOrNull("command"));
    }

    [Theory]
    [InlineData("\ufeff---\nname: x\n---\nbody", "lookup", "\ufeff---\nname: x\n---\nbody")]
    [InlineData("--- # comment\nname: x\n---\nbody", "lookup", "--- # comment\nname: x\n---\nbody")]
    [InlineData("---\nname: x\nbody without closing", "lookup", "---\nname: x\nbody without closing")]
    [InlineData("\n\n  ---\nname: x\n-----   \n\nbody\n---\nmore\n\n", "x", "body\n---\nmore")]
    [InlineData("---\n---", "lookup", "")]
    [InlineData("---\n- a\n- b\n---\nlist fm", "lookup", "list fm")]
    [InlineData("just text", "lookup", "just text")]
    public void FrontmatterSplitting(string text, string name, string body)
    {
        var p = Parse(text);
        Assert.Equal((name, body), (p.Name, p.SystemPrompt));
        Assert.Equal(name == "lookup" ? "" : p.Description, p.Description);
    }

    [Fact]
    public void CrLfIsNormalisedByTheReader_AndErrorsCarryFileLines()
    {
        var text = CaoOps.Profiles.Discovery.PathUtil.DecodeUtf8(System.Text.Encoding.UTF8.GetBytes("\r\n\r\n---\r\nname: ok\r\ntools: [a\r\n---\r\nbody\r\n"));
        Assert.DoesNotContain('\r', text);
        var ex = Fails(text);
        Assert.Equal(ProfileErrorKind.Yaml, ex.Kind);
        Assert.True(ex.Line >= 5, ex.Line.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("---\n1: x\n---\n", 3, "keywords must be strings")]
    [InlineData("---\ncontent: x\n---\n", 3, "Post.__init__() got multiple values for argument 'content'")]
    [InlineData("---\nname: =\n---\n", 0, "could not determine a constructor for the tag 'tag:yaml.org,2002:value'")]
    [InlineData("---\nname: !custom x\n---\n", 0, "could not determine a constructor for the tag '!custom'")]
    [InlineData("---\ndate: 2024-02-30\n---\n", 2, "day is out of range for month")]
    [InlineData("---\na: *nope\n---\n", 0, "found undefined alias 'nope'")]
    public void LoaderErrorsMatchPythonClasses(string text, int kind, string message)
    {
        var ex = Fails(text);
        Assert.Equal((ProfileErrorKind)kind, ex.Kind);
        Assert.StartsWith(message, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKeysAreDropped_SystemPromptAlwaysFromBody()
    {
        var p = Parse("---\nsystem_prompt: ignored\nautoApproveTools: [x]\nfoo: bar\n---\n  The body  \n");
        Assert.Equal("The body", p.SystemPrompt);
        Assert.DoesNotContain("foo", p.Dump().Entries.Select(e => (string)e.Key!));
    }

    [Fact]
    public void Env119_120_SafeSubstituteSemantics()
    {
        var env = new Dictionary<string, string> { ["A"] = "1", ["a_b"] = "2", ["HOME"] = "/nope" };
        Assert.Equal("1 1 2 $ ${X} $X $5 ${5X} $", EnvPlaceholders.Substitute("$A ${A} $a_b $$ ${X} $X $5 ${5X} $", env));
        Assert.Equal("x$HOMEy", EnvPlaceholders.Substitute("x$$HOMEy", env));
        Assert.Equal(["5X", "B", "X", "ÄB"], EnvPlaceholders.Unresolved("${X} ${B} ${X} $Y ${5X} ${ÄB} # ${B}")!);
        Assert.Equal(["X"], EnvPlaceholders.Unresolved(EnvPlaceholders.Substitute("$${X}", env))!);
        Assert.Null(EnvPlaceholders.Unresolved("nothing"));
    }

    [Fact]
    public void Env118_122_DotEnvGrammarAndSetKey()
    {
        var proc = new Dictionary<string, string> { ["P"] = "proc" };
        Assert.Empty(DotEnvFile.Values("", proc));
        var text = "# comment\n\nexport A=plain value # trailing\nB='single \\' q ${P}'\nC=\"dbl\\nline\"\nD\nE=${A}-${NOPE:-dflt}\n'F'=f\nbad line here\nG=\n";
        var v = DotEnvFile.Values(text, proc);
        Assert.Equal("plain value", v["A"]);
        Assert.Equal("single ' q proc", v["B"]);
        Assert.Equal("dbl\nline", v["C"]);
        Assert.False(v.ContainsKey("D"));
        Assert.Equal("plain value-dflt", v["E"]);
        Assert.Equal("f", v["F"]);
        Assert.Equal("", v["G"]);

        Assert.Equal("TICKET_TOKEN='abc123'\n", DotEnvFile.SetKey("", "TICKET_TOKEN", "abc123"));
        Assert.Equal("A=1\nB='it\\'s'\nC=3", DotEnvFile.SetKey("A=1\nB=2\nC=3", "B", "it's"));
        Assert.Equal("A=1\nNEW='x=y\nz'\n", DotEnvFile.SetKey("A=1", "NEW", "x=y\nz"));
    }

    [Fact]
    public void PythonReprAndFloatFormatting()
    {
        Assert.Equal(["1e+16", "1234567890123456.0", "0.0001", "1e-05", "1.5", "-0.0", "100000.0"],
            new[] { 1e16, 1234567890123456.0, 0.0001, 0.00001, 1.5, -0.0, 1e5 }.Select(PyText.FloatRepr));
        Assert.Equal("\"it's\"", PyText.Repr("it's"));
        Assert.Equal("'a\\nb'", PyText.Repr("a\nb"));
    }
}
