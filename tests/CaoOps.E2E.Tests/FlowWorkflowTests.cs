using System.Text.Json;
using CaoOps.E2E.Tests.Support;
using CaoOps.Testing;
using ModelContextProtocol;

namespace CaoOps.E2E.Tests;

/// <summary>The flows and workflows toolsets through the published binary (<c>--toolsets default,flows,workflows</c>).</summary>
public class FlowWorkflowTests
{
    private static readonly string[] Toolsets = ["--toolsets", "default,flows,workflows"];

    [Fact]
    public async Task The_toolsets_are_listed_only_when_asked_for()
    {
        await using var api = await CaoApiDouble.StartAsync();
        await using (var plain = await McpHarness.StartAsync(api))
        {
            var names = (await plain.Client.ListToolsAsync()).Select(t => t.Name).ToList();
            Assert.DoesNotContain("create_flow", names);
            Assert.DoesNotContain("run_workflow", names);
        }

        await using var mcp = await McpHarness.StartAsync(api, env: new() { ["CAO_OPS_TOOLSETS"] = "flows,workflows" });
        var tools = (await mcp.Client.ListToolsAsync()).Select(t => t.ProtocolTool).ToList();
        Assert.Equal(14, tools.Count);
        var run = tools.Single(t => t.Name == "run_workflow");
        Assert.True(run.Annotations!.OpenWorldHint ?? true); // MCP's defaults: openWorld true, idempotent false, destructive true
        Assert.False(run.Annotations.IdempotentHint ?? false);
        Assert.True(tools.Single(t => t.Name == "cancel_workflow_run").Annotations!.DestructiveHint ?? true);
    }

    [Fact]
    public async Task Create_duplicate_refused_disable_enable_run_delete()
    {
        await using var api = await CaoApiDouble.StartAsync(new CaoApiDoubleOptions { WorkerDelay = TimeSpan.FromMilliseconds(20) });
        await using var mcp = await McpHarness.StartAsync(api, extraArgs: Toolsets);

        var created = await mcp.CallAsync("create_flow", new { name = "nightly", schedule = "0 3 * * 1-5", agent_profile = "developer", provider = "mock_cli", prompt_template = "Run the nightly check." });
        Assert.False(created.IsError, created.Text());
        Assert.Equal("0 3 * * mon-fri", created.Json().GetProperty("flow").GetProperty("schedule").GetString());

        var duplicate = await mcp.CallAsync("create_flow", new { name = "nightly", schedule = "0 4 * * *", agent_profile = "developer", provider = "mock_cli", prompt_template = "Overwritten?" });
        Assert.True(duplicate.IsError);
        Assert.Contains("already exists (schedule '0 3 * * mon-fri'", duplicate.Message(), StringComparison.Ordinal);
        var original = await mcp.CallAsync("get_flow", new { name = "nightly" });
        Assert.Equal("Run the nightly check.", original.Json().GetProperty("flow").GetProperty("prompt_template").GetString());
        Assert.Equal("0 3 * * mon-fri", original.Json().GetProperty("flow").GetProperty("schedule").GetString());
        Assert.Single(api.Requests, r => r.Method == "POST" && r.Path == "/flows");

        var off = await mcp.CallAsync("set_flow_enabled", new { name = "nightly", enabled = false });
        Assert.False(off.Json().GetProperty("flow").GetProperty("enabled").GetBoolean());
        var on = await mcp.CallAsync("set_flow_enabled", new { name = "nightly", enabled = true });
        Assert.True(on.Json().GetProperty("flow").GetProperty("enabled").GetBoolean());

        var ran = await mcp.CallAsync("run_flow", new { name = "nightly" });
        Assert.False(ran.IsError, ran.Text());
        Assert.True(ran.Json().GetProperty("executed").GetBoolean());
        Assert.Equal("cao-flow-nightly", ran.Str("session_name"));
        var wait = await mcp.CallAsync("wait_for_terminal", new { session_name = "cao-flow-nightly", timeout_seconds = 20 });
        Assert.Equal("completed", wait.Str("status"));
        var output = await mcp.CallAsync("get_terminal_output", new { terminal_id = ran.Str("terminal_id") });
        Assert.Equal("Run the nightly check.", output.Str("output"));

        var listed = await mcp.CallAsync("list_flows");
        Assert.NotEqual(JsonValueKind.Null, listed.Json().GetProperty("flows")[0].GetProperty("last_run").ValueKind);

        var deleted = await mcp.CallAsync("delete_flow", new { name = "nightly", shutdown_session = true });
        Assert.False(deleted.IsError, deleted.Text());
        Assert.Contains("Shut down session cao-flow-nightly.", deleted.Message(), StringComparison.Ordinal);
        Assert.Contains("keeps its file", deleted.Message(), StringComparison.Ordinal);
        Assert.Empty(api.SessionNames);
        Assert.Equal("No flows; create_flow schedules one", (await mcp.CallAsync("list_flows")).Message());
    }

    [Fact]
    public async Task A_workflow_with_inputs_is_validated_submitted_waited_for_and_its_result_read()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.SeedWorkflow(InputsWorkflow(TimeSpan.FromMilliseconds(400)));
        await using var mcp = await McpHarness.StartAsync(api, extraArgs: Toolsets);

