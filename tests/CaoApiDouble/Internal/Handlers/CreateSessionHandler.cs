using System.Text;
using System.Text.Json;
using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary><c>POST /sessions</c> and <c>POST /sessions/{name}/terminals</c>.</summary>
internal sealed class CreateSessionHandler
{
    private static readonly string[] Engines = ["v2", "kas"];
    private static readonly string[] OrchestrationTypes = ["send_message", "handoff", "assign"];
    private static readonly string[] TrueWords = ["1", "on", "t", "true", "y", "yes"];
    private static readonly string[] FalseWords = ["0", "off", "f", "false", "n", "no"];

    private readonly ServerContext _ctx;
    private readonly CaoState _state;

    public CreateSessionHandler(ServerContext ctx)
    {
        _ctx = ctx;
        _state = ctx.State;
    }

    public async Task<ApiResponse> Create(ApiRequest request)
    {
        var p = new Params(request);
        var agentProfile = p.RequiredQuery("agent_profile");
        var engine = p.OptionalEnumQuery("engine", Engines);
        var body = p.BodyModel(request.DecodedBody, required: false);
        string? initialMessage = null;
        string? orchestration = null;
        List<string>? group = null;
        JsonElement? metadata = null;
        Dictionary<string, string>? envVars = null;
        if (body is { } obj)
        {
            initialMessage = p.BodyString(obj, "initial_message");
            orchestration = p.BodyString(obj, "initial_message_orchestration_type");
            envVars = p.BodyStringMap(obj, "env_vars");
            group = CheckGroup(p, obj);
            metadata = CheckMetadata(p, obj);
        }

        if (p.HasErrors)
        {
            return p.ErrorResponse();
        }

        var sessionName = request.QueryValue("session_name");
        if (sessionName is not null)
        {
            var effective = Prefixed(sessionName);
            if (!NameRules.IsTmuxName(effective))
            {
                return ApiResponse.Detail(400, NameRules.InvalidTmuxName("session_name", effective));
            }
        }

        if (request.QueryValue("model") is { } model && NameRules.ModelError(model) is { } modelError)
        {
            return ApiResponse.Detail(400, modelError);
        }

        if (initialMessage == string.Empty)
        {
            return ApiResponse.Detail(400, "initial_message must not be empty");
        }

        if (!string.IsNullOrEmpty(orchestration))
        {
            if (initialMessage is null)
            {
                return ApiResponse.Detail(400, "initial_message_orchestration_type requires initial_message");
            }

            if (!OrchestrationTypes.Contains(orchestration))
            {
                return ApiResponse.Detail(400, $"invalid initial_message_orchestration_type: {PyRepr.Of(orchestration)}");
            }
        }

        var spec = new CreateSpec(agentProfile!, request.QueryValue("provider"), engine, request.QueryValue("allowed_tools"), request.QueryValue("working_directory"))
        {
            SessionName = sessionName,
            NewSession = true,
            Group = group,
            Metadata = metadata,
            EnvVars = envVars,
        };
        var (terminal, error) = Allocate(spec, valueErrorStatus: 400);
        if (error is not null)
        {
            return error;
        }

        if (request.QueryValue("memory_manager")?.ToLowerInvariant() is "true" or "1" or "yes")
        {
            SpawnMemoryManager(terminal!, spec);
        }

        return await InitializeAsync(request, terminal!, initialMessage, deferred: initialMessage is not null, failurePrefix: "Failed to create session: ");
    }

