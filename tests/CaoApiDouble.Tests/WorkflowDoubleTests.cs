using System.Security.Cryptography;
using System.Text;
using CaoOps.Testing.Tests.Support;
using static CaoOps.Testing.Tests.Support.Http;

namespace CaoOps.Testing.Tests;

/// <summary>Workflow runs beyond the captured sequence: failures, sessions per step, skip decisions, check order.</summary>
public sealed class WorkflowDoubleTests
{
    [Fact]
    public async Task A_failing_step_fails_the_run_with_a_failure_envelope()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.SeedWorkflow(new WorkflowSeed("breaks") { Steps = [new WorkflowStepSeed(), new WorkflowStepSeed("boom") { Fails = true }, new WorkflowStepSeed()] });

        var (status, body) = await PostAsync(http, "/workflows/runs", "{\"name_or_path\":\"breaks\",\"run_id\":\"r1\"}");

        Assert.Equal(200, status);
        var result = Json(body);
        Assert.Equal("failed", result.GetProperty("state").GetString());
        Assert.Equal("error", result.GetProperty("kind").GetString());
        Assert.Equal(["call-1", "boom"], result.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.EndsWith("StepFailedError: step 'boom' failed: the agent's terminal entered the error state", result.GetProperty("warnings")[0].GetString());
        var stored = Json((await GetAsync(http, "/workflows/runs/r1/result")).Body);
        Assert.Equal("boom", stored.GetProperty("failure_envelope").GetProperty("failing_step").GetString());
        Assert.Equal(1, stored.GetProperty("failure_envelope").GetProperty("attempt").GetInt32());
        Assert.Equal(0, stored.GetProperty("warnings").GetArrayLength());
    }

    [Fact]
    public async Task Each_running_step_has_its_own_session_which_cancel_removes()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.SeedWorkflow(CaptureWorkflows.LongRunning);

        Assert.Equal(202, (await PostAsync(http, "/workflows/runs:submit", "{\"name_or_path\":\"ops_long\",\"run_id\":\"long\"}")).Status);
        await Poll.UntilAsync(() => server.SessionNames.Count == 1, what: "slow step session");
        Assert.Matches("^cao-[0-9a-f]{8}$", server.SessionNames[0]);
        Assert.Equal((200, "{\"success\":true,\"run_id\":\"long\"}"), await PostAsync(http, "/workflows/runs/long/cancel"));

        Assert.Empty(server.SessionNames);
        Assert.Equal("cancelled", server.GetWorkflowRunState("long"));
        Assert.Equal((400, "{\"detail\":\"run 'long' has no step 'nope'; no decision was applied\"}"), await PostAsync(http, "/workflows/runs/long/resume", "{\"decisions\":{\"nope\":\"skip\"}}"));
        var resumed = Json((await PostAsync(http, "/workflows/runs/long/resume", "{\"decisions\":{\"slow\":\"skip\"}}")).Body);
        Assert.Equal("completed", resumed.GetProperty("state").GetString());
        Assert.Equal("skipped", resumed.GetProperty("steps")[1].GetProperty("state").GetString());
    }

    [Fact]
    public async Task Submit_checks_the_run_id_before_the_workflow_and_blocking_checks_inputs_first()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.SeedWorkflow(CaptureWorkflows.Inputs);
        Assert.Equal(200, (await PostAsync(http, "/workflows/runs", "{\"name_or_path\":\"ops_inputs\",\"run_id\":\"taken\",\"inputs\":{\"target\":\"x\"}}")).Status);

        Assert.Equal((409, "{\"detail\":\"\\\"run_id 'taken' already exists\\\"\"}"), await PostAsync(http, "/workflows/runs:submit", "{\"name_or_path\":\"missing\",\"run_id\":\"taken\"}"));
        Assert.Equal((400, "{\"detail\":\"missing required input 'target'\"}"), await PostAsync(http, "/workflows/runs", "{\"name_or_path\":\"ops_inputs\",\"run_id\":\"taken\"}"));
        Assert.Equal((400, "{\"detail\":\"input 'verbose' must be a bool\"}"), await PostAsync(http, "/workflows/runs:submit", "{\"name_or_path\":\"ops_inputs\",\"inputs\":{\"target\":\"x\",\"verbose\":1}}"));
        Assert.Equal((400, "{\"detail\":\"input 'count' must be an int\"}"), await PostAsync(http, "/workflows/runs:submit", "{\"name_or_path\":\"ops_inputs\",\"inputs\":{\"target\":\"x\",\"count\":2.0}}"));
        Assert.Equal(422, (await GetAsync(http, "/workflows/runs?limit=0")).Status);
        Assert.Equal(422, (await GetAsync(http, "/workflows/runs/taken/events?after_seq=-1")).Status);
    }

    [Fact]
    public async Task Specs_report_the_sha256_of_their_source_and_minted_run_ids_have_the_server_shape()
    {
        await using var server = await CaoApiDouble.StartAsync();
        using var http = Client(server);
        server.SeedWorkflow(CaptureWorkflows.Bad);
        server.SeedWorkflow(new WorkflowSeed("plain") { Steps = [new WorkflowStepSeed()] });

        var spec = Json((await GetAsync(http, "/workflows/ops_bad")).Body);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CaptureWorkflows.BadSource))), spec.GetProperty("content_hash").GetString());
        var (status, body) = await PostAsync(http, "/workflows/runs:submit", "{\"name_or_path\":\"plain\"}");
        Assert.Equal(202, status);
        var runId = Json(body).GetProperty("run_id").GetString()!;
        Assert.Matches("^run-[0-9a-f]{16}$", runId);
        await Poll.UntilAsync(() => server.GetWorkflowRunState(runId) == "completed", what: "run completed");
        Assert.Equal((204, string.Empty), await DeleteAsync(http, $"/workflows/runs/{runId}"));
        Assert.Equal((200, "{\"success\":true,\"name\":\"plain\"}"), await DeleteAsync(http, "/workflows/plain"));
        Assert.Equal((404, "{\"detail\":\"unknown workflow 'plain'\"}"), await GetAsync(http, "/workflows/plain"));
    }
}
