using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol.Protocol;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>
/// Hostile identifiers and texts in every argument that ends up in a request. The double records every request:
/// none may leave the path its tool intends, values outside an identifier's documented shape are refused before any
/// request, and accepted texts arrive in their own query value or body field unchanged.
/// </summary>
public class InjectionTests
{
    private const string Terminal = "0badc0de";

    /// <summary>Path tricks, URL syntax, whitespace, unicode, control characters, and some valid values for contrast.</summary>
    public static readonly string[] Values =
    [
        "a/b", "/", "..", ".", "../etc/passwd", "..%2F..%2Fetc", "%2F", "a%2Fb", "%2e%2e", "%00", "a?x=1", "?", "a#frag", "#",
        "a b", " ", " leading", "trailing ", "a\tb", "ü", "cao-ü", "日本語", "😀", "a\u2028b", "a\u202Eb", "a\r\nb", "a\nb", "a\rb",
        "\r\nHost: evil", "a\0b", "\0", "a\\b", "..\\..\\x", "a;b", "a&x=1", "a=b", "a,b", "-a", "~root", "$(id)", "`id`", "'\"<>",
        "cao-../../x", "cao-%2e%2e", "cao-x/..", new string('x', 200),
        "deadbeef", "cao-ok_1", "ok-1", "developer", "a.b", "v1.2:x/y-z", "https://example.invalid/a%20b.md",
    ];

    /// <summary>End-anchored patterns that tools/list does not carry (array items, map keys, install sources).</summary>
    private static readonly Regex AllowedTool = new(@"^[^,\p{Cc}]+\z");
    private static readonly Regex EnvVarName = new("^[A-Za-z_][A-Za-z0-9_]{0,127}\\z");
    private static readonly Regex InstallName = new("^[A-Za-z0-9_-]{1,64}\\z");

    /// <summary>Name shapes cao-ops checks on every call but does not advertise in tools/list (only terminal ids are).</summary>
    private static readonly Regex LaunchSessionName = new("^(cao-[A-Za-z0-9_-]{0,60}|[A-Za-z0-9_][A-Za-z0-9_-]{0,59})\\z");
    private static readonly Regex AgentProfile = new("^[A-Za-z0-9_][A-Za-z0-9_-]{0,58}\\z");
    private static readonly Regex Model = new("^[A-Za-z0-9._:/-]{1,128}\\z");
    private static readonly Regex ProfileName = new(@"^(?!.*\.\.)[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z");
    /// <summary>Text delivered to an agent: tabs and line breaks (LF, CR LF) but no other control character.</summary>
    private static readonly Regex AgentText = new(@"^(?:[^\p{Cc}]|\t|\n|\r\n)*\z");
    private static readonly Regex KeyName = new(@"^((?i:up|down|left|right|enter|return|tab|escape|esc|space|arrow(up|down|left|right))|[A-Za-z0-9]|(?i:c|m|s|ctrl|control|meta|alt|shift|\^)[-+]?[A-Za-z0-9])\z");

    private sealed record Case(string Tool, string Argument, Func<string, object> Arguments, Func<string, string[]> Paths, Func<string, bool>? Validity = null, Action<RecordedRequest, string>? Carried = null);

