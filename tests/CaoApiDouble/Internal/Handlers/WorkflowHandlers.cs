using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using CaoOps.Testing.Internal.State;
using CaoOps.Testing.Internal.Workflows;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary>Workflow specs: <c>POST /workflows/validate</c>, <c>GET /workflows</c>, <c>GET|DELETE /workflows/{name}</c>.</summary>
internal sealed class WorkflowHandlers
{
    private readonly CaoState _state;

    public WorkflowHandlers(ServerContext ctx) => _state = ctx.State;

    private WorkflowState Workflows => _state.Workflows;

    /// <summary>The spec routes around <paramref name="runs"/>, in cao-server's declaration order (runs list before <c>{name}</c>).</summary>
    public void Register(Action<string, string, RouteAuth, BodyMode, Func<ApiRequest, Task<ApiResponse>>> add, WorkflowRunHandlers runs)
    {
        add("POST", "/workflows/validate", RouteAuth.Gated, BodyMode.Required, Validate);
        add("GET", "/workflows", RouteAuth.Gated, BodyMode.None, List);
        add("GET", "/workflows/runs", RouteAuth.Gated, BodyMode.None, runs.List);
        add("GET", "/workflows/{name}", RouteAuth.Gated, BodyMode.None, Get);
        add("DELETE", "/workflows/{name}", RouteAuth.Gated, BodyMode.None, Delete);
        runs.Register(add);
    }

    public static string SourceOf(WorkflowSeed spec) => spec.Source ?? GeneratedSource(spec);

    public static (string Status, List<string> Errors) Lint(WorkflowSeed spec)
    {
        var errors = spec.Findings.Where(f => f.Severity == "error").Select(f => $"line {f.Line}: [{f.RuleId}] {f.Message}").ToList();
        return (errors.Count > 0 ? "fail" : "pass", errors);
    }

    public static List<JObj> Findings(WorkflowSeed spec) =>
        [.. spec.Findings.Select(f => new JObj { { "rule_id", f.RuleId }, { "severity", f.Severity }, { "line", f.Line }, { "message", f.Message } })];

    private Task<ApiResponse> Validate(ApiRequest request)
    {
        var p = new Params(request);
        string? path = null;
        if (p.BodyModel(request.DecodedBody, required: true) is { } body)
        {
            if (!body.TryGetProperty("path", out var value))
            {
                p.Errors.Add(ValidationErrors.MissingField(["body", "path"], body));
            }
            else if (value.ValueKind != JsonValueKind.String)
            {
                p.Errors.Add(ValidationErrors.StringType(["body", "path"], value));
            }
            else
            {
                path = value.GetString();
            }
        }

        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        var ext = Extension(path!);
        if (ext is not (".py" or ".yaml" or ".yml"))
        {
            return Task.FromResult(ApiResponse.Detail(400, $"unrecognized spec extension: {ext}"));
        }

        var full = WorkingDirectoryRules.Normalize(path!.StartsWith('/') ? path : WorkflowState.Directory + "/" + path);
        if (!full.StartsWith(WorkflowState.Directory + "/", StringComparison.Ordinal))
        {
            return Task.FromResult(ApiResponse.Detail(400, $"workflow spec path '{path}' escapes its validated directory"));
        }

        lock (_state.Gate)
        {
            var file = full[(WorkflowState.Directory.Length + 1)..];
            var spec = ext == ".py" && Workflows.Specs.TryGetValue(file[..^3], out var s) ? s : null;
            if (spec is null)
            {
                // YAML specs are not modelled: they read as missing files.
                return Task.FromResult(ValidationResult("fail", [$"could not read spec: [Errno 2] No such file or directory: '{full}'"], []));
            }

            var (status, errors) = Lint(spec);
            return Task.FromResult(ValidationResult(status, errors, Findings(spec)));
        }
    }

