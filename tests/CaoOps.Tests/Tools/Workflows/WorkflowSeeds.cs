using System.Text.Json;
using CaoOps.Testing;

namespace CaoOps.Tests.Tools.Workflows;

/// <summary>Workflows the tool tests run against the double.</summary>
internal static class WorkflowSeeds
{
    /// <summary>Declared inputs; two short steps; emits the resolved inputs.</summary>
    public static WorkflowSeed Inputs(TimeSpan? stepTime = null) => new("ops_inputs")
    {
        Inputs =
        [
            new WorkflowInputSeed("target", "string", Required: true),
            new WorkflowInputSeed("count", "int", DefaultJson: "2"),
            new WorkflowInputSeed("verbose", "bool", DefaultJson: "false"),
        ],
        Steps = [new WorkflowStepSeed("inspect") { Duration = stepTime ?? TimeSpan.FromMilliseconds(20) }, new WorkflowStepSeed("report") { Duration = stepTime ?? TimeSpan.FromMilliseconds(20) }],
        Output = inputs => $"{{\"inputs\":{inputs.GetRawText()},\"answer\":{JsonSerializer.Serialize($"inspected {inputs.GetProperty("target").GetString()}")}}}",
    };

    /// <summary>A quick step, then "slow", which runs until cancelled (and is quick when re-run).</summary>
    public static WorkflowSeed LongRunning { get; } = new("ops_long")
    {
        Steps = [new WorkflowStepSeed("warm-up") { Duration = TimeSpan.Zero }, new WorkflowStepSeed("slow") { Duration = null, RerunDuration = TimeSpan.FromMilliseconds(20) }],
        Output = _ => "{\"first\":\"warm up\",\"slow\":\"done\"}",
    };

    public static WorkflowSeed LintFailing { get; } = new("ops_bad")
    {
        Findings =
        [
            new WorkflowFinding("disallowed-import", "error", 1, "import of CAO internal module 'cli_agent_orchestrator' is not allowed"),
            new WorkflowFinding("nondeterministic-import", "warning", 2, "import of 'random' makes replays differ"),
        ],
        Steps = [new WorkflowStepSeed()],
    };
}
