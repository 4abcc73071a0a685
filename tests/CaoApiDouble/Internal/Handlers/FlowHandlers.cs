using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Testing.Internal.Flows;
using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary>
/// <c>/flows</c>: create (file first, then the row: a duplicate overwrites the file and answers 500 with the SQL),
/// list, get, enable/disable, run (launches <c>cao-flow-&lt;name&gt;</c>, recycling it), delete (row only).
/// </summary>
internal sealed partial class FlowHandlers
{
    private readonly ServerContext _ctx;
    private readonly CaoState _state;

    public FlowHandlers(ServerContext ctx)
    {
        _ctx = ctx;
        _state = ctx.State;
    }

    private FlowState Flows => _state.Flows;

    public void Register(Action<string, string, RouteAuth, BodyMode, Func<ApiRequest, Task<ApiResponse>>> add)
    {
        add("GET", "/flows", RouteAuth.Gated, BodyMode.None, List);
        add("GET", "/flows/{name}", RouteAuth.Gated, BodyMode.None, Get);
        add("POST", "/flows", RouteAuth.Gated, BodyMode.Required, Create);
        add("DELETE", "/flows/{name}", RouteAuth.Gated, BodyMode.None, Delete);
        add("POST", "/flows/{name}/enable", RouteAuth.Gated, BodyMode.None, Enable);
        add("POST", "/flows/{name}/disable", RouteAuth.Gated, BodyMode.None, Disable);
        add("POST", "/flows/{name}/run", RouteAuth.Gated, BodyMode.None, Run);
    }

    private Task<ApiResponse> List(ApiRequest request)
    {
        lock (_state.Gate)
        {
            return Task.FromResult(ApiResponse.Json(200, Flows.Rows.Select(r => View(r, withPrompt: true)).ToList()));
        }
    }

    private Task<ApiResponse> Get(ApiRequest request)
    {
        var name = request.PathParams["name"];
        lock (_state.Gate)
        {
            return Task.FromResult(Flows.Find(name) is { } row ? ApiResponse.Json(200, View(row, withPrompt: true)) : NotFound(name));
        }
    }

    private Task<ApiResponse> Create(ApiRequest request)
    {
        var p = new Params(request);
        var body = p.BodyModel(request.DecodedBody, required: true);
        string? name = null, schedule = null, profile = null, prompt = null;
        var provider = Providers.Default;
        if (body is { } obj)
        {
            name = RequiredString(p, obj, "name");
            if (name is not null && (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal)))
            {
                p.Errors.Add(ValidationErrors.ValueError(["body", "name"], name, "Flow name must not contain '/', '\\', or '..'"));
            }

            schedule = RequiredString(p, obj, "schedule");
            NoControl(p, "schedule", schedule);
            profile = RequiredString(p, obj, "agent_profile");
            if (NoControl(p, "agent_profile", profile))
            {
                NotEmpty(p, "agent_profile", profile);
            }

            if (obj.TryGetProperty("provider", out _))
            {
                provider = RequiredString(p, obj, "provider") ?? provider;
                if (NoControl(p, "provider", provider))
                {
                    NotEmpty(p, "provider", provider);
                }
            }

            prompt = RequiredString(p, obj, "prompt_template");
        }

        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            // cao-server writes the file before it validates or registers anything.
            Flows.Files[name!] = new FlowFileInfo(name!, schedule!, profile!, provider, prompt!);
            if (!FlowName().IsMatch(name!))
            {
                return Task.FromResult(ApiResponse.Detail(404, $"Invalid flow name '{name}': must match ^[A-Za-z0-9_-]{{1,64}}$"));
            }

            var cron = CronSchedule.TryParse(schedule!, out var cronError);
            var next = cron?.NextAfter(DateTime.Now);
            if (cron is null || next is null)
            {
                var why = cronError ?? $"Could not calculate next run time for cron expression: {schedule}";
                return Task.FromResult(ApiResponse.Detail(404, $"Invalid cron expression '{schedule}': {why}"));
            }

            if (Flows.Find(name!) is not null)
            {
                return Task.FromResult(ApiResponse.Detail(500, DuplicateMessage(name!, schedule!, profile!, provider, next.Value)));
            }

