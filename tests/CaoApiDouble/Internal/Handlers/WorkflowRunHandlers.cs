using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Testing.Internal.State;
using CaoOps.Testing.Internal.Workflows;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary>
/// Workflow runs: blocking run and submit (202), inspect, result, events (always empty for script runs),
/// cancel, resume (blocking, with per-step decisions), delete, list.
/// </summary>
internal sealed partial class WorkflowRunHandlers
{
    private const string RunIdPattern = "^[A-Za-z0-9_-]{1,64}$";
    private const int InputsMaxBytes = 32768;
    private static readonly string[] RunStates = ["running", "completed", "failed", "cancelled"];

    private readonly CaoState _state;
    private readonly WorkflowEngine _engine;

    public WorkflowRunHandlers(ServerContext ctx, WorkflowEngine engine)
    {
        _state = ctx.State;
        _engine = engine;
    }

    private WorkflowState Workflows => _state.Workflows;

    public void Register(Action<string, string, RouteAuth, BodyMode, Func<ApiRequest, Task<ApiResponse>>> add)
    {
        add("POST", "/workflows/runs", RouteAuth.Gated, BodyMode.Required, RunBlocking);
        add("POST", "/workflows/runs:submit", RouteAuth.Gated, BodyMode.Required, Submit);
        add("GET", "/workflows/runs/{run_id}", RouteAuth.Gated, BodyMode.None, Inspect);
        add("GET", "/workflows/runs/{run_id}/events", RouteAuth.Gated, BodyMode.None, Events);
        add("DELETE", "/workflows/runs/{run_id}", RouteAuth.Gated, BodyMode.None, Delete);
        add("GET", "/workflows/runs/{run_id}/result", RouteAuth.Gated, BodyMode.None, Result);
        add("POST", "/workflows/runs/{run_id}/cancel", RouteAuth.Gated, BodyMode.None, Cancel);
        add("POST", "/workflows/runs/{run_id}/resume", RouteAuth.Gated, BodyMode.Optional, Resume);
    }

    public Task<ApiResponse> List(ApiRequest request)
    {
        var p = new Params(request);
        var state = request.QueryValue("state");
        var limit = p.IntQuery("limit", required: false, defaultValue: 50, ge: 1, le: 500);
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        if (state is not null && !RunStates.Contains(state))
        {
            return Task.FromResult(ApiResponse.Detail(400, $"illegal run state filter '{state}'"));
        }

        lock (_state.Gate)
        {
            var rows = Workflows.Runs.Values
                .Where(r => state is null || r.State == state)
                .OrderByDescending(r => WorkflowEngine.Timestamp(r.StartedAt), StringComparer.Ordinal)
                .ThenByDescending(r => r.RunId, StringComparer.Ordinal)
                .Take((int)limit!.Value)
                .Select(r => new JObj
                {
                    { "run_id", r.RunId },
                    { "workflow_name", r.WorkflowName },
                    { "state", r.State },
                    { "tier", "script" },
                    { "started_at", WorkflowEngine.Timestamp(r.StartedAt) },
                    { "finished_at", WorkflowEngine.Timestamp(r.FinishedAt) },
                    { "current_step_id", null },
                })
                .ToList();
            return Task.FromResult(ApiResponse.Json(200, rows));
        }
    }

    private async Task<ApiResponse> RunBlocking(ApiRequest request)
    {
        if (ReadRunRequest(request, out var nameOrPath, out var inputs, out var runId) is { } invalid)
        {
            return invalid;
        }

        WorkflowRun run;
        lock (_state.Gate)
        {
            if (Workflows.Resolve(nameOrPath) is not { } spec)
            {
                return ApiResponse.Detail(404, $"unknown workflow '{nameOrPath}'");
            }

            runId = string.IsNullOrEmpty(runId) ? "run-" + CaoState.RandomHex(16) : runId;
            if (ResolveInputs(spec, inputs, out var resolved) is { } badInputs)
            {
                return badInputs;
            }

            if (Workflows.Runs.ContainsKey(runId))
            {
                return Taken(runId);
            }

            if (KeyPartError(runId) is { } badId)
            {
                return badId;
            }

            if (LintFailure(spec) is { } lint)
            {
                return lint;
            }

            run = Start(spec, runId, resolved);
        }

        // The script runs inline: the answer comes when the run ends. A client that goes away does not stop it.
        var result = await run.Completion!.Task.WaitAsync(request.Aborted);
        return ApiResponse.Json(200, result);
    }