        var spec = await mcp.CallAsync("get_workflow", new { name = "ops_inputs" });
        Assert.Equal("int", spec.Json().GetProperty("inputs").GetProperty("count").GetProperty("type").GetString());
        var wrong = await mcp.CallAsync("run_workflow", new { name = "ops_inputs", inputs = new { target = "build-42", count = "3" } });
        Assert.True(wrong.IsError);
        Assert.Contains("input 'count' must be an int", wrong.Message(), StringComparison.Ordinal);
        Assert.DoesNotContain(api.Requests, r => r.Path.StartsWith("/workflows/runs", StringComparison.Ordinal) && r.Method == "POST");

        var submitted = await mcp.CallAsync("run_workflow", new { name = "ops_inputs", inputs = new { target = "build-42", count = 3 }, run_id = "e2e-inputs", wait_seconds = 0 });
        Assert.False(submitted.IsError, submitted.Text());
        Assert.Equal("running", submitted.Str("state"));
        Assert.Equal("{\"name_or_path\":\"ops_inputs\",\"inputs\":{\"target\":\"build-42\",\"count\":3},\"run_id\":\"e2e-inputs\"}",
            api.Requests.Single(r => r.Path == "/workflows/runs:submit").Body);

        var progress = new Collector();
        var done = await mcp.CallAsync("get_workflow_run", new { run_id = "e2e-inputs", wait_seconds = 60 }, progress);
        Assert.False(done.IsError, done.Text());
        Assert.Equal("completed", done.Str("state"));
        Assert.Equal(["inspect", "report"], done.Json().GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        await Poll(() => progress.Messages.Any(m => m.Contains("inspect running", StringComparison.Ordinal)), "a progress notification with a step state");

        var waited = await mcp.CallAsync("run_workflow", new { name = "ops_inputs", inputs = new { target = "build-43", verbose = true }, wait_seconds = 60 }, new Collector());
        Assert.False(waited.IsError, waited.Text());
        Assert.Equal("completed", waited.Str("state"));
        Assert.Equal("{\"inputs\":{\"target\":\"build-43\",\"count\":2,\"verbose\":true},\"answer\":\"inspected build-43\"}", waited.Json().GetProperty("output").GetRawText());

        var runs = await mcp.CallAsync("list_workflow_runs", new { state = "completed" });
        Assert.Equal(2, runs.Json().GetProperty("runs").GetArrayLength());
    }

    [Fact]
    public async Task A_long_run_is_cancelled_then_resumed_with_a_rerun_decision()
    {
        await using var api = await CaoApiDouble.StartAsync();
        api.SeedWorkflow(new WorkflowSeed("ops_long")
        {
            Steps = [new WorkflowStepSeed("warm-up") { Duration = TimeSpan.Zero }, new WorkflowStepSeed("slow") { Duration = null, RerunDuration = TimeSpan.FromMilliseconds(300) }],
            Output = _ => "{\"first\":\"warm up\",\"slow\":\"slept\"}",
        });
        await using var mcp = await McpHarness.StartAsync(api, extraArgs: Toolsets);

        var started = await mcp.CallAsync("run_workflow", new { name = "ops_long", run_id = "e2e-long", wait_seconds = 1 });
        Assert.False(started.IsError, started.Text());
        Assert.Equal("running", started.Str("state"));

        var cancelled = await mcp.CallAsync("cancel_workflow_run", new { run_id = "e2e-long" });
        Assert.False(cancelled.IsError, cancelled.Text());
        Assert.Equal("cancelled", cancelled.Str("state"));
        Assert.Contains("decisions {\"slow\":\"rerun\"}", cancelled.Message(), StringComparison.Ordinal);
        Assert.Empty(api.SessionNames); // the step's agent session is gone

        var progress = new Collector();
        var resumed = await mcp.CallAsync("resume_workflow_run", new { run_id = "e2e-long", decisions = new Dictionary<string, string> { ["slow"] = "rerun" } }, progress);
        Assert.False(resumed.IsError, resumed.Text());
        Assert.Equal("completed", resumed.Str("state"));
        Assert.Equal("{\"first\":\"warm up\",\"slow\":\"slept\"}", resumed.Json().GetProperty("output").GetRawText());
        Assert.Equal("{\"decisions\":{\"slow\":\"rerun\"}}", api.Requests.Single(r => r.Path == "/workflows/runs/e2e-long/resume").Body);

        var read = await mcp.CallAsync("get_workflow_run", new { run_id = "e2e-long" });
        Assert.Equal("completed", read.Str("state"));
        Assert.Equal("slept", read.Json().GetProperty("output").GetProperty("slow").GetString()); // held by this cao-ops process
    }

    private static WorkflowSeed InputsWorkflow(TimeSpan stepTime) => new("ops_inputs")
    {
        Inputs =
        [
            new WorkflowInputSeed("target", "string", Required: true),
            new WorkflowInputSeed("count", "int", DefaultJson: "2"),
            new WorkflowInputSeed("verbose", "bool", DefaultJson: "false"),
        ],
        Steps = [new WorkflowStepSeed("inspect") { Duration = stepTime }, new WorkflowStepSeed("report") { Duration = stepTime }],
        Output = inputs => $"{{\"inputs\":{inputs.GetRawText()},\"answer\":\"inspected {inputs.GetProperty("target").GetString()}\"}}",
    };

    private static async Task Poll(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(20);
        }
    }

    /// <summary>Progress notifications as they arrive.</summary>
    private sealed class Collector : IProgress<ProgressNotificationValue>
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return [.. _messages];
                }
            }
        }

        public void Report(ProgressNotificationValue value)
        {
            lock (_messages)
            {
                _messages.Add(value.Message ?? string.Empty);
            }
        }
    }
}
