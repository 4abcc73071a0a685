using CaoOps.Testing;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Workflows;

public class WorkflowToolsTests
{
    [Fact]
    public async Task List_get_and_validate_describe_the_specs()
    {
        await using var h = await DoubleHarness.StartAsync();
        Assert.StartsWith("No workflows", (await h.CallAsync("list_workflows")).Message(), StringComparison.Ordinal);
        h.Api.SeedWorkflow(WorkflowSeeds.Inputs());
        h.Api.SeedWorkflow(WorkflowSeeds.LintFailing);

        var list = await h.CallAsync("list_workflows");
        Assert.Equal(["ops_bad", "ops_inputs"], list.Result.GetProperty("workflows").EnumerateArray().Select(w => w.GetProperty("name").GetString()));

        var spec = await h.CallAsync("get_workflow", "{\"name\":\"ops_inputs\"}");
        Assert.Equal("Workflow 'ops_inputs': it declares: target (string, required), count (int, default 2), verbose (bool, default false); lint passes", spec.Message());
        Assert.Equal(2, spec.Result.GetProperty("inputs").GetProperty("count").GetProperty("default").GetInt32());
        Assert.Matches("^[0-9a-f]{64}$", spec.Str("content_hash"));

        var bad = await h.CallAsync("get_workflow", "{\"name\":\"ops_bad\"}");
        Assert.Equal("fail", bad.Str("lint"));
        Assert.Equal("line 1 [disallowed-import] error: import of CAO internal module 'cli_agent_orchestrator' is not allowed", bad.Result.GetProperty("findings")[0].GetString());

        var byName = await h.CallAsync("validate_workflow", "{\"path\":\"ops_bad\"}");
        Assert.False(byName.IsError);
        Assert.Equal("fail", byName.Str("status"));
        Assert.Contains("POST /workflows/validate", h.Sent);
        Assert.Equal("pass", (await h.CallAsync("validate_workflow", "{\"path\":\"ops_inputs.py\"}")).Str("status"));

        var missing = await h.CallAsync("validate_workflow", "{\"path\":\"nope.py\"}");
        Assert.True(missing.IsError);
        Assert.StartsWith("Validate workflow 'nope.py' failed: could not read spec: [Errno 2] No such file or directory", missing.Message(), StringComparison.Ordinal);
        var outside = await h.CallAsync("validate_workflow", "{\"path\":\"/etc/x.py\"}");
        Assert.Equal("Validate workflow '/etc/x.py' failed: workflow spec path '/etc/x.py' escapes its validated directory — give a .py (or .yaml) file inside CAO's workflows folder", outside.Message());
        Assert.Equal("Get workflow 'nope' failed: unknown workflow 'nope' — list_workflows shows the workflows that exist", (await h.CallAsync("get_workflow", "{\"name\":\"nope\"}")).Message());
    }