    private Task<ApiResponse> Submit(ApiRequest request)
    {
        if (ReadRunRequest(request, out var nameOrPath, out var inputs, out var runId) is { } invalid)
        {
            return Task.FromResult(invalid);
        }

        lock (_state.Gate)
        {
            if (!string.IsNullOrEmpty(runId))
            {
                if (KeyPartError(runId) is { } badId)
                {
                    return Task.FromResult(badId);
                }

                if (Workflows.Runs.ContainsKey(runId))
                {
                    return Task.FromResult(Taken(runId));
                }
            }

            if (Workflows.Resolve(nameOrPath) is not { } spec)
            {
                return Task.FromResult(ApiResponse.Detail(404, $"unknown workflow '{nameOrPath}'"));
            }

            runId = string.IsNullOrEmpty(runId) ? "run-" + CaoState.RandomHex(16) : runId;
            if (ResolveInputs(spec, inputs, out var resolved) is { } badInputs)
            {
                return Task.FromResult(badInputs);
            }

            if (LintFailure(spec) is { } lint)
            {
                return Task.FromResult(lint);
            }

            Start(spec, runId, resolved);
            return Task.FromResult(ApiResponse.Json(202, new JObj
            {
                { "run_id", runId },
                { "state", "running" },
                {
                    "links", new JObj
                    {
                        { "self", $"/workflows/runs/{runId}" },
                        { "status", $"/workflows/runs/{runId}" },
                        { "result", $"/workflows/runs/{runId}/result" },
                        { "cancel", $"/workflows/runs/{runId}/cancel" },
                        { "events", $"/workflows/runs/{runId}/events" },
                    }
                },
            }));
        }
    }

    private Task<ApiResponse> Inspect(ApiRequest request)
    {
        var runId = request.PathParams["run_id"];
        lock (_state.Gate)
        {
            if (!Workflows.Runs.TryGetValue(runId, out var run))
            {
                return Task.FromResult(UnknownRun(runId));
            }

            return Task.FromResult(ApiResponse.Json(200, new JObj
            {
                { "run_id", run.RunId },
                { "workflow_name", run.WorkflowName },
                { "state", run.State },
                { "current_step_id", null },
                { "started_at", WorkflowEngine.Timestamp(run.StartedAt) },
                { "finished_at", WorkflowEngine.Timestamp(run.FinishedAt) },
                { "tier", "script" },
                {
                    "steps", run.Steps.Select(s => new JObj
                    {
                        { "id", s.Id },
                        { "state", s.State },
                        { "attempts", s.Attempts },
                        { "output_json", null },
                        { "error", s.Error },
                        { "error_kind", null },
                        { "terminal_id", null },
                        { "reprompted", null },
                        { "call_fingerprint", s.CallFingerprint },
                    }).ToList()
                },
            }));
        }
    }

    private Task<ApiResponse> Events(ApiRequest request)
    {
        var p = new Params(request);
        p.IntQuery("after_seq", required: false, defaultValue: null, ge: 0);
        p.IntQuery("limit", required: false, defaultValue: null, ge: 1);
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        // Script runs append no events; an unknown run reads as an empty page too.
        return Task.FromResult(ApiResponse.Json(200, new JObj
        {
            { "events", Array.Empty<object>() },
            { "gaps", Array.Empty<object>() },
            { "next_after_seq", null },
        }));
    }

    private Task<ApiResponse> Delete(ApiRequest request)
    {
        var runId = request.PathParams["run_id"];
        lock (_state.Gate)
        {
            if (Workflows.Runs.TryGetValue(runId, out var run) && run.State == "running")
            {
                return Task.FromResult(ApiResponse.Detail(409, $"run '{runId}' is still running; cancel it before deleting (deleting a live run orphans its events and leaves it uncancellable)"));
            }

            Workflows.Runs.Remove(runId);
            return Task.FromResult(new ApiResponse(204, null, []));
        }
    }