    public async Task<ApiResponse> AddTerminal(ApiRequest request)
    {
        var sessionName = request.PathParams["session_name"];
        var p = new Params(request);
        var agentProfile = p.RequiredQuery("agent_profile");
        var engine = p.OptionalEnumQuery("engine", Engines);
        var callerId = request.QueryValue("caller_id");
        if (callerId is not null && !NameRules.IsTerminalId(callerId))
        {
            p.Errors.Add(ValidationErrors.PatternMismatch(["query", "caller_id"], callerId, NameRules.TerminalIdPattern));
        }

        var deferInit = BoolQuery(p, request, "defer_init");
        BoolQuery(p, request, "use_worktree");
        var body = p.BodyModel(request.DecodedBody, required: false);
        string? initialMessage = null;
        string? orchestration = null;
        if (body is { } obj)
        {
            initialMessage = p.BodyString(obj, "initial_message");
            orchestration = p.BodyString(obj, "initial_message_orchestration_type");
        }

        if (p.HasErrors)
        {
            return p.ErrorResponse();
        }

        if (!NameRules.IsTmuxName(sessionName))
        {
            return ApiResponse.Detail(400, NameRules.InvalidTmuxName("session_name", sessionName));
        }

        if (request.QueryValue("model") is { } model && NameRules.ModelError(model) is { } modelError)
        {
            return ApiResponse.Detail(400, modelError);
        }

        if (!deferInit && body is not null && (initialMessage is not null || orchestration is not null))
        {
            return ApiResponse.Detail(400, "initial_message / initial_message_orchestration_type require defer_init=true; they are not delivered on the synchronous path");
        }

        if (!string.IsNullOrEmpty(orchestration) && !OrchestrationTypes.Contains(orchestration))
        {
            return ApiResponse.Detail(400, $"invalid initial_message_orchestration_type: {PyRepr.Of(orchestration)}");
        }

        var spec = new CreateSpec(agentProfile!, request.QueryValue("provider"), engine, request.QueryValue("allowed_tools"), request.QueryValue("working_directory"))
        {
            SessionName = sessionName,
            NewSession = false,
            CallerId = callerId,
        };
        var (terminal, error) = Allocate(spec, valueErrorStatus: 404);
        if (error is not null)
        {
            return error;
        }

        return await InitializeAsync(request, terminal!, initialMessage, deferred: deferInit, failurePrefix: "Failed to create terminal: ");
    }

    /// <summary>terminal_service.create_terminal up to the provider start: every ValueError it can raise, in order.</summary>
    private (TerminalRecord? Terminal, ApiResponse? Error) Allocate(CreateSpec spec, int valueErrorStatus)
    {
        lock (_state.Gate)
        {
            var nameError = NameRules.AgentNameError(spec.AgentProfile);
            var profile = nameError is null ? _state.Profiles.GetValueOrDefault(spec.AgentProfile) : null;
            var provider = spec.Provider ?? ProfileViews.ResolveProvider(profile);
            if (nameError is not null)
            {
                return (null, ApiResponse.Detail(valueErrorStatus, nameError));
            }

            if (provider == Providers.Default)
            {
                if (!_ctx.Options.InstalledProviders.Contains(Providers.Default))
                {
                    // the Kiro binary probe runs before anything is created, with the default engine v2
                    return (null, ApiResponse.Detail(400, $"Kiro engine '{spec.Engine ?? "v2"}' cannot start because 'kiro-cli' was not found. Install Kiro CLI or select another provider."));
                }

                if (spec.Engine == "kas")
                {
                    return (null, ApiResponse.Detail(400, "Kiro engine 'kas' is not available in Phase 0: KAS profiles and Cedar policy translation are not implemented. Retry with engine 'v2'."));
                }
            }
            else if (spec.Engine is not null)
            {
                return (null, ApiResponse.Detail(valueErrorStatus, "Kiro engine selection is only valid for provider 'kiro_cli'"));
            }

            var tools = string.IsNullOrEmpty(spec.AllowedTools) ? ProfileViews.AllowedTools(profile) : [.. spec.AllowedTools.Split(',')];
            var id = _state.NewTerminalIdLocked();
            var sessionName = string.IsNullOrEmpty(spec.SessionName) ? _state.NewSessionNameLocked() : spec.SessionName;
            var windowName = CaoState.NewWindowName(spec.AgentProfile);
            if (!NameRules.IsTmuxName(windowName))
            {
                return (null, ApiResponse.Detail(valueErrorStatus, NameRules.InvalidTmuxName("window_name", windowName)));
            }

            if (WorkingDirectoryRules.Validate(spec.WorkingDirectory, _ctx.Options.DefaultWorkingDirectory, out var directory) is { } dirError)
            {
                return (null, ApiResponse.Detail(valueErrorStatus, dirError));
            }

            SessionRecord? session;
            if (spec.NewSession)
            {
                sessionName = Prefixed(sessionName);
                if (_state.Sessions.ContainsKey(sessionName))
                {
                    return (null, ApiResponse.Detail(400, $"Session '{sessionName}' already exists"));
                }

                session = null;
            }
            else if (!_state.Sessions.TryGetValue(sessionName, out session))
            {
                return (null, ApiResponse.Detail(valueErrorStatus, $"Session '{sessionName}' not found"));
            }

            if (!Providers.IsValid(provider))
            {
                // the real server creates the tmux session first and rolls it back
                return (null, ApiResponse.Detail(valueErrorStatus, $"Unknown provider type: {provider}"));
            }

            if (session is null)
            {
                session = new SessionRecord { Name = sessionName, EnvVars = KeptEnvVars(spec.EnvVars) };
                _state.Sessions[sessionName] = session;
            }

            var terminal = _state.AddTerminalLocked(session, new TerminalSpec(spec.AgentProfile, provider, "unknown")
            {
                Id = id,
                WindowName = windowName,
                CallerId = spec.CallerId,
                AllowedTools = tools,
                Group = spec.Group,
                Metadata = spec.Metadata,
                WorkingDirectory = directory,
            });
            if (_ctx.Options.LaunchedAgent?.Invoke(spec.AgentProfile) is { } script)
            {
                terminal.Script = script;
            }

            return (terminal, null);
        }
    }

