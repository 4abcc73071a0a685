using System.Diagnostics;
using CaoOps.Resources;
using CaoOps.Tests.Support;
using ModelContextProtocol.Protocol;

namespace CaoOps.Tests.Resources;

public class CompletionsTests
{
    /// <summary>A clock that never moves: cached lists never go stale, however slow the machine.</summary>
    private sealed class FrozenTime : TimeProvider
    {
        public override long GetTimestamp() => 0;
    }

    private static CompleteRequestParams Request(Reference reference, string argument, string value) =>
        new() { Ref = reference, Argument = new Argument { Name = argument, Value = value } };

    private static ResourceTemplateReference Template(string uri) => new() { Uri = uri };

    private static PromptReference Prompt(string name) => new() { Name = name };

    [Fact]
    public async Task Session_names_and_terminal_ids_come_live_from_cao_server_filtered_by_what_was_typed()
    {
        await using var cao = await LiveCao.StartAsync();
        cao.Api.SeedSession("cao-demo");
        cao.Api.SeedSession("cao-build");
        var busy = cao.Api.SeedSession("cao-dev", status: "processing");
        var waiting = cao.Api.AddTerminal("cao-dev", "reviewer", status: "waiting_user_answer");
        var completions = new Completions(cao.Client, _ => true);

        var sessions = await completions.CompleteAsync(Request(Template(CaoUri.SessionTemplate), "session_name", "de"), CancellationToken.None);
        Assert.Equal(["cao-demo", "cao-dev"], sessions.Completion.Values.Order());

        var ids = await completions.CompleteAsync(Request(Template(CaoUri.OutputTemplate), "terminal_id", ""), CancellationToken.None);
        Assert.Equal(4, ids.Completion.Values.Count);
        Assert.Equal(waiting, ids.Completion.Values[0]); // the one waiting for an answer first

        var prefixed = await completions.CompleteAsync(Request(Prompt("unblock_terminal"), "terminal_id", busy[..3]), CancellationToken.None);
        Assert.Contains(busy, prefixed.Completion.Values);
        Assert.All(prefixed.Completion.Values, v => Assert.StartsWith(busy[..3], v, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Profiles_and_providers_for_delegate_task_installed_providers_first()
    {
        await using var cao = await LiveCao.StartAsync();
        cao.Api.AddProfile("data_analyst", "Analyses data");
        var completions = new Completions(cao.Client, _ => true);

        var profiles = await completions.CompleteAsync(Request(Prompt("delegate_task"), "agent_profile", "DA"), CancellationToken.None);
        Assert.Equal(["data_analyst"], profiles.Completion.Values);

        var providers = await completions.CompleteAsync(Request(Prompt("delegate_task"), "provider", ""), CancellationToken.None);
        Assert.Equal("kiro_cli", providers.Completion.Values[0]);
        Assert.Equal("claude_code", providers.Completion.Values[^1]); // the double reports it not installed
    }

    [Fact]
    public async Task Lists_are_reused_for_a_moment_instead_of_asked_on_every_keystroke()
    {
        await using var cao = await LiveCao.StartAsync();
        cao.Api.SeedSession("cao-demo");
        var completions = new Completions(cao.Client, _ => true, new FrozenTime());
        foreach (var typed in new[] { "", "c", "ca", "cao", "cao-" })
        {
            await completions.CompleteAsync(Request(Template(CaoUri.SessionTemplate), "session_name", typed), CancellationToken.None);
        }

        Assert.Single(cao.Api.Requests, r => r.Path == "/sessions");
    }

    [Theory]
    [InlineData("delegate_task", "task")]
    [InlineData("delegate_task", "working_directory")]
    [InlineData("review_sessions", "terminal_id")]
    [InlineData("no_such_prompt", "agent_profile")]
    public async Task Arguments_without_live_values_get_an_empty_list(string prompt, string argument)
    {
        await using var cao = await LiveCao.StartAsync();
        cao.Api.SeedSession("cao-demo");
        var result = await new Completions(cao.Client, _ => true).CompleteAsync(Request(Prompt(prompt), argument, ""), CancellationToken.None);
        Assert.Empty(result.Completion.Values);
    }

    [Fact]
    public async Task A_hidden_prompt_completes_nothing()
    {
        await using var cao = await LiveCao.StartAsync();
        cao.Api.SeedSession("cao-demo");
        var result = await new Completions(cao.Client, name => name != "unblock_terminal").CompleteAsync(Request(Prompt("unblock_terminal"), "terminal_id", ""), CancellationToken.None);
        Assert.Empty(result.Completion.Values);
        Assert.Empty(cao.Api.Requests);
    }

    [Fact]
    public async Task When_cao_server_is_down_the_answer_is_an_empty_list_not_an_error()
    {
        using var client = LiveCao.Unreachable();
        var completions = new Completions(client, _ => true);
        var result = await completions.CompleteAsync(Request(Template(CaoUri.TerminalTemplate), "terminal_id", "2"), CancellationToken.None);
        Assert.Empty(result.Completion.Values);
        Assert.Equal(0, result.Completion.Total);
    }

    [Fact]
    public async Task A_slow_cao_server_is_given_up_on_within_the_deadline()
    {
        await using var cao = await LiveCao.StartAsync(new() { ResponseDelay = TimeSpan.FromSeconds(30) });
        var clock = Stopwatch.StartNew();
        var result = await new Completions(cao.Client, _ => true).CompleteAsync(Request(Template(CaoUri.SessionTemplate), "session_name", ""), CancellationToken.None);
        Assert.Empty(result.Completion.Values);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, Completions.Deadline + TimeSpan.FromSeconds(5));
    }
}
