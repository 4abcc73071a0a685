using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary><c>get_workflow</c>: a spec's declared inputs, lint findings and source hash (not the source).</summary>
internal static class GetWorkflowTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_workflow",
        Title = "Get a workflow",
        Toolset = Toolsets.Workflows,
        Description = "Show a workflow's declared inputs (type, required, default), lint findings and source hash.",
        Hints = ToolHints.Read,
        Parameters = [new("name", ParamKind.String, "Workflow name.") { Required = true, Rule = WorkflowApi.NameRule }],
        Output = OutputSchemas.For(WorkflowsJsonContext.Default.WorkflowSpecResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var response = await WorkflowApi.GetSpecAsync(call, name, ct).ConfigureAwait(false);
        if (!response.Ok || response.Json.ValueKind != JsonValueKind.Object)
        {
            return ToolOutcome.Error(Results.Failure(WorkflowApi.Failure(response, "list_workflows shows the workflows that exist")));
        }

        var spec = response.Json;
        var findings = spec.TryGetProperty("findings", out var f) ? WorkflowApi.Findings(f) : [];
        var lint = findings.Any(x => x.Severity == "error") ? "fail" : "pass";
        var declared = spec.TryGetProperty("inputs", out var i) && i.ValueKind == JsonValueKind.Object ? i : default;
        var inputs = declared.ValueKind == JsonValueKind.Object
            ? declared.EnumerateObject().ToDictionary(p => p.Name, p => new WorkflowInput(JsonFields.Str(p.Value, "type") ?? "string", p.Value.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True)
            {
                Default = p.Value.TryGetProperty("default", out var d) && d.ValueKind != JsonValueKind.Null ? d.Clone() : null,
            })
            : [];
        var message = $"Workflow '{name}': {WorkflowInputs.Declared(declared)}; "
            + (lint == "pass" ? "lint passes" : $"lint fails, so it cannot run: {WorkflowApi.Describe(findings.Where(x => x.Severity == "error"))}");
        return ToolOutcome.Success(Results.Of(new WorkflowSpecResult(true, message)
        {
            Path = JsonFields.Str(spec, "path"),
            ContentHash = JsonFields.Str(spec, "content_hash"),
            Lint = lint,
            Inputs = inputs,
            Findings = WorkflowApi.Lines(findings),
        }, WorkflowsJsonContext.Default.WorkflowSpecResult));
    }
}
