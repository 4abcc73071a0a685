using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>Flow behaviour beyond the single captured sequence: what is left on "disk", sessions, cron semantics.</summary>
public sealed class FlowDoubleTests
{
    private const string Create = "{\"name\":\"nightly\",\"schedule\":\"0 3 * * *\",\"agent_profile\":\"developer\",\"provider\":\"mock_cli\",\"prompt_template\":\"Original.\"}";

    [Fact]
    public async Task A_duplicate_create_overwrites_the_file_but_not_the_row()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        Assert.Equal(201, (await PostAsync(http, "/flows", Create)).Status);

        var (status, body) = await PostAsync(http, "/flows", Create.Replace("0 3", "0 4").Replace("Original.", "Duplicate."));

        Assert.Equal(500, status);
        Assert.Contains("UNIQUE constraint failed: flows.name", body);
        var flow = Json((await GetAsync(http, "/flows/nightly")).Body);
        Assert.Equal("0 3 * * *", flow.GetProperty("schedule").GetString());
        Assert.Equal("Duplicate.", flow.GetProperty("prompt_template").GetString());
        Assert.Equal("Duplicate.", server.GetFlowFile("nightly")!.Prompt);
    }

    [Fact]
    public async Task Rejected_creates_and_deletes_leave_the_file_and_delete_leaves_the_session()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);

        Assert.Equal((404, "{\"detail\":\"Invalid cron expression '61 * * * *': the last value (61) is higher than the maximum value (59)\"}"),
            await PostAsync(http, "/flows", Create.Replace("0 3 * * *", "61 * * * *")));
        Assert.NotNull(server.GetFlowFile("nightly"));
        Assert.Equal((404, "{\"detail\":\"Invalid flow name 'a b': must match ^[A-Za-z0-9_-]{1,64}$\"}"), await PostAsync(http, "/flows", Create.Replace("nightly", "a b")));

        Assert.Equal(201, (await PostAsync(http, "/flows", Create)).Status);
        Assert.Equal((200, "{\"executed\":true}"), await PostAsync(http, "/flows/nightly/run"));
        Assert.Equal((200, "{\"success\":true}"), await DeleteAsync(http, "/flows/nightly"));

        Assert.Equal(404, (await GetAsync(http, "/flows/nightly")).Status);
        Assert.NotNull(server.GetFlowFile("nightly"));
        Assert.Contains("cao-flow-nightly", server.SessionNames);
    }

    [Fact]
    public async Task A_run_recycles_the_flow_session_and_a_busy_one_is_skipped_but_stamped()
    {
        await using var server = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(10) });
        using var http = Client(server);
        Assert.Equal(201, (await PostAsync(http, "/flows", Create)).Status);
        Assert.Equal(200, (await PostAsync(http, "/flows/nightly/disable")).Status);

        Assert.Equal((200, "{\"executed\":true}"), await PostAsync(http, "/flows/nightly/run")); // enabled is not checked
        var first = Json((await GetAsync(http, "/sessions/cao-flow-nightly")).Body).GetProperty("terminals")[0].GetProperty("id").GetString()!;
        await Poll.UntilAsync(() => server.GetTerminalStatus(first) == "completed", what: "flow agent done");
        Assert.Equal((200, "{\"executed\":true}"), await PostAsync(http, "/flows/nightly/run"));
        var second = Json((await GetAsync(http, "/sessions/cao-flow-nightly")).Body).GetProperty("terminals")[0].GetProperty("id").GetString()!;
        Assert.NotEqual(first, second);
        Assert.Null(server.GetTerminalStatus(first));

        server.SetTerminalStatus(second, "processing");
        Assert.Equal((200, "{\"executed\":false}"), await PostAsync(http, "/flows/nightly/run"));
        Assert.Equal(second, Json((await GetAsync(http, "/sessions/cao-flow-nightly")).Body).GetProperty("terminals")[0].GetProperty("id").GetString());
        Assert.NotEqual("null", Json((await GetAsync(http, "/flows/nightly")).Body).GetProperty("last_run").GetRawText());
    }

    [Fact]
    public async Task Numeric_day_of_week_counts_from_monday_like_apscheduler()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);

        var (status, body) = await PostAsync(http, "/flows", Create.Replace("0 3 * * *", "0 3 * * 0"));

        Assert.Equal(201, status);
        var next = DateTime.Parse(Json(body).GetProperty("next_run").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(DayOfWeek.Monday, next.DayOfWeek);
    }

    [Fact]
    public async Task Create_validates_like_pydantic()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);

        var (status, body) = await PostAsync(http, "/flows", Create.Replace("0 3 * * *", "0 3 * * *\\nscript: x").Replace("\"developer\"", "\" \""));

        Assert.Equal(422, status);
        Assert.Equal(
            "{\"detail\":[{\"type\":\"value_error\",\"loc\":[\"body\",\"schedule\"],\"msg\":\"Value error, must not contain control characters\",\"input\":\"0 3 * * *\\nscript: x\",\"ctx\":{\"error\":{}}},"
            + "{\"type\":\"value_error\",\"loc\":[\"body\",\"agent_profile\"],\"msg\":\"Value error, must not be empty\",\"input\":\" \",\"ctx\":{\"error\":{}}}]}",
            body);
        Assert.Null(server.GetFlowFile("nightly"));
    }
}
