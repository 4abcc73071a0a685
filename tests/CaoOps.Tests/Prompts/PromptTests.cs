using System.Text.Json;
using CaoOps.Prompts;
using CaoOps.Testing;
using CaoOps.Tests.Support;
using CaoOps.Tools;
using CaoOps.Tools.Terminals;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CaoOps.Tests.Prompts;

public class PromptTests
{
    /// <summary>Every tool of the catalogue, whatever the toolset.</summary>
    private static readonly HashSet<string> Everything = [.. ToolCatalog.All.Select(t => t.Name)];

    private static HashSet<string> Selected(ToolSelection selection) => [.. selection.Apply(ToolCatalog.All, out _).Select(t => t.Name)];

    private static async Task<string> GetAsync(LiveCao cao, string prompt, string argumentsJson = "{}", IReadOnlySet<string>? tools = null)
    {
        var definition = PromptCatalog.All.Single(p => p.Name == prompt);
        using var doc = JsonDocument.Parse(argumentsJson);
        var args = ToolArguments.Parse(definition.Arguments, doc.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.Clone())), out var problem);
        Assert.Null(problem);
        var result = await definition.Build(new PromptRequest(args!, tools ?? Everything, cao.Client, TimeProvider.System), CancellationToken.None);
        return ((TextContentBlock)Assert.Single(result.Messages).Content).Text;
    }

    [Fact]
    public void Prompts_that_need_a_hidden_tool_are_not_listed()
    {
        Assert.Equal(["delegate_task", "review_sessions", "unblock_terminal"], PromptCatalog.Visible(Everything).Select(p => p.Name));
        Assert.Equal(["review_sessions"], PromptCatalog.Visible(Selected(new ToolSelection(ReadOnly: true))).Select(p => p.Name));
        Assert.Empty(PromptCatalog.Visible(Selected(new ToolSelection(Include: ["list_profiles", "get_profile_details"]))));
        Assert.Empty(PromptCatalog.Visible(Selected(new ToolSelection(Toolsets: ["profiles"]))));
        Assert.Equal(["review_sessions", "unblock_terminal"], PromptCatalog.Visible(Selected(new ToolSelection(Exclude: ["launch_session"]))).Select(p => p.Name));
        Assert.Equal(["delegate_task", "review_sessions"], PromptCatalog.Visible(Selected(new ToolSelection(Exclude: ["send_terminal_input"]))).Select(p => p.Name));
    }

    [Fact]
    public void A_hidden_prompt_is_explained_and_an_unknown_one_lists_the_available()
    {
        var readOnly = Selected(new ToolSelection(ReadOnly: true));
        var visible = PromptCatalog.Visible(readOnly);
        Assert.Equal("Prompt 'delegate_task' is not available here: it needs the tool(s) launch_session, which this server's tool selection (--read-only, --tools, --exclude-tools or --toolsets) hides.",
            PromptCatalog.Unavailable("delegate_task", readOnly, visible));
        Assert.Equal("Unknown prompt: 'nope' (available: review_sessions).", PromptCatalog.Unavailable("nope", readOnly, visible));
    }

    [Fact]
    public void Delegate_task_names_the_real_tools_with_the_given_arguments_quoted()
    {
        var args = ToolArguments.Parse(DelegateTaskPrompt.Definition.Arguments,
            [KeyValuePair.Create("task", JsonDocument.Parse("\"Fix the \\\"flaky\\\" test\\nthen push\"").RootElement),
             KeyValuePair.Create("agent_profile", JsonDocument.Parse("\"developer\"").RootElement),
             KeyValuePair.Create("provider", JsonDocument.Parse("\"Claude_Code\"").RootElement),
             KeyValuePair.Create("working_directory", JsonDocument.Parse("\"/srv/my repo\"").RootElement)], out _)!;
        var text = DelegateTaskPrompt.Text(args, Everything);
        Assert.Contains("<task>\nFix the \"flaky\" test\nthen push\n</task>", text, StringComparison.Ordinal);
        Assert.Contains("get_profile_details(name=\"developer\")", text, StringComparison.Ordinal);
        Assert.Contains("launch_session(agent_profile=\"developer\", provider=\"claude_code\", working_directory=\"/srv/my repo\", initial_message=<the task above>)", text, StringComparison.Ordinal);
        Assert.Contains("wait_for_terminal(terminal_id=<terminal_id>)", text, StringComparison.Ordinal);
        Assert.Contains("send_terminal_input(terminal_id=<terminal_id>, message=<answer>)", text, StringComparison.Ordinal);
        Assert.Contains("send_terminal_key(terminal_id=<terminal_id>, key=\"Down\")", text, StringComparison.Ordinal);
        Assert.Contains("list_inbox_messages(terminal_id=<terminal_id>, status=\"pending\")", text, StringComparison.Ordinal);
        Assert.Contains("get_terminal_output(terminal_id=<terminal_id>, mode=\"last\", clean=true)", text, StringComparison.Ordinal);
        Assert.Contains("shutdown_session(session_name=<session_name>)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Delegate_task_mentions_only_exposed_tools()
    {
        var tools = Selected(new ToolSelection(Exclude: ["list_profiles", "get_profile_details", "shutdown_session", "send_terminal_input", "send_terminal_key", "list_inbox_messages"]));
        var args = ToolArguments.Parse(DelegateTaskPrompt.Definition.Arguments, [KeyValuePair.Create("task", JsonDocument.Parse("\"x\"").RootElement)], out _)!;
        var text = DelegateTaskPrompt.Text(args, tools);
        foreach (var absent in new[] { "list_profiles", "get_profile_details", "send_terminal_input", "send_terminal_key", "list_inbox_messages", "shutdown_session" })
        {
            Assert.DoesNotContain(absent, text, StringComparison.Ordinal);
        }

        Assert.Contains("Use the agent profile \"developer\" unless I named another.", text, StringComparison.Ordinal);
        Assert.Contains("Show me the question and stop", text, StringComparison.Ordinal);
        Assert.Contains("6. Leave the worker running (this server cannot shut sessions down) and tell me its session_name.", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "missing required argument 'task'")]
    [InlineData("{\"task\":\"x\",\"agent_profile\":\"-bad\"}", "profile names are")]
    [InlineData("{\"task\":\"x\",\"provider\":\"gpt\"}", "unknown provider 'gpt'")]
    [InlineData("{\"task\":\"x\",\"extra\":\"1\"}", "unknown argument 'extra'")]
    public void Delegate_task_arguments_are_checked_like_tool_arguments(string json, string expected)
    {
        using var doc = JsonDocument.Parse(json);
        Assert.Null(ToolArguments.Parse(DelegateTaskPrompt.Definition.Arguments, doc.RootElement.EnumerateObject().Select(p => KeyValuePair.Create(p.Name, p.Value.Clone())), out var problem));
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_sessions_puts_what_needs_attention_first_with_live_status_and_queued_messages()
    {
        await using var cao = await LiveCao.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromSeconds(30) });
        var done = cao.Api.SeedSession("cao-done", status: "completed");
        var asking = cao.Api.SeedSession("cao-ask", "reviewer", status: "waiting_user_answer");
        var busy = cao.Api.SeedSession("cao-busy", status: "processing");
        var queued = cao.Api.SeedSession("cao-queue", status: "error");
        using (var http = new HttpClient())
        {
            (await http.PostAsync($"{cao.Api.BaseAddress}/terminals/{queued}/inbox/messages?sender_id={done}&message=hello", null)).EnsureSuccessStatusCode();
        }

        var text = await GetAsync(cao, "review_sessions");
        Assert.Contains("4 sessions, 4 terminals: 1 waiting_user_answer, 1 error, 1 processing, 1 completed.", text, StringComparison.Ordinal);
        var attention = text.IndexOf("Needs attention:", StringComparison.Ordinal);
        var working = text.IndexOf("Working:", StringComparison.Ordinal);
        var finished = text.IndexOf("Idle or finished:", StringComparison.Ordinal);
        Assert.True(attention > 0 && attention < working && working < finished, text);
        Assert.True(text.IndexOf(asking, StringComparison.Ordinal) < text.IndexOf(queued, StringComparison.Ordinal), "waiting first, then error");
        Assert.Contains($"- cao-ask / terminal {asking} (reviewer, mock_cli): waiting_user_answer — it is asking a question and waits for an answer; last active", text, StringComparison.Ordinal);
        Assert.Contains($"- cao-queue / terminal {queued} (developer, mock_cli): error — its CLI reported an error; input is refused in this state; last active", text, StringComparison.Ordinal);
        Assert.Contains("; 1 queued message not yet delivered", text, StringComparison.Ordinal);
        Assert.Contains("; no queued messages", text, StringComparison.Ordinal);
        Assert.True(text.IndexOf(busy, StringComparison.Ordinal) > working && text.IndexOf(done, StringComparison.Ordinal) > finished);
        Assert.Contains("send_terminal_input(terminal_id, message)", text, StringComparison.Ordinal);
        Assert.Contains("shutdown_session(session_name)", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_sessions_says_queued_messages_are_unknown_when_the_server_cannot_list_them()
    {
        await using var cao = await LiveCao.StartAsync();
        var id = cao.Api.SeedSession("cao-old");
        cao.Api.AddFault(new FaultRule("GET", $"/terminals/{id}/inbox", FaultKind.Status) { StatusCode = 404, Body = "{\"detail\":\"Not Found\"}", ContentType = "application/json" });
        var text = await GetAsync(cao, "review_sessions", tools: Selected(new ToolSelection(ReadOnly: true)));
        Assert.Contains($"- cao-old / terminal {id} (developer, mock_cli): idle; last active", text, StringComparison.Ordinal);
        Assert.Contains("; queued messages unknown (this cao-server did not list them)", text, StringComparison.Ordinal);
        Assert.DoesNotContain("shutdown_session", text, StringComparison.Ordinal); // hidden in read-only mode
    }

    [Fact]
    public async Task Review_sessions_with_no_sessions_says_so()
    {
        await using var cao = await LiveCao.StartAsync();
        var text = await GetAsync(cao, "review_sessions");
        Assert.Contains("There are no CAO sessions. Tell me so, and that launch_session (or the delegate_task prompt) starts a worker.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_sessions_fails_with_the_reason_when_cao_server_is_down()
    {
        await using var cao = await LiveCao.StartAsync();
        var definition = ReviewSessionsPrompt.Definition;
        using var down = LiveCao.Unreachable();
        var ex = await Assert.ThrowsAsync<McpException>(() => definition.Build(new PromptRequest(ToolArguments.Empty, Everything, down, TimeProvider.System), CancellationToken.None));
        Assert.Contains("CAO server not reachable at http://127.0.0.1:1 — is `cao-server` running?", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unblock_terminal_shows_the_question_and_how_to_answer_it()
    {
        await using var cao = await LiveCao.StartAsync();
        var id = cao.Api.SeedSession("cao-ask", "reviewer", status: "waiting_user_answer");
        cao.Api.SetTerminalOutput(id, "\u001b[1mDo you want to proceed?\u001b[0m\r\n❯ 1. Yes\r\n  2. No\r\n\r\n");
        var text = await GetAsync(cao, "unblock_terminal", $"{{\"terminal_id\":\"{id}\"}}");
        Assert.StartsWith($"CAO terminal {id} (reviewer, mock_cli) in session cao-ask is waiting_user_answer. It is waiting for an answer.", text, StringComparison.Ordinal);
        Assert.Contains("<screen>\nDo you want to proceed?\n❯ 1. Yes\n  2. No\n</screen>", text, StringComparison.Ordinal);
        Assert.Contains($"send_terminal_input(terminal_id=\"{id}\", message=<answer>)", text, StringComparison.Ordinal);
        Assert.Contains($"send_terminal_key(terminal_id=\"{id}\", key=\"Down\")", text, StringComparison.Ordinal);
        Assert.Contains($"wait_for_terminal(terminal_id=\"{id}\")", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unblock_terminal_says_when_the_terminal_is_not_waiting()
    {
        await using var cao = await LiveCao.StartAsync();
        var id = cao.Api.SeedSession("cao-busy", status: "processing");
        var text = await GetAsync(cao, "unblock_terminal", $"{{\"terminal_id\":\"{id}\"}}");
        Assert.Contains("is processing. It is not waiting for an answer: it is working. wait_for_terminal waits until it finishes or asks something.", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unblock_terminal_for_a_terminal_that_does_not_exist_is_an_invalid_argument()
    {
        await using var cao = await LiveCao.StartAsync();
        var ex = await Assert.ThrowsAsync<McpProtocolException>(() => GetAsync(cao, "unblock_terminal", "{\"terminal_id\":\"deadbeef\"}"));
        Assert.Equal(McpErrorCode.InvalidParams, ex.ErrorCode);
        Assert.Contains("Terminal 'deadbeef' not found", ex.Message, StringComparison.Ordinal);
        Assert.Contains("the review_sessions prompt or cao://sessions lists the terminals", ex.Message, StringComparison.Ordinal);
    }
}