            var row = new FlowRecord
            {
                Name = name!,
                FilePath = FlowState.FilePath(name!),
                Schedule = schedule!,
                AgentProfile = profile!,
                Provider = provider,
                NextRun = next.Value,
            };
            Flows.Rows.Add(row);
            return Task.FromResult(ApiResponse.Json(201, View(row, withPrompt: false)));
        }
    }

    private Task<ApiResponse> Delete(ApiRequest request)
    {
        var name = request.PathParams["name"];
        lock (_state.Gate)
        {
            // Only the row goes: the file and any cao-flow-<name> session stay.
            return Task.FromResult(Flows.Rows.RemoveAll(r => r.Name == name) > 0 ? Success() : NotFound(name));
        }
    }

    private Task<ApiResponse> Enable(ApiRequest request)
    {
        var name = request.PathParams["name"];
        lock (_state.Gate)
        {
            if (Flows.Find(name) is not { } row)
            {
                return Task.FromResult(NotFound(name));
            }

            row.Enabled = true;
            row.NextRun = CronSchedule.TryParse(row.Schedule, out _)?.NextAfter(DateTime.Now) ?? row.NextRun;
            return Task.FromResult(Success());
        }
    }

    private Task<ApiResponse> Disable(ApiRequest request)
    {
        var name = request.PathParams["name"];
        lock (_state.Gate)
        {
            if (Flows.Find(name) is not { } row)
            {
                return Task.FromResult(NotFound(name));
            }

            row.Enabled = false; // next_run is left as it was
            return Task.FromResult(Success());
        }
    }

    private async Task<ApiResponse> Run(ApiRequest request)
    {
        var name = request.PathParams["name"];
        TerminalRecord terminal;
        string prompt;
        lock (_state.Gate)
        {
            if (Flows.Find(name) is not { } row)
            {
                return NotFound(name);
            }

            if (!Flows.Files.TryGetValue(name, out var file))
            {
                return ApiResponse.Detail(404, $"Flow file not found: {row.FilePath}");
            }

            // last_run/next_run are stamped before anything else can skip or fail the run (a manual run ignores enabled).
            var now = DateTime.Now;
            row.LastRun = now;
            row.NextRun = CronSchedule.TryParse(row.Schedule, out _)?.NextAfter(now) ?? row.NextRun;
            var missing = Placeholder().Matches(file.Prompt).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal).ToList();
            if (missing.Count > 0)
            {
                return ApiResponse.Detail(404, "Missing template variables: " + string.Join(", ", missing));
            }

            var sessionName = FlowState.FlowSessionPrefix + name;
            if (_state.Sessions.TryGetValue(sessionName, out var existing))
            {
                if (existing.Terminals.FirstOrDefault() is { Status: "processing" })
                {
                    return ApiResponse.Json(200, new JObj { { "executed", false } });
                }

                _state.RemoveSessionLocked(sessionName);
            }

            var session = new SessionRecord { Name = sessionName };
            _state.Sessions[sessionName] = session;
            terminal = _state.AddTerminalLocked(session, new TerminalSpec(row.AgentProfile, row.Provider, "unknown")
            {
                AllowedTools = ProfileViews.AllowedTools(_state.Profiles.GetValueOrDefault(row.AgentProfile)),
                WorkingDirectory = _ctx.Options.DefaultWorkingDirectory,
            });
            prompt = file.Prompt;
        }

        // The launch is synchronous (about 4.7 s on a real server): the answer comes once the prompt is typed.
        if (_ctx.Options.CreateDelay > TimeSpan.Zero)
        {
            await Task.Delay(_ctx.Options.CreateDelay, request.Aborted);
        }

        lock (_state.Gate)
        {
            if (_state.Terminals.ContainsKey(terminal.Id))
            {
                _state.StartWorkLocked(terminal, prompt);
            }
        }

        return ApiResponse.Json(200, new JObj { { "executed", true } });
    }

    private JObj View(FlowRecord row, bool withPrompt) => new()
    {
        { "name", row.Name },
        { "file_path", row.FilePath },
        { "schedule", row.Schedule },
        { "agent_profile", row.AgentProfile },
        { "provider", row.Provider },
        { "engine", null },
        { "script", row.Script },
        { "last_run", row.LastRun is { } last ? WireText.IsoTimestamp(last) : null },
        { "next_run", WireText.IsoTimestamp(row.NextRun) },
        { "enabled", row.Enabled },
        { "prompt_template", withPrompt && Flows.Files.TryGetValue(row.Name, out var file) ? file.Prompt.Trim() : null },
    };

    private static string DuplicateMessage(string name, string schedule, string profile, string provider, DateTime next) =>
        "Failed to create flow: (sqlite3.IntegrityError) UNIQUE constraint failed: flows.name\n"
        + "[SQL: INSERT INTO flows (name, file_path, schedule, agent_profile, provider, script, last_run, next_run, enabled) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)]\n"
        + $"[parameters: ({PyRepr.Of(name)}, {PyRepr.Of(FlowState.FilePath(name))}, {PyRepr.Of(schedule)}, {PyRepr.Of(profile)}, {PyRepr.Of(provider)}, '', None, "
        + $"'{next.ToString("yyyy-MM-dd HH:mm:ss.ffffff", CultureInfo.InvariantCulture)}', 1)]\n"
        + "(Background on this error at: https://sqlalche.me/e/20/gkpj)";

    private static string? RequiredString(Params p, JsonElement body, string field)
    {
        if (!body.TryGetProperty(field, out var value))
        {
            p.Errors.Add(ValidationErrors.MissingField(["body", field], body));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            p.Errors.Add(ValidationErrors.StringType(["body", field], value));
            return null;
        }

        return value.GetString();
    }

    private static bool NoControl(Params p, string field, string? value)
    {
        if (value is not null && value.Any(c => c < 32 || c == 127))
        {
            p.Errors.Add(ValidationErrors.ValueError(["body", field], value, "must not contain control characters"));
            return false;
        }

        return value is not null;
    }

    private static void NotEmpty(Params p, string field, string? value)
    {
        if (value is not null && value.Trim().Length == 0)
        {
            p.Errors.Add(ValidationErrors.ValueError(["body", field], value, "must not be empty"));
        }
    }

    private static ApiResponse NotFound(string name) => ApiResponse.Detail(404, $"Flow '{name}' not found");

    private static ApiResponse Success() => ApiResponse.Json(200, new JObj { { "success", true } });

    [GeneratedRegex(@"\A[A-Za-z0-9_-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex FlowName();

    [GeneratedRegex(@"\[\[(\w+)\]\]", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();
}
