using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Flows;

public class FlowToolsTests
{
    private const string Nightly = "{\"name\":\"nightly\",\"schedule\":\"0 3 * * *\",\"agent_profile\":\"developer\",\"provider\":\"mock_cli\",\"prompt_template\":\"Run the nightly check.\"}";

    [Fact]
    public async Task Create_reports_the_flow_and_its_session()
    {
        await using var h = await DoubleHarness.StartAsync();
        var r = await h.CallAsync("create_flow", Nightly.Replace("0 3 * * *", "0 9 * * 1-5"));

        Assert.False(r.IsError, r.Text());
        var flow = r.Result.GetProperty("flow");
        Assert.Equal("0 9 * * mon-fri", flow.GetProperty("schedule").GetString());
        Assert.Equal("Run the nightly check.", flow.GetProperty("prompt_template").GetString());
        Assert.Contains("launches session cao-flow-nightly with agent developer", r.Message(), StringComparison.Ordinal);
        Assert.Contains("counts numeric weekdays from Monday", r.Message(), StringComparison.Ordinal);
        var next = DateTime.Parse(flow.GetProperty("next_run").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(next.DayOfWeek, DayOfWeek.Monday, DayOfWeek.Friday);
    }

    [Fact]
    public async Task A_duplicate_is_refused_with_the_existing_schedule_and_the_original_is_untouched()
    {
        await using var h = await DoubleHarness.StartAsync();
        Assert.False((await h.CallAsync("create_flow", Nightly)).IsError);

        var r = await h.CallAsync("create_flow", Nightly.Replace("0 3 * * *", "0 4 * * *").Replace("Run the nightly check.", "Something else."));

        Assert.True(r.IsError);
        Assert.Equal("A flow named 'nightly' already exists (schedule '0 3 * * *', agent developer, enabled); nothing was changed. Choose another name, or delete_flow it first.", r.Message());
        Assert.Equal("Run the nightly check.", h.Api.GetFlowFile("nightly")!.Prompt);
        Assert.Equal(1, h.Sent.Count(s => s == "POST /flows"));
    }

    [Theory]
    [InlineData("\"schedule\":\"0 3 * * *\"", "\"schedule\":\"every day at noon\"", "Invalid schedule: a schedule is 5 cron fields")]
    [InlineData("\"schedule\":\"0 3 * * *\"", "\"schedule\":\"0 3 1 * mon\"", "Invalid schedule: a schedule may restrict day-of-month or day-of-week, not both")]
    [InlineData("Run the nightly check.", "Check [[target]] now.", "Invalid prompt_template: it uses [[target]], which only a flow script can fill")]
    [InlineData("Run the nightly check.", "   ", "Invalid prompt_template: it is empty")]
    [InlineData("Run the nightly check.", "Esc\\u001b[2J", "Invalid prompt_template: it contains control characters")]
    [InlineData("\"provider\":\"mock_cli\"", "\"provider\":\"gpt\"", "Invalid provider 'gpt'")]
    [InlineData("\"name\":\"nightly\"", "\"name\":\"a/b\"", "invalid name 'a/b': flow names are 1-64 letters, digits, '_' or '-'")]
    public async Task Bad_arguments_are_refused_before_any_request(string from, string to, string expected)
    {
        await using var h = await DoubleHarness.StartAsync();
        var r = await h.CallAsync("create_flow", Nightly.Replace(from, to));

        Assert.True(r.IsError);
        Assert.Contains(expected, r.Message(), StringComparison.Ordinal);
        Assert.Empty(h.Sent);
        Assert.Null(h.Api.GetFlowFile("nightly"));
    }

    [Fact]
    public async Task Disable_and_enable_report_the_schedule_state()
    {
        await using var h = await DoubleHarness.StartAsync();
        await h.CallAsync("create_flow", Nightly);

        var off = await h.CallAsync("set_flow_enabled", "{\"name\":\"nightly\",\"enabled\":false}");
        Assert.False(off.Result.GetProperty("flow").GetProperty("enabled").GetBoolean());
        Assert.StartsWith("Disabled flow 'nightly': it will not run on schedule", off.Message(), StringComparison.Ordinal);
        var on = await h.CallAsync("set_flow_enabled", "{\"name\":\"nightly\",\"enabled\":true}");
        Assert.True(on.Result.GetProperty("flow").GetProperty("enabled").GetBoolean());

        var missing = await h.CallAsync("set_flow_enabled", "{\"name\":\"nope\",\"enabled\":true}");
        Assert.Equal("Enable flow 'nope' failed: Flow 'nope' not found — list_flows shows the flows that exist", missing.Message());
    }

    [Fact]
    public async Task Run_launches_the_flow_session_replaces_it_next_time_and_refuses_while_busy()
    {
        await using var h = await DoubleHarness.StartAsync();
        await h.CallAsync("create_flow", Nightly);

        var first = await h.CallAsync("run_flow", "{\"name\":\"nightly\"}");
        Assert.False(first.IsError, first.Text());
        Assert.Equal("cao-flow-nightly", first.Str("session_name"));
        var terminal = first.Str("terminal_id");
        Assert.Matches("^[0-9a-f]{8}$", terminal);
        Assert.Contains("The next run (scheduled or manual) replaces this session", first.Message(), StringComparison.Ordinal);

        await Poll.UntilAsync(() => h.Api.GetTerminalStatus(terminal) == "completed");
        var second = await h.CallAsync("run_flow", "{\"name\":\"nightly\"}");
        Assert.Contains($"It replaced the previous run's session (terminal {terminal})", second.Message(), StringComparison.Ordinal);

        h.Api.SetTerminalStatus(second.Str("terminal_id"), "processing");
        var runs = h.Sent.Count(s => s == "POST /flows/nightly/run");
        var busy = await h.CallAsync("run_flow", "{\"name\":\"nightly\"}");
        Assert.True(busy.IsError);
        Assert.Contains("is still processing the previous run", busy.Message(), StringComparison.Ordinal);
        Assert.Equal(runs, h.Sent.Count(s => s == "POST /flows/nightly/run"));
    }

    [Fact]
    public async Task Delete_explains_what_cao_server_leaves_and_can_shut_the_session_down()
    {
        await using var h = await DoubleHarness.StartAsync();
        await h.CallAsync("create_flow", Nightly);
        await h.CallAsync("create_flow", Nightly.Replace("nightly", "weekly"));
        await h.CallAsync("run_flow", "{\"name\":\"nightly\"}");
        await h.CallAsync("run_flow", "{\"name\":\"weekly\"}");

        var kept = await h.CallAsync("delete_flow", "{\"name\":\"nightly\"}");
        Assert.False(kept.IsError);
        Assert.Equal("cao-flow-nightly", kept.Str("session_left"));
        Assert.EndsWith("/flows/nightly.flow.md", kept.Str("file_left"), StringComparison.Ordinal);
        Assert.Contains("Session cao-flow-nightly is still running", kept.Message(), StringComparison.Ordinal);
        Assert.Contains("cao-flow-nightly", h.Api.SessionNames);

        var gone = await h.CallAsync("delete_flow", "{\"name\":\"weekly\",\"shutdown_session\":true}");
        Assert.False(gone.IsError);
        Assert.False(gone.Result.TryGetProperty("session_left", out _));
        Assert.Contains("Shut down session cao-flow-weekly.", gone.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain("cao-flow-weekly", h.Api.SessionNames);

        var again = await h.CallAsync("delete_flow", "{\"name\":\"weekly\"}");
        Assert.True(again.IsError);
        Assert.Equal("Get flow 'weekly' failed: Flow 'weekly' not found — list_flows shows the flows that exist", again.Message());
    }

    [Fact]
    public async Task Run_refuses_a_prompt_with_placeholders_the_flow_cannot_fill()
    {
        await using var h = await DoubleHarness.StartAsync();
        using var http = new HttpClient { BaseAddress = h.Api.BaseUrl };
        using var created = await http.PostAsync("/flows", new StringContent("{\"name\":\"templated\",\"schedule\":\"0 0 1 1 *\",\"agent_profile\":\"developer\",\"provider\":\"mock_cli\",\"prompt_template\":\"Check [[target]] now.\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        var r = await h.CallAsync("run_flow", "{\"name\":\"templated\"}");

        Assert.True(r.IsError);
        Assert.Contains("its prompt uses [[target]] but it has no script", r.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain("POST /flows/templated/run", h.Sent);
    }

    [Fact]
    public async Task List_and_get_show_the_flows()
    {
        await using var h = await DoubleHarness.StartAsync();
        Assert.Equal("No flows; create_flow schedules one", (await h.CallAsync("list_flows")).Message());
        await h.CallAsync("create_flow", Nightly);

        var list = await h.CallAsync("list_flows");
        var row = Assert.Single(list.Result.GetProperty("flows").EnumerateArray());
        Assert.Equal("nightly", row.GetProperty("name").GetString());
        Assert.False(row.TryGetProperty("prompt_template", out _));
        var get = await h.CallAsync("get_flow", "{\"name\":\"nightly\"}");
        Assert.Equal("Run the nightly check.", get.Result.GetProperty("flow").GetProperty("prompt_template").GetString());
    }
}