    [Theory]
    [InlineData("{\"count\":3}", "missing required input 'target' (string); it declares: target (string, required), count (int, default 2), verbose (bool, default false)")]
    [InlineData("{\"target\":\"b\",\"count\":\"3\"}", "input 'count' must be an int (a whole JSON number), got a string")]
    [InlineData("{\"target\":\"b\",\"count\":2.5}", "input 'count' must be an int (a whole JSON number), got a number with a fraction or exponent")]
    [InlineData("{\"target\":\"b\",\"verbose\":\"yes\"}", "input 'verbose' must be a bool (true or false), got a string")]
    [InlineData("{\"target\":\"b\",\"colour\":\"red\"}", "unknown input 'colour' (not declared by the workflow); it declares:")]
    public async Task Inputs_are_checked_against_the_declared_inputs_before_anything_is_submitted(string inputs, string expected)
    {
        await using var h = await DoubleHarness.StartAsync();
        h.Api.SeedWorkflow(WorkflowSeeds.Inputs());

        var r = await h.CallAsync("run_workflow", $"{{\"name\":\"ops_inputs\",\"inputs\":{inputs}}}");

        Assert.True(r.IsError);
        Assert.StartsWith("Workflow 'ops_inputs' was not run: " + expected, r.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain(h.Sent, s => s.StartsWith("POST /workflows/runs", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Lint_failures_unknown_workflows_and_taken_run_ids_are_refused_before_submitting()
    {
        await using var h = await DoubleHarness.StartAsync();
        h.Api.SeedWorkflow(WorkflowSeeds.LintFailing);
        h.Api.SeedWorkflow(WorkflowSeeds.Inputs());

        var lint = await h.CallAsync("run_workflow", "{\"name\":\"ops_bad\"}");
        Assert.Equal("Workflow 'ops_bad' fails lint, so cao-server will not run it: line 1 [disallowed-import] import of CAO internal module 'cli_agent_orchestrator' is not allowed", lint.Message());
        var unknown = await h.CallAsync("run_workflow", "{\"name\":\"nope\"}");
        Assert.Equal("Get workflow 'nope' failed: unknown workflow 'nope' — list_workflows shows the workflows that exist; nothing was run", unknown.Message());

        Assert.False((await h.CallAsync("run_workflow", "{\"name\":\"ops_inputs\",\"inputs\":{\"target\":\"a\"},\"run_id\":\"r1\",\"wait_seconds\":0}")).IsError);
        var taken = await h.CallAsync("run_workflow", "{\"name\":\"ops_inputs\",\"inputs\":{\"target\":\"a\"},\"run_id\":\"r1\",\"wait_seconds\":0}");
        Assert.StartsWith("Run id 'r1' is taken by a ", taken.Message(), StringComparison.Ordinal);
        Assert.Single(h.Sent, s => s == "POST /workflows/runs:submit");
    }

    [Fact]
    public async Task Waiting_returns_the_finished_run_with_the_scripts_output_and_reports_step_progress()
    {
        await using var h = await DoubleHarness.StartAsync();
        h.Api.SeedWorkflow(WorkflowSeeds.Inputs(TimeSpan.FromMilliseconds(300)));

        var r = await h.CallAsync("run_workflow", "{\"name\":\"ops_inputs\",\"inputs\":{\"target\":\"build-42\",\"verbose\":true},\"run_id\":\"r-wait\",\"wait_seconds\":30}");

        Assert.False(r.IsError, r.Text());
        Assert.Equal("completed", r.Str("state"));
        Assert.Equal("{\"inputs\":{\"target\":\"build-42\",\"count\":2,\"verbose\":true},\"answer\":\"inspected build-42\"}", r.Result.GetProperty("output").GetRawText());
        Assert.Equal(["inspect", "report"], r.Result.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        Assert.Equal("Run 'r-wait' of ops_inputs completed. 'output' is what the script emitted.", r.Message());
        Assert.Contains(h.Progress, p => p.Message.Contains("inspect running", StringComparison.Ordinal) && p.Total == 30);
        Assert.Contains("POST /workflows/runs", h.Sent);
    }

    [Fact]
    public async Task A_submitted_run_is_followed_with_get_workflow_run_which_explains_the_missing_output()
    {
        await using var h = await DoubleHarness.StartAsync();
        h.Api.SeedWorkflow(WorkflowSeeds.Inputs(TimeSpan.FromMilliseconds(200)));

        var submitted = await h.CallAsync("run_workflow", "{\"name\":\"ops_inputs\",\"inputs\":{\"target\":\"x\"},\"wait_seconds\":0}");
        Assert.False(submitted.IsError, submitted.Text());
        var runId = submitted.Str("run_id");
        Assert.Matches("^run-[0-9a-f]{16}$", runId);
        Assert.Equal("running", submitted.Str("state"));

        var done = await h.CallAsync("get_workflow_run", $"{{\"run_id\":\"{runId}\",\"wait_seconds\":30}}");
        Assert.Equal("completed", done.Str("state"));
        Assert.False(done.Result.TryGetProperty("output", out _));
        Assert.Contains("Its emitted output is not available", done.Message(), StringComparison.Ordinal);
        Assert.NotEmpty(h.Progress);

        var runs = await h.CallAsync("list_workflow_runs", "{\"state\":\"completed\"}");
        Assert.Equal(runId, runs.Result.GetProperty("runs")[0].GetProperty("run_id").GetString());
    }

    [Fact]
    public async Task A_wait_that_times_out_keeps_the_run_and_its_output_for_get_workflow_run()
    {
        await using var h = await DoubleHarness.StartAsync();
        h.Api.SeedWorkflow(WorkflowSeeds.Inputs() with { StartDelay = null });

        var r = await h.CallAsync("run_workflow", "{\"name\":\"ops_inputs\",\"inputs\":{\"target\":\"t\"},\"run_id\":\"slowpoke\",\"wait_seconds\":1}");
        Assert.False(r.IsError, r.Text());
        Assert.Equal("running", r.Str("state"));
        Assert.StartsWith("Run 'slowpoke' is still running after", r.Message(), StringComparison.Ordinal);
        Assert.Contains("its output is not lost", r.Message(), StringComparison.Ordinal);

        await h.Api.AdvanceWorkflowRunAsync("slowpoke");
        var done = await h.CallAsync("get_workflow_run", "{\"run_id\":\"slowpoke\",\"wait_seconds\":30}");
        Assert.Equal("completed", done.Str("state"));
        Assert.Equal("inspected t", done.Result.GetProperty("output").GetProperty("answer").GetString());
    }

    [Fact]
    public async Task A_cancelled_run_says_which_step_needs_a_decision_and_resumes_with_rerun()
    {
        await using var h = await DoubleHarness.StartAsync();
        h.Api.SeedWorkflow(WorkflowSeeds.LongRunning);
        await h.CallAsync("run_workflow", "{\"name\":\"ops_long\",\"run_id\":\"long\",\"wait_seconds\":0}");
        await Poll.UntilAsync(() => h.Api.SessionNames.Count == 1, what: "slow step running");

        var running = await h.CallAsync("resume_workflow_run", "{\"run_id\":\"long\"}");
        Assert.Equal("Run 'long' is running; only a cancelled or failed run can be resumed (cancel_workflow_run stops it)", running.Message());

        var cancelled = await h.CallAsync("cancel_workflow_run", "{\"run_id\":\"long\"}");
        Assert.False(cancelled.IsError, cancelled.Text());
        Assert.Equal("cancelled", cancelled.Str("state"));
        Assert.Equal("Run 'long' of ops_long is cancelled. Step 'slow' did not finish (the journal still shows it running): resume_workflow_run with decisions {\"slow\":\"rerun\"} runs it again ('skip' skips).", cancelled.Message());
        Assert.Empty(h.Api.SessionNames);
        Assert.Equal("Cancel workflow run 'long' failed: run 'long' is already cancelled; cannot cancel — nothing to cancel", (await h.CallAsync("cancel_workflow_run", "{\"run_id\":\"long\"}")).Message());

        var badDecision = await h.CallAsync("resume_workflow_run", "{\"run_id\":\"long\",\"decisions\":{\"slow\":\"retry\"}}");
        Assert.Equal("step 'slow': 'retry' is not a recovery decision (accepted: rerun, skip); nothing was resumed", badDecision.Message());
        var unknownStep = await h.CallAsync("resume_workflow_run", "{\"run_id\":\"long\",\"decisions\":{\"fast\":\"rerun\"}}");
        Assert.Equal("Run 'long' has no step 'fast' (its steps: warm-up, slow); nothing was resumed", unknownStep.Message());

        var plain = await h.CallAsync("resume_workflow_run", "{\"run_id\":\"long\"}");
        Assert.False(plain.IsError, plain.Text());
        Assert.Equal("failed", plain.Str("state"));
        Assert.Contains("The script ended with: cao_workflow.exceptions.ShimHTTPError: run-step returned HTTP 409", plain.Message(), StringComparison.Ordinal);
        Assert.Contains("resume_workflow_run with decisions {\"slow\":\"rerun\"}", plain.Message(), StringComparison.Ordinal);

        var rerun = await h.CallAsync("resume_workflow_run", "{\"run_id\":\"long\",\"decisions\":{\"slow\":\"rerun\"}}");
        Assert.False(rerun.IsError, rerun.Text());
        Assert.Equal("completed", rerun.Str("state"));
        Assert.Equal("{\"first\":\"warm up\",\"slow\":\"done\"}", rerun.Result.GetProperty("output").GetRawText());
        Assert.Equal(["completed", "completed"], rerun.Result.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("state").GetString()));
        Assert.Equal("Run 'long' is completed; only a cancelled or failed run can be resumed", (await h.CallAsync("resume_workflow_run", "{\"run_id\":\"long\"}")).Message());
    }

    [Fact]
    public async Task A_failing_step_is_reported_with_its_error()
    {
        await using var h = await DoubleHarness.StartAsync();
        h.Api.SeedWorkflow(new WorkflowSeed("breaks") { Steps = [new WorkflowStepSeed("build"), new WorkflowStepSeed("test") { Fails = true }] });

        var r = await h.CallAsync("run_workflow", "{\"name\":\"breaks\",\"wait_seconds\":30}");

        Assert.Equal("failed", r.Str("state"));
        Assert.Contains("Step 'test': step 'test' failed: the agent's terminal entered the error state.", r.Message(), StringComparison.Ordinal);
        Assert.Contains("decisions {\"test\":\"rerun\"}", r.Message(), StringComparison.Ordinal);
        Assert.Single(r.Result.GetProperty("warnings").EnumerateArray());
    }

    [Fact]
    public async Task Unknown_runs_point_to_list_workflow_runs()
    {
        await using var h = await DoubleHarness.StartAsync();
        var r = await h.CallAsync("get_workflow_run", "{\"run_id\":\"nope\"}");
        Assert.Equal("Get workflow run 'nope' failed: unknown run 'nope' — list_workflow_runs shows the runs cao-server keeps", r.Message());
        var bad = await h.CallAsync("get_workflow_run", "{\"run_id\":\"bad id\"}");
        Assert.Contains("run ids are 1-64 letters, digits, '_' or '-'", bad.Message(), StringComparison.Ordinal);
    }
}
