using System.Text.Json;

namespace CaoOps.Testing.Tests.Support;

/// <summary>The four script workflows of the capture rig (captures 213–270), as double seeds.</summary>
public static class CaptureWorkflows
{
    public const string InputsSource = "from cao_workflow import emit_output, get_inputs, run_step\n\nINPUTS = {\n    \"target\": {\"type\": \"string\", \"required\": True},\n    \"count\": {\"type\": \"int\", \"required\": False, \"default\": 2},\n    \"verbose\": {\"type\": \"bool\", \"required\": False, \"default\": False},\n}\n\ninputs = get_inputs()\nstep = run_step(\n    \"mock_cli\",\n    \"developer\",\n    f\"inspect {inputs['target']} x{inputs['count']} verbose={inputs['verbose']}\",\n    working_directory=\"/srv/work\",\n)\nemit_output({\"inputs\": inputs, \"answer\": step.output})\n";

    public const string BadSource = "import cli_agent_orchestrator\nfrom cao_workflow import emit_output, step\n\nresult = step(\"mock_cli\", \"developer\", \"no policy here\")\nemit_output({\"r\": result.output})\n";

    /// <summary>Two steps that each wait for <c>AdvanceWorkflowRunAsync</c>, as does the script's start.</summary>
    public static WorkflowSeed TwoSteps { get; } = new("ops_two_steps")
    {
        StartDelay = null,
        Steps = [new WorkflowStepSeed { Duration = null, WorkingDirectory = "/srv/work" }, new WorkflowStepSeed { Duration = null, WorkingDirectory = "/srv/work" }],
    };

    /// <summary>Declared inputs; one quick step; emits the resolved inputs and the mock agent's echo.</summary>
    public static WorkflowSeed Inputs { get; } = new("ops_inputs")
    {
        Source = InputsSource,
        Inputs =
        [
            new WorkflowInputSeed("target", "string", Required: true),
            new WorkflowInputSeed("count", "int", DefaultJson: "2"),
            new WorkflowInputSeed("verbose", "bool", DefaultJson: "false"),
        ],
        Steps = [new WorkflowStepSeed { Duration = TimeSpan.Zero, WorkingDirectory = "/srv/work" }],
        Output = EmitInputs,
    };

    /// <summary>A quick <c>warm-up</c> step, then <c>slow</c>, which runs until cancelled (and is quick when re-run).</summary>
    public static WorkflowSeed LongRunning { get; } = new("ops_long")
    {
        Steps =
        [
            new WorkflowStepSeed("warm-up") { Duration = TimeSpan.Zero, WorkingDirectory = "/srv/work" },
            new WorkflowStepSeed("slow") { Duration = null, RerunDuration = TimeSpan.Zero, WorkingDirectory = "/srv/work" },
        ],
        Output = _ => "{\"first\":\"warm up\",\"slow\":\"slept 60s\"}",
    };

    /// <summary>Fails lint: a disallowed import and a step without a recovery policy.</summary>
    public static WorkflowSeed Bad { get; } = new("ops_bad")
    {
        Source = BadSource,
        Findings =
        [
            new WorkflowFinding("disallowed-import", "error", 1, "import of CAO internal module 'cli_agent_orchestrator' is not allowed — scripts reach CAO over HTTP only (see the authoring guide)"),
            new WorkflowFinding("missing-recovery-policy", "error", 4, "step() declares no recovery policy — pass an explicit recovery= keyword (see the authoring guide)"),
        ],
        Steps = [new WorkflowStepSeed()],
    };

    public static IEnumerable<WorkflowSeed> All => [Bad, Inputs, LongRunning, TwoSteps];

    private static string EmitInputs(JsonElement inputs)
    {
        var verbose = inputs.GetProperty("verbose").GetBoolean() ? "True" : "False";
        var answer = $"inspect {inputs.GetProperty("target").GetString()} x{inputs.GetProperty("count").GetRawText()} verbose={verbose}";
        return $"{{\"inputs\":{inputs.GetRawText()},\"answer\":{JsonSerializer.Serialize(answer)}}}";
    }
}