    private Task<ApiResponse> Result(ApiRequest request)
    {
        var runId = request.PathParams["run_id"];
        lock (_state.Gate)
        {
            if (!Workflows.Runs.TryGetValue(runId, out var run))
            {
                return Task.FromResult(UnknownRun(runId));
            }

            var steps = run.Steps.OrderBy(s => s.Id, StringComparer.Ordinal).ToList();
            var kind = run.State switch
            {
                "cancelled" => "cancelled",
                "failed" => steps.Exists(s => s.Error is { } e && e.Contains("timeout", StringComparison.OrdinalIgnoreCase)) ? "timeout" : "error",
                _ => null,
            };
            var body = new JObj
            {
                { "run_id", run.RunId },
                { "workflow_name", run.WorkflowName },
                { "state", run.State },
                { "steps", steps.Select(WorkflowEngine.ResultStep).ToList() },
                { "started_at", WorkflowEngine.Timestamp(run.StartedAt) },
                { "finished_at", WorkflowEngine.Timestamp(run.FinishedAt) },
                { "kind", kind },
                { "warnings", Array.Empty<string>() },
            };
            if (run.State is "failed" or "cancelled")
            {
                var failed = steps.Find(s => s.State == "failed");
                body.Add("failure_envelope", new JObj
                {
                    { "failing_step", failed?.Id },
                    { "attempt", failed?.Attempts },
                    { "error_kind", kind },
                    { "terminal_reference", run.RunId },
                    { "next_command", $"cao workflow result {run.RunId}" },
                });
            }

            return Task.FromResult(ApiResponse.Json(200, body));
        }
    }

    private Task<ApiResponse> Cancel(ApiRequest request)
    {
        var runId = request.PathParams["run_id"];
        lock (_state.Gate)
        {
            if (!Workflows.Runs.TryGetValue(runId, out var run))
            {
                return Task.FromResult(UnknownRun(runId));
            }

            if (run.State != "running")
            {
                return Task.FromResult(ApiResponse.Detail(409, $"run '{runId}' is already {run.State}; cannot cancel"));
            }

            _engine.CancelLocked(run);
            return Task.FromResult(ApiResponse.Json(200, new JObj { { "success", true }, { "run_id", runId } }));
        }
    }

    private async Task<ApiResponse> Resume(ApiRequest request)
    {
        var runId = request.PathParams["run_id"];
        var p = new Params(request);
        Dictionary<string, string>? decisions = null;
        if (p.BodyModel(request.DecodedBody, required: false) is { } body)
        {
            decisions = p.BodyStringMap(body, "decisions");
        }

        if (p.HasErrors)
        {
            return p.ErrorResponse();
        }

        WorkflowRun run;
        lock (_state.Gate)
        {
            if (!Workflows.Runs.TryGetValue(runId, out run!))
            {
                return UnknownRun(runId);
            }

            if (run.State == "running")
            {
                return ApiResponse.Detail(409, $"run '{runId}' is currently executing; cannot resume a live run");
            }

            if (run.State == "completed")
            {
                return ApiResponse.Detail(409, $"run '{runId}' is {run.State}; not resumable");
            }

            if (run.Steps.Find(s => s.State is "rerun_authorized" or "replay_authorized" && decisions?.ContainsKey(s.Id) != true) is { } unconsumed)
            {
                return ApiResponse.Detail(409, $"run '{runId}' step '{unconsumed.Id}' has unconsumed recovery consent; supply a fresh decision for this step to resume");
            }

            foreach (var (stepId, decision) in decisions ?? [])
            {
                if (!run.Steps.Exists(s => s.Id == stepId))
                {
                    return ApiResponse.Detail(400, $"run '{runId}' has no step '{stepId}'; no decision was applied");
                }

                if (decision is not ("rerun" or "skip"))
                {
                    return ApiResponse.Detail(400, $"step '{stepId}': {PyRepr.Of(decision)} is not a recovery decision (accepted: rerun, skip); no decision was applied");
                }
            }

            foreach (var (stepId, decision) in decisions ?? [])
            {
                run.Steps.Find(s => s.Id == stepId)!.State = decision == "rerun" ? "rerun_authorized" : "replay_authorized";
            }

            _engine.StartDriveLocked(run, resume: true);
        }

        var result = await run.Completion!.Task.WaitAsync(request.Aborted);
        return ApiResponse.Json(200, result);
    }

    private WorkflowRun Start(WorkflowSeed spec, string runId, JsonElement inputs)
    {
        var run = new WorkflowRun { RunId = runId, Spec = spec, Inputs = inputs, StartedAt = DateTime.UtcNow };
        Workflows.Runs[runId] = run;
        _engine.StartDriveLocked(run, resume: false);
        return run;
    }

