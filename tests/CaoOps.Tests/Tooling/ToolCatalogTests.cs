using System.Text.Json;
using CaoOps.Mcp;
using CaoOps.Tools;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Tooling;

public class ToolCatalogTests
{
    /// <summary>The sessions and profiles toolsets: upstream's tools plus wait_for_terminal.</summary>
    private static IEnumerable<ToolDefinition> Upstream =>
        ToolCatalog.All.Where(t => t.Toolset is Toolsets.Sessions or Toolsets.Profiles && t.Name is not ("list_providers" or "find_profiles"));

    [Fact]
    public void Has_upstreams_eleven_tools_in_order_plus_wait() => Assert.Equal(
        ["list_profiles", "get_profile_details", "install_profile", "launch_session", "send_session_message", "read_session_output",
         "get_terminal_status", "get_terminal_output", "wait_for_terminal", "list_sessions", "get_session_info", "shutdown_session"],
        Upstream.Select(t => t.Name));

    [Fact]
    public void Terminal_control_tools_follow_upstreams_and_only_delete_is_destructive()
    {
        var names = ToolCatalog.All.Select(t => t.Name).ToList();
        Assert.Equal(["send_terminal_input", "send_terminal_key", "add_terminal", "exit_terminal", "delete_terminal", "list_inbox_messages"],
            ToolCatalog.All.Where(t => t.Toolset == Toolsets.Terminals).Select(t => t.Name));
        Assert.True(names.IndexOf("send_terminal_input") > names.IndexOf("shutdown_session"));
        Assert.Equal(["list_providers", "find_profiles"], ToolCatalog.All.Where(t => t.Toolset == Toolsets.Profiles).Select(t => t.Name).Skip(3));
        Assert.Equal(["delete_terminal"], ToolCatalog.All.Where(t => t.Toolset == Toolsets.Terminals && t.Hints.Destructive).Select(t => t.Name));
        Assert.Equal(["list_inbox_messages", "list_providers", "find_profiles"],
            ToolCatalog.All.Where(t => t.Toolset is Toolsets.Terminals or Toolsets.Profiles && t.Hints.ReadOnly && t.Name is not ("list_profiles" or "get_profile_details")).Select(t => t.Name));
    }

    [Fact]
    public void Every_tool_has_title_annotations_and_schemas()
    {
        foreach (var definition in ToolCatalog.All)
        {
            var tool = ProtocolTools.ToProtocol(definition);
            Assert.False(string.IsNullOrWhiteSpace(tool.Title));

            // Read with MCP's defaults (readOnly false, destructive true, idempotent false, openWorld true), the annotations
            // are exactly the declared hints; destructive and idempotent are stated for tools that write.
            var a = tool.Annotations!;
            var hints = definition.Hints;
            Assert.Equal(hints.ReadOnly, a.ReadOnlyHint ?? false);
            Assert.Equal(hints.OpenWorld, a.OpenWorldHint ?? true);
            Assert.Equal(hints.ReadOnly ? null : hints.Destructive, hints.ReadOnly ? a.DestructiveHint : a.DestructiveHint ?? true);
            Assert.Equal(hints.ReadOnly ? null : hints.Idempotent, hints.ReadOnly ? a.IdempotentHint : a.IdempotentHint ?? false);
            Assert.Equal("object", tool.OutputSchema!.Value.GetProperty("type").GetString());
            Assert.False(tool.InputSchema.GetProperty("additionalProperties").GetBoolean());
        }
    }

    [Fact]
    public void Only_shutdown_is_destructive_and_reads_are_read_only()
    {
        Assert.Equal(["shutdown_session"], Upstream.Where(t => t.Hints.Destructive).Select(t => t.Name));
        Assert.Equal(["list_profiles", "get_profile_details", "read_session_output", "get_terminal_status", "get_terminal_output", "wait_for_terminal", "list_sessions", "get_session_info"],
            Upstream.Where(t => t.Hints.ReadOnly).Select(t => t.Name));
    }

    [Fact]
    public void Input_schema_lists_required_arguments()
    {
        var launch = ProtocolTools.ToProtocol(ToolCatalog.All.Single(t => t.Name == "launch_session"));
        Assert.Equal(["agent_profile"], launch.InputSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(JsonValueKind.Array, launch.InputSchema.GetProperty("properties").GetProperty("engine").GetProperty("enum").ValueKind);

        // The 13 provider names are checked on every call but not repeated in every schema (list_providers lists them).
        Assert.False(launch.InputSchema.GetProperty("properties").GetProperty("provider").TryGetProperty("enum", out _));
        Assert.Equal("^[a-f0-9]{8}$", ProtocolTools.ToProtocol(ToolCatalog.All.Single(t => t.Name == "get_terminal_status"))
            .InputSchema.GetProperty("properties").GetProperty("terminal_id").GetProperty("pattern").GetString());
    }

    [Fact]
    public void Read_only_selection_hides_write_tools()
    {
        var tools = new ToolSelection(ReadOnly: true, Include: ["list_sessions", "shutdown_session"]).Apply(ToolCatalog.All, out var error);
        Assert.Null(error);
        Assert.Equal(["list_sessions"], tools.Select(t => t.Name));
    }

    [Fact]
    public void Unknown_tool_names_are_an_error_listing_valid_ones()
    {
        new ToolSelection(Exclude: ["nope"]).Apply(ToolCatalog.All, out var error);
        Assert.StartsWith("unknown tool name 'nope'; valid names: list_profiles,", error, StringComparison.Ordinal);
    }
}