    /// <summary>The provider start: synchronous (wait, then "idle") or deferred (answer "unknown" now).</summary>
    private async Task<ApiResponse> InitializeAsync(ApiRequest request, TerminalRecord terminal, string? initialMessage, bool deferred, string failurePrefix)
    {
        if (deferred)
        {
            _state.RunLater(_ctx.Options.CreateDelay, () => FinishInit(terminal, initialMessage));
            lock (_state.Gate)
            {
                return ApiResponse.Json(201, TerminalJson.Of(terminal, "unknown"));
            }
        }

        try
        {
            if (_ctx.Options.CreateDelay > TimeSpan.Zero)
            {
                await Task.Delay(_ctx.Options.CreateDelay, request.Aborted);
            }
        }
        catch (OperationCanceledException) when (request.ClientGone())
        {
            // The server finishes the launch even though nobody waits for the answer.
            FinishInit(terminal, null);
            throw;
        }

        lock (_state.Gate)
        {
            if (!_state.Terminals.ContainsKey(terminal.Id))
            {
                return ApiResponse.Detail(500, $"{failurePrefix}Terminal '{terminal.Id}' not found");
            }
        }

        FinishInit(terminal, null);
        lock (_state.Gate)
        {
            return ApiResponse.Json(201, TerminalJson.Of(terminal, "idle"));
        }
    }

    private void FinishInit(TerminalRecord terminal, string? initialMessage)
    {
        lock (_state.Gate)
        {
            if (!_state.Terminals.ContainsKey(terminal.Id))
            {
                return;
            }

            if (terminal.Status == "unknown")
            {
                terminal.Status = "idle";
                terminal.LastActive = DateTime.Now;
            }

            if (initialMessage is not null && terminal.Status is "idle" or "completed")
            {
                _state.StartWorkLocked(terminal, initialMessage);
            }
            else
            {
                _state.DeliverPendingLocked(terminal);
            }
        }
    }

    private void SpawnMemoryManager(TerminalRecord worker, CreateSpec spec)
    {
        _state.RunLater(TimeSpan.Zero, () =>
        {
            TerminalRecord? sidecar = null;
            lock (_state.Gate)
            {
                if (_state.Sessions.TryGetValue(worker.SessionName, out var session))
                {
                    var profile = _state.Profiles.GetValueOrDefault("memory_manager");
                    sidecar = _state.AddTerminalLocked(session, new TerminalSpec("memory_manager", spec.Provider ?? Providers.Default, "unknown")
                    {
                        AllowedTools = ProfileViews.AllowedTools(profile),
                        WorkingDirectory = worker.WorkingDirectory,
                    });
                }
            }

            if (sidecar is not null)
            {
                _state.RunLater(_ctx.Options.CreateDelay, () => FinishInit(sidecar, null));
            }
        });
    }