    private Task<ApiResponse> List(ApiRequest request)
    {
        lock (_state.Gate)
        {
            var indexed = WorkflowEngine.Timestamp(DateTime.UtcNow);
            var rows = Workflows.Specs.Values.OrderBy(s => s.Name, StringComparer.Ordinal).Select(s => new JObj
            {
                { "name", s.Name },
                { "source_path", WorkflowState.SourcePath(s.Name) },
                { "mode", "script" },
                { "step_count", null },
                { "description", string.Empty },
                { "indexed_at", indexed },
            }).ToList();
            return Task.FromResult(ApiResponse.Json(200, rows));
        }
    }

    private Task<ApiResponse> Get(ApiRequest request)
    {
        var name = request.PathParams["name"];
        lock (_state.Gate)
        {
            if (Workflows.Resolve(name) is not { } spec)
            {
                return Task.FromResult(ApiResponse.Detail(404, $"unknown workflow '{name}'"));
            }

            var source = SourceOf(spec);
            var inputs = new JObj();
            foreach (var input in spec.Inputs)
            {
                inputs.Add(input.Name, new JObj
                {
                    { "type", input.Type },
                    { "required", input.Required },
                    { "default", input.DefaultJson is null ? null : JsonDocument.Parse(input.DefaultJson).RootElement.Clone() },
                });
            }

            return Task.FromResult(ApiResponse.Json(200, new JObj
            {
                { "name", spec.Name },
                { "path", WorkflowState.SourcePath(spec.Name) },
                { "source", source },
                { "content_hash", Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(source))) },
                { "findings", Findings(spec) },
                { "inputs", inputs },
            }));
        }
    }

    private Task<ApiResponse> Delete(ApiRequest request)
    {
        var name = request.PathParams["name"];
        lock (_state.Gate)
        {
            return Task.FromResult(Workflows.Resolve(name) is { } spec && Workflows.Specs.Remove(spec.Name)
                ? ApiResponse.Json(200, new JObj { { "success", true }, { "name", name } })
                : ApiResponse.Detail(404, $"unknown workflow '{name}'"));
        }
    }

    private static ApiResponse ValidationResult(string status, List<string> errors, List<JObj> findings) => ApiResponse.Json(200, new JObj
    {
        { "status", status },
        { "reserved_notes", Array.Empty<string>() },
        { "errors", errors },
        { "tier", "script" },
        { "findings", findings },
    });

    /// <summary>Python's <c>os.path.splitext(p)[1].lower()</c>.</summary>
    private static string Extension(string path)
    {
        var name = path[(path.LastIndexOf('/') + 1)..];
        var stem = name.TrimStart('.');
        var dot = stem.LastIndexOf('.');
        return dot < 0 ? string.Empty : stem[dot..].ToLowerInvariant();
    }

    private static string GeneratedSource(WorkflowSeed spec)
    {
        var sb = new StringBuilder("from cao_workflow import emit_output, get_inputs, run_step\n\n");
        if (spec.Inputs.Count > 0)
        {
            sb.Append("INPUTS = {\n");
            foreach (var input in spec.Inputs)
            {
                sb.Append($"    \"{input.Name}\": {{\"type\": \"{input.Type}\", \"required\": {(input.Required ? "True" : "False")}");
                if (input.DefaultJson is not null)
                {
                    sb.Append($", \"default\": {input.DefaultJson.Replace("true", "True", StringComparison.Ordinal).Replace("false", "False", StringComparison.Ordinal)}");
                }

                sb.Append("},\n");
            }

            sb.Append("}\n\ninputs = get_inputs()\n");
        }

        for (var i = 0; i < spec.Steps.Count; i++)
        {
            var id = spec.Steps[i].Id ?? $"call-{i + 1}";
            sb.Append($"r{i + 1} = run_step(\"mock_cli\", \"developer\", \"step {id}\", step_id=\"{id}\")\n");
        }

        sb.Append(spec.Output is null ? string.Empty : "emit_output({...})\n");
        return sb.ToString();
    }
}
