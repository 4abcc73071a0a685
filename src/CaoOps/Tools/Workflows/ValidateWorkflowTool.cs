using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary>
/// <c>validate_workflow</c>: lints a spec file without running it. A bare workflow name is resolved to its file;
/// a missing file is an error here (cao-server answers it as a 200 "fail").
/// </summary>
internal static class ValidateWorkflowTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "validate_workflow",
        Title = "Validate a workflow",
        Toolset = Toolsets.Workflows,
        Description = "Lint a workflow without running it: a workflow name, a file name in CAO's workflows folder, or a path inside it.",
        Hints = ToolHints.Read,
        Parameters = [new("path", ParamKind.String, "Name, file name or path.") { Required = true }],
        Output = OutputSchemas.For(WorkflowsJsonContext.Default.ValidateResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var path = call.Args.String("path")!;
        if (path.Any(char.IsControl))
        {
            return Fail("Invalid path: it contains control characters");
        }

        if (!System.IO.Path.HasExtension(path) && WorkflowApi.NameRule.Pattern.IsMatch(path))
        {
            var spec = await WorkflowApi.GetSpecAsync(call, path, ct).ConfigureAwait(false);
            if (!spec.Ok || JsonFields.Str(spec.Json, "path") is not { } resolved)
            {
                return Fail(WorkflowApi.Failure(spec, "give the file name (e.g. build.py) or a workflow name from list_workflows"));
            }

            path = resolved;
        }

        var body = JsonBuild.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("path", path);
            w.WriteEndObject();
        });
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Post, "/workflows/validate", $"Validate workflow '{path}'") { Body = body }, ct).ConfigureAwait(false);
        if (!response.Ok || response.Json.ValueKind != JsonValueKind.Object)
        {
            var hint = response.StatusCode == 400 ? " — give a .py (or .yaml) file inside CAO's workflows folder" : string.Empty;
            return Fail((response.Error ?? "Validate workflow failed: invalid response payload") + hint);
        }

        var result = response.Json;
        var status = JsonFields.Str(result, "status") ?? "fail";
        var errors = result.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Array
            ? e.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
            : [];
        if (errors.FirstOrDefault(x => x.StartsWith("could not read spec:", StringComparison.Ordinal)) is { } unreadable)
        {
            return Fail($"Validate workflow '{path}' failed: {unreadable} — list_workflows shows the workflows and their files");
        }

        var findings = result.TryGetProperty("findings", out var f) ? WorkflowApi.Findings(f) : [];
        var message = status == "pass"
            ? $"'{path}' passes lint{(findings.Count > 0 ? $" with warnings: {WorkflowApi.Describe(findings)}" : string.Empty)}"
            : $"'{path}' fails lint, so it cannot run: {string.Join("; ", errors)}";
        return ToolOutcome.Success(Results.Of(new ValidateResult(true, message) { Status = status, Findings = WorkflowApi.Lines(findings) }, WorkflowsJsonContext.Default.ValidateResult));
    }

    private static ToolOutcome Fail(string message) => ToolOutcome.Error(Results.Failure(message));
}