    private static readonly Case[] Cases =
    [
        new("get_session_info", "session_name", v => new { session_name = v }, v => [Session(v)], Validity: LaunchSessionName.IsMatch),
        new("shutdown_session", "session_name", v => new { session_name = v }, v => [Session(v)], Validity: LaunchSessionName.IsMatch),
        new("read_session_output", "session_name", v => new { session_name = v }, v => [Session(v)], Validity: LaunchSessionName.IsMatch),
        new("get_profile_details", "name", v => new { name = v }, v => ["/agents/profiles/" + v], Validity: ProfileName.IsMatch),
        new("get_terminal_status", "terminal_id", v => new { terminal_id = v }, v => ["/terminals/" + v]),
        new("get_terminal_output", "terminal_id", v => new { terminal_id = v }, v => [$"/terminals/{v}/output"]),
        new("read_session_output", "terminal_id", v => new { terminal_id = v }, v => [$"/terminals/{v}/output"]),
        new("wait_for_terminal", "terminal_id", v => new { terminal_id = v, timeout_seconds = 1 }, v => ["/terminals/" + v, $"/terminals/{v}/inbox/messages"]),
        new("send_session_message", "terminal_id", v => new { terminal_id = v, message = "hi" }, v => [$"/terminals/{v}/inbox/messages"]),
        new("send_session_message", "message", v => new { terminal_id = Terminal, message = v }, _ => [$"/terminals/{Terminal}/inbox/messages"],
            Validity: AgentText.IsMatch, Carried: (r, v) => Assert.Equal(v, r.Query["message"])),
        new("launch_session", "session_name", v => new { agent_profile = "developer", provider = "mock_cli", session_name = v, initial_message = "x" }, _ => ["/sessions"],
            Validity: LaunchSessionName.IsMatch, Carried: (r, v) => Assert.Equal(v, r.Query["session_name"])),
        new("launch_session", "agent_profile", v => new { agent_profile = v, provider = "mock_cli", initial_message = "x" }, _ => ["/sessions"],
            Validity: AgentProfile.IsMatch, Carried: (r, v) => Assert.Equal(v, r.Query["agent_profile"])),
        new("launch_session", "model", v => new { agent_profile = "developer", provider = "mock_cli", model = v, initial_message = "x" }, _ => ["/sessions"],
            Validity: Model.IsMatch, Carried: (r, v) => Assert.Equal(v, r.Query["model"])),
        new("launch_session", "working_directory", v => new { agent_profile = "developer", provider = "mock_cli", working_directory = v, initial_message = "x" }, _ => ["/sessions"],
            Validity: v => v.Length > 0, Carried: (r, v) => Assert.Equal(v, r.Query["working_directory"])),
        new("launch_session", "initial_message", v => new { agent_profile = "developer", provider = "mock_cli", initial_message = v }, _ => ["/sessions"],
            Validity: v => v.Length > 0 && AgentText.IsMatch(v), Carried: (r, v) => Assert.Equal(v, BodyString(r, "initial_message"))),
        new("launch_session", "allowed_tools", v => new { agent_profile = "developer", provider = "mock_cli", allowed_tools = new[] { v }, initial_message = "x" }, _ => ["/sessions"],
            Validity: AllowedTool.IsMatch, Carried: (r, v) => Assert.Equal(v, r.Query["allowed_tools"])),
        new("launch_session", "env_vars", v => new { agent_profile = "developer", provider = "mock_cli", env_vars = new Dictionary<string, string> { [v] = "value" }, initial_message = "x" }, _ => ["/sessions"],
            Validity: v => EnvVarName.IsMatch(v) && !v.StartsWith("CLAUDE", StringComparison.Ordinal) && !v.StartsWith("CODEX_", StringComparison.Ordinal) && !v.StartsWith("__MISE_", StringComparison.Ordinal),
            Carried: (r, v) => Assert.True(JsonDocument.Parse(r.Body!).RootElement.GetProperty("env_vars").TryGetProperty(v, out _))),
        new("launch_session", "group", v => new { agent_profile = "developer", provider = "mock_cli", group = new[] { v }, initial_message = "x" }, _ => ["/sessions"],
            Validity: v => v.EnumerateRunes().Count() <= 128, Carried: (r, v) => Assert.Equal(v, JsonDocument.Parse(r.Body!).RootElement.GetProperty("group")[0].GetString())),
        new("send_terminal_input", "terminal_id", v => new { terminal_id = v, message = "y" }, v => ["/terminals/" + v]),
        new("send_terminal_input", "message", v => new { terminal_id = Terminal, message = v }, _ => ["/terminals/" + Terminal], Validity: AgentText.IsMatch),
        new("send_terminal_key", "terminal_id", v => new { terminal_id = v, key = "Enter" }, v => [$"/terminals/{v}/key"]),
        new("send_terminal_key", "key", v => new { terminal_id = Terminal, key = v }, _ => [$"/terminals/{Terminal}/key"], Validity: v => KeyName.IsMatch(v.Trim())),
        new("exit_terminal", "terminal_id", v => new { terminal_id = v }, v => ["/terminals/" + v]),
        new("delete_terminal", "terminal_id", v => new { terminal_id = v }, v => ["/terminals/" + v]),
        new("list_inbox_messages", "terminal_id", v => new { terminal_id = v }, v => ["/terminals/" + v]),
        new("add_terminal", "session_name", v => new { session_name = v, agent_profile = "reviewer" }, v => [Session(v), Session(v) + "/terminals"], Validity: LaunchSessionName.IsMatch),
        new("add_terminal", "agent_profile", v => new { session_name = "cao-inj", agent_profile = v }, _ => ["/sessions/cao-inj", "/sessions/cao-inj/terminals"], Validity: AgentProfile.IsMatch),
        new("add_terminal", "model", v => new { session_name = "cao-inj", agent_profile = "reviewer", model = v }, _ => ["/sessions/cao-inj", "/sessions/cao-inj/terminals"], Validity: Model.IsMatch),
        new("add_terminal", "working_directory", v => new { session_name = "cao-inj", agent_profile = "reviewer", working_directory = v }, _ => ["/sessions/cao-inj", "/sessions/cao-inj/terminals"]),
        new("find_profiles", "query", v => new { query = v }, _ => ["/agents/profiles/search"], Carried: (r, v) => Assert.Equal(v, r.Query["q"])),
        new("install_profile", "source", v => new { source = v }, _ => ["/agents/profiles/install"],
            Validity: v => InstallName.IsMatch(v) || v.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || v.StartsWith("http://", StringComparison.OrdinalIgnoreCase),
            Carried: (r, v) => Assert.Equal(v, BodyString(r, "source"))),
        new("install_profile", "env_vars", v => new { source = "developer", env_vars = new Dictionary<string, string> { [v] = "value" } }, _ => ["/agents/profiles/install"],
            Validity: EnvVarName.IsMatch, Carried: (r, v) => Assert.True(JsonDocument.Parse(r.Body!).RootElement.GetProperty("env_vars").TryGetProperty(v, out _))),
    ];

