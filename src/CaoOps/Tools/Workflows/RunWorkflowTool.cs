using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary>
/// <c>run_workflow</c>. Checks everything cao-server would reject first (unknown workflow, lint failure, inputs,
/// a taken run id: cao-server words the last with extra quotes). Without waiting it submits (202) and returns the run
/// id. With waiting it uses the blocking run route, the only one that returns the script's emitted output, holds that
/// request in the background (<see cref="RunWatches"/>) and polls the journal for progress.
/// </summary>
internal static class RunWorkflowTool
{
    public const int DefaultWait = 50;

    public static readonly ToolDefinition Definition = new()
    {
        Name = "run_workflow",
        Title = "Run a workflow",
        Toolset = Toolsets.Workflows,
        Description = $"Run a saved workflow. {WorkflowApi.RunWarning} inputs are checked against the declared inputs first. wait_seconds 0 submits and returns run_id; otherwise waits (with progress) and returns the finished run with the script's output, or on timeout run_id and state (continue with get_workflow_run).",
        Hints = new ToolHints(ReadOnly: false, Destructive: true, Idempotent: false, OpenWorld: true),
        Parameters =
        [
            new("name", ParamKind.String, "Workflow name.") { Required = true, Rule = WorkflowApi.NameRule },
            new("inputs", ParamKind.Object, "Declared inputs (get_workflow), typed as declared."),
            WorkflowApi.RunId with { Required = false, Description = "Default: generated." },
            WorkflowApi.WaitSeconds(DefaultWait, "Seconds to wait for the end."),
        ],
        Output = OutputSchemas.For(WorkflowsJsonContext.Default.WorkflowRunResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var inputs = call.Args.Object("inputs");
        var runId = call.Args.String("run_id");
        var wait = TimeSpan.FromSeconds(call.Args.Integer("wait_seconds")!.Value);
        var cao = call.Services.Cao;

        var spec = await WorkflowApi.GetSpecAsync(call, name, ct).ConfigureAwait(false);
        if (!spec.Ok || spec.Json.ValueKind != JsonValueKind.Object)
        {
            return Fail(WorkflowApi.Failure(spec, "list_workflows shows the workflows that exist") + "; nothing was run");
        }

        var errors = spec.Json.TryGetProperty("findings", out var f) ? WorkflowApi.Findings(f).Where(x => x.Severity == "error").ToList() : [];
        if (errors.Count > 0)
        {
            return Fail($"Workflow '{name}' fails lint, so cao-server will not run it: {WorkflowApi.Describe(errors)}");
        }

        var declared = spec.Json.TryGetProperty("inputs", out var d) ? d : default;
        if (WorkflowInputs.Check(declared, inputs) is { } inputError)
        {
            return Fail($"Workflow '{name}' was not run: {inputError}");
        }

        if (runId is not null)
        {
            var existing = await WorkflowApi.GetRunAsync(call, runId, ct).ConfigureAwait(false);
            if (existing.Ok)
            {
                return Fail($"Run id '{runId}' is taken by a {JsonFields.Str(existing.Json, "state")} run of {JsonFields.Str(existing.Json, "workflow_name")}; choose another run_id or omit it. Nothing was run.");
            }

            if (!WorkflowApi.IsNotFound(existing))
            {
                return Fail(WorkflowApi.Failure(existing));
            }
        }

        runId ??= "run-" + RandomIds.Hex(8);
        var body = JsonBuild.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("name_or_path", name);
            w.WritePropertyName("inputs");
            (inputs ?? JsonBuild.Parse("{}")).WriteTo(w);
            w.WriteString("run_id", runId);
            w.WriteEndObject();
        });

        if (wait == TimeSpan.Zero)
        {
            var submitted = await cao.SendAsync(new ApiRequest(HttpMethod.Post, "/workflows/runs:submit", $"Submit workflow '{name}'") { Body = body }, ct).ConfigureAwait(false);
            if (!submitted.Ok)
            {
                return Fail(WorkflowApi.Failure(submitted));
            }

            return ToolOutcome.Success(Results.Of(new WorkflowRunResult(true,
                $"Submitted run '{runId}' of {name}; it runs in the background. get_workflow_run(run_id, wait_seconds) follows it. "
                + "A submitted run's emitted output is not returned by cao-server; run with wait_seconds > 0 when you need it.")
            {
                RunId = runId,
                Workflow = name,
                State = JsonFields.Str(submitted.Json, "state") ?? "running",
            }, WorkflowsJsonContext.Default.WorkflowRunResult));
        }

        var watch = RunWatches.Start(cao, runId, new ApiRequest(HttpMethod.Post, "/workflows/runs", $"Run workflow '{name}'") { Body = body });
        return await RunWaiter.WaitAsync(call, runId, watch, wait, ct).ConfigureAwait(false);
    }

    private static ToolOutcome Fail(string message) => ToolOutcome.Error(Results.Failure(message));
}