    private static readonly string[] BlockedEnvPrefixes = ["CLAUDE", "CODEX_", "__MISE_"];

    private static readonly string[] EnvAllowList =
    [
        "CLAUDE_CODE_USE_BEDROCK", "CLAUDE_CODE_USE_VERTEX", "CLAUDE_CODE_USE_FOUNDRY",
        "CLAUDE_CODE_SKIP_BEDROCK_AUTH", "CLAUDE_CODE_SKIP_VERTEX_AUTH", "CLAUDE_CODE_SKIP_FOUNDRY_AUTH",
    ];

    /// <summary>The env_vars cao-server sets on the tmux session: it silently drops CLAUDE*/CODEX_*/__MISE_* keys
    /// (except the Bedrock/Vertex/Foundry switches) and values of 2048+ bytes.</summary>
    private static Dictionary<string, string>? KeptEnvVars(Dictionary<string, string>? vars) =>
        vars?.Where(kv => (EnvAllowList.Contains(kv.Key) || !BlockedEnvPrefixes.Any(p => kv.Key.StartsWith(p, StringComparison.Ordinal)))
                && Encoding.UTF8.GetByteCount(kv.Value) < 2048)
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);

    private static List<string>? CheckGroup(Params p, JsonElement body)
    {
        var before = p.Errors.Count;
        var group = p.BodyStringList(body, "group");
        if (group is null || p.Errors.Count != before || group.Count == 0)
        {
            return group;
        }

        var input = body.GetProperty("group");
        if (group.Count > 16)
        {
            p.Errors.Add(ValidationErrors.ValueError(["body", "group"], input, $"group has {group.Count} elements (max 16)"));
            return null;
        }

        foreach (var element in group)
        {
            var length = NameRules.PyLen(element);
            if (length > 128)
            {
                p.Errors.Add(ValidationErrors.ValueError(["body", "group"], input, $"group element {PyRepr.Of(element)} is {length} chars (max 128)"));
                return null;
            }
        }

        return group;
    }

    private static JsonElement? CheckMetadata(Params p, JsonElement body)
    {
        var metadata = p.BodyObject(body, "metadata");
        if (metadata is not { } value)
        {
            return null;
        }

        var size = Encoding.UTF8.GetByteCount(PyJson.SerializePythonDefault(value));
        if (size > 16384 && value.EnumerateObject().Any())
        {
            p.Errors.Add(ValidationErrors.ValueError(["body", "metadata"], value, $"metadata is {size} bytes encoded (max 16384)"));
            return null;
        }

        return value;
    }

    private static bool BoolQuery(Params p, ApiRequest request, string name)
    {
        var raw = request.QueryValue(name);
        if (raw is null)
        {
            return false;
        }

        var lowered = raw.ToLowerInvariant();
        if (TrueWords.Contains(lowered))
        {
            return true;
        }

        if (!FalseWords.Contains(lowered))
        {
            p.Errors.Add(BoolParsing(name, raw));
        }

        return false;
    }

    private static JObj BoolParsing(string name, string raw) => new()
    {
        { "type", "bool_parsing" },
        { "loc", new object?[] { "query", name } },
        { "msg", "Input should be a valid boolean, unable to interpret input" },
        { "input", raw },
    };

    private static string Prefixed(string name) =>
        name.StartsWith(NameRules.SessionPrefix, StringComparison.Ordinal) ? name : NameRules.SessionPrefix + name;

    private sealed record CreateSpec(string AgentProfile, string? Provider, string? Engine, string? AllowedTools, string? WorkingDirectory)
    {
        public string? SessionName { get; init; }

        public bool NewSession { get; init; }

        public string? CallerId { get; init; }

        public List<string>? Group { get; init; }

        public JsonElement? Metadata { get; init; }

        public Dictionary<string, string>? EnvVars { get; init; }
    }
}
