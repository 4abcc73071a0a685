using CaoOps.Cli;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Cli;

public class CallCommandTests
{
    private static async Task<(int Exit, string Out, string Err)> Run(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        // Port 9 (discard) on loopback: nothing listens, so any request fails fast with "not reachable".
        var cli = new CliContext(args, stdout, stderr, name => name == "CAO_API_PORT" ? "9" : null);
        var exit = args.Length > 0 && args[0] == "tools"
            ? ToolsCommand.Run(cli with { Args = args[1..] })
            : await CallCommand.RunAsync(cli, () => new StringReader("{\"session_name\":\"cao-x\"}"), CancellationToken.None);
        return (exit, stdout.ToString(), stderr.ToString());
    }

    [Fact]
    public async Task Usage_errors_exit_2()
    {
        Assert.Equal(2, (await Run()).Exit);
        Assert.Equal(2, (await Run("no_such_tool")).Exit);
        Assert.Equal(2, (await Run("get_session_info", "--arg", "novalue")).Exit);
        Assert.Equal(2, (await Run("get_session_info", "--json", "[1]")).Exit);
        Assert.Equal(2, (await Run("get_session_info", "--read-only", "--tools", "bogus")).Exit);
    }

    [Fact]
    public async Task Tool_errors_exit_1_with_json_on_stdout_and_the_message_on_stderr()
    {
        var (exit, stdout, stderr) = await Run("get_terminal_status", "--arg", "terminal_id=nope");
        Assert.Equal(1, exit);
        Assert.StartsWith("{\"success\":false,\"message\":\"Invalid arguments for get_terminal_status:", stdout, StringComparison.Ordinal);
        Assert.Contains("get_terminal_status:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Json_from_stdin_is_accepted()
    {
        var (exit, stdout, _) = await Run("get_session_info", "--json", "-");
        Assert.Equal(1, exit); // nothing listens on port 9
        Assert.Contains("Get session info for 'cao-x' failed: CAO server not reachable", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Read_only_hides_write_tools_from_call()
    {
        var (exit, _, stderr) = await Run("shutdown_session", "--read-only", "--arg", "session_name=cao-x");
        Assert.Equal(2, exit);
        Assert.Contains("unknown tool 'shutdown_session'", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tools_prints_the_catalogue()
    {
        var (exit, stdout, _) = await Run("tools", "--read-only");
        Assert.Equal(0, exit);
        Assert.Contains("\"name\": \"list_sessions\"", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("shutdown_session", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Call_runs_tools_outside_the_toolsets_an_agent_loads()
    {
        // CAO_OPS_TOOLSETS narrows what `mcp` lists, not what a script may call; the --toolsets flag does narrow call.
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var env = new Dictionary<string, string> { ["CAO_API_PORT"] = "9", ["CAO_OPS_TOOLSETS"] = "sessions" };
        var cli = new CliContext(["list_flows"], stdout, stderr, name => env.GetValueOrDefault(name));
        Assert.Equal(1, await CallCommand.RunAsync(cli, () => TextReader.Null, CancellationToken.None)); // ran: nothing listens on port 9
        Assert.Contains("List flows failed", stdout.ToString(), StringComparison.Ordinal);

        var narrowed = cli with { Args = ["list_flows", "--toolsets", "sessions"] };
        Assert.Equal(2, await CallCommand.RunAsync(narrowed, () => TextReader.Null, CancellationToken.None));
        Assert.Contains("call: unknown tool 'list_flows'", stderr.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Integer", "42", "42")]
    [InlineData("Boolean", "true", "true")]
    [InlineData("StringArray", "a, b", "[\"a\",\"b\"]")]
    [InlineData("StringArray", "[\"a,b\"]", "[\"a,b\"]")]
    [InlineData("StringMap", "{\"K\":\"v\"}", "{\"K\":\"v\"}")]
    [InlineData("String", "123", "\"123\"")]
    public void Arg_values_are_typed_by_the_parameter(string kind, string text, string json)
    {
        Assert.True(CallCommand.TryConvert(new ToolParameter("p", Enum.Parse<ParamKind>(kind), "d"), text, out var element, out _));
        Assert.Equal(json, JsonBuild.ToText(element));
    }
}