    [Fact]
    public async Task No_request_leaves_its_path_and_invalid_identifiers_are_refused_before_any_request()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero, WorkerDelay = TimeSpan.FromHours(1) });
        await using var mcp = await McpHarness.StartAsync(api);
        var schemas = (await mcp.Client.ListToolsAsync()).ToDictionary(t => t.Name, t => ToolSchema.From(t.Name, t.ProtocolTool.InputSchema));
        Assert.Equal(schemas.Keys.Except(new[] { "list_profiles", "list_sessions", "list_providers" }).Order(), Cases.Select(c => c.Tool).Distinct().Order());

        var refused = 0;
        var sent = 0;
        foreach (var c in Cases)
        {
            var pattern = schemas[c.Tool].Property(c.Argument).Pattern;
            foreach (var value in Values.Concat(TrailingNewline))
            {
                var where = $"{c.Tool}.{c.Argument}={JsonSerializer.Serialize(value)}";
                api.ClearRequests();
                var result = await mcp.CallAsync(c.Tool, c.Arguments(value));
                var requests = api.Requests;
                var valid = c.Validity?.Invoke(value) ?? (pattern is null || FullMatch(pattern, value));

                // Whatever happens, every request stays exactly on the tool's own endpoint.
                var allowed = c.Paths(value);
                Assert.All(requests, r => Assert.True(allowed.Contains(r.Path), $"{where}: request to {JsonSerializer.Serialize(r.Path)} ({r.RawTarget}); allowed: {string.Join(", ", allowed)}"));

                if (!valid && TrailingNewline.Contains(value))
                {
                    continue; // known src bug, see Identifiers_with_a_trailing_newline_are_refused
                }

                if (!valid)
                {
                    refused++;
                    Assert.True(result.IsError, $"{where}: {Text(result)}");
                    Assert.True(requests.Count == 0, $"{where}: {requests.Count} request(s) made for a refused value: {string.Join(", ", requests.Select(r => r.RawTarget))}");
                    Assert.DoesNotContain("unexpectedly", Text(result), StringComparison.Ordinal);
                    continue;
                }

                sent++;
                Assert.True(requests.Count > 0, $"{where}: a valid value made no request: {Text(result)}");
                if (c.Carried is { } carried)
                {
                    carried(requests[0], value);
                }
            }
        }

        Assert.True(refused > 300, $"only {refused} values were refused");
        Assert.True(sent > 50, $"only {sent} values were sent");
    }

    /// <summary>Values that pass a <c>^…$</c> .NET pattern although the newline is not part of any identifier shape.</summary>
    private static readonly string[] TrailingNewline = ["deadbeef\n", "cao-x\n", "developer\n", "fs_read\n", "KEY\n"];

    [Theory]
    [InlineData("get_terminal_status", "terminal_id", "deadbeef\n")]
    [InlineData("get_session_info", "session_name", "cao-x\n")]
    [InlineData("get_profile_details", "name", "developer\n")]
    [InlineData("launch_session", "agent_profile", "developer\n")]
    [InlineData("install_profile", "env_vars", "KEY\n")]
    [InlineData("launch_session", "allowed_tools", "fs_read\n")]
    public async Task Identifiers_with_a_trailing_newline_are_refused(string tool, string argument, string value)
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { CreateDelay = TimeSpan.Zero });
        await using var mcp = await McpHarness.StartAsync(api);
        var c = Cases.First(x => x.Tool == tool && x.Argument == argument);
        var result = await mcp.CallAsync(tool, c.Arguments(value));
        Assert.True(result.IsError, Text(result));
        Assert.Contains("Invalid arguments", Text(result), StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    /// <summary>JSON Schema (ECMA-262) semantics: the pattern must match the whole value, a trailing newline included.</summary>
    private static bool FullMatch(string pattern, string value)
    {
        var m = Regex.Match(value, pattern);
        return m.Success && m.Index == 0 && m.Length == value.Length;
    }

    private static string Session(string name) => "/sessions/" + (name.StartsWith("cao-", StringComparison.Ordinal) ? name : "cao-" + name);

    private static string? BodyString(RecordedRequest r, string key) => JsonDocument.Parse(r.Body!).RootElement.GetProperty(key).GetString();

    private static string Text(CallToolResult r) => r.Content.Count > 0 && r.Content[0] is TextContentBlock t ? t.Text : "(no text)";
}