    private static ApiResponse? ReadRunRequest(ApiRequest request, out string nameOrPath, out JsonElement? inputs, out string? runId)
    {
        var p = new Params(request);
        nameOrPath = string.Empty;
        inputs = null;
        runId = null;
        if (p.BodyModel(request.DecodedBody, required: true) is { } body)
        {
            if (!body.TryGetProperty("name_or_path", out var name))
            {
                p.Errors.Add(ValidationErrors.MissingField(["body", "name_or_path"], body));
            }
            else if (name.ValueKind != JsonValueKind.String)
            {
                p.Errors.Add(ValidationErrors.StringType(["body", "name_or_path"], name));
            }
            else
            {
                nameOrPath = name.GetString()!;
            }

            if (body.TryGetProperty("inputs", out var given))
            {
                if (given.ValueKind != JsonValueKind.Object)
                {
                    p.Errors.Add(ValidationErrors.DictType(["body", "inputs"], given));
                }
                else
                {
                    inputs = given;
                }
            }

            runId = p.BodyString(body, "run_id");
        }

        return p.HasErrors ? p.ErrorResponse() : null;
    }

    /// <summary><c>_validate_inputs</c>: declared inputs in order (given, default, or missing), then undeclared names.</summary>
    private static ApiResponse? ResolveInputs(WorkflowSeed spec, JsonElement? given, out JsonElement resolved)
    {
        var map = new JObj();
        resolved = default;
        foreach (var decl in spec.Inputs)
        {
            JsonElement value;
            if (given is { } g && g.TryGetProperty(decl.Name, out var v))
            {
                value = v;
            }
            else if (decl.DefaultJson is not null)
            {
                value = JsonDocument.Parse(decl.DefaultJson).RootElement.Clone();
            }
            else if (decl.Required)
            {
                return ApiResponse.Detail(400, $"missing required input '{decl.Name}'");
            }
            else
            {
                continue;
            }

            var ok = decl.Type switch
            {
                "bool" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                "int" => value.ValueKind == JsonValueKind.Number && IntegerToken().IsMatch(value.GetRawText()),
                _ => value.ValueKind == JsonValueKind.String,
            };
            if (!ok)
            {
                var article = decl.Type switch { "int" => "an int", "bool" => "a bool", "path" => "a path string", _ => "a string" };
                return ApiResponse.Detail(400, $"input '{decl.Name}' must be {article}");
            }

            map.Add(decl.Name, value);
        }

        foreach (var property in given?.EnumerateObject() ?? default)
        {
            if (!spec.Inputs.Any(i => i.Name == property.Name))
            {
                return ApiResponse.Detail(400, $"unknown input '{property.Name}' (not declared by the workflow)");
            }
        }

        var json = PyJson.Serialize(map);
        if (Encoding.UTF8.GetByteCount(json) > InputsMaxBytes)
        {
            return ApiResponse.Detail(400, $"workflow inputs exceed {InputsMaxBytes} bytes");
        }

        resolved = JsonDocument.Parse(json).RootElement.Clone();
        return null;
    }

    private static ApiResponse? KeyPartError(string runId)
    {
        if (runId is "." or "..")
        {
            return ApiResponse.Detail(400, $"run_id '{runId}' is not allowed (traversal token)");
        }

        return RunIdRegex().IsMatch(runId) ? null : ApiResponse.Detail(400, $"run_id '{runId}' is invalid (must match {RunIdPattern})");
    }

    private static ApiResponse? LintFailure(WorkflowSeed spec) =>
        WorkflowHandlers.Lint(spec).Status == "fail"
            ? ApiResponse.Json(422, new JObj { { "detail", new JObj { { "findings", WorkflowHandlers.Findings(spec) } } } })
            : null;

    /// <summary>The KeyError's <c>str()</c>: the message in quotes.</summary>
    private static ApiResponse Taken(string runId) => ApiResponse.Detail(409, PyRepr.Of($"run_id '{runId}' already exists"));

    private static ApiResponse UnknownRun(string runId) => ApiResponse.Detail(404, $"unknown run '{runId}'");

    // Python's re.match with a trailing '$' also accepts one final newline.
    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\n?\z", RegexOptions.CultureInvariant)]
    private static partial Regex RunIdRegex();

    [GeneratedRegex(@"\A-?[0-9]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex IntegerToken();
}
