using System.Text.Json;
using CaoOps.Cao;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Tools.Sessions;

internal static class LaunchSessionTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "launch_session",
        Title = "Launch an agent session",
        Toolset = Toolsets.Sessions,
        Description = "Start a CAO session with one agent. With initial_message it returns at once and the agent starts on it; without, it waits until the agent is ready (minutes).",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true),
        Parameters =
        [
            new("agent_profile", ParamKind.String, "Profile to run (list_profiles).") { Required = true, Rule = Identifiers.AgentProfile },
            CommonParameters.Provider("Default: the profile's provider, else kiro_cli."),
            new("session_name", ParamKind.String, "Default: generated cao-<8 hex>.") { Rule = Identifiers.LaunchSessionName, EmptyIsAbsent = true },
            new("working_directory", ParamKind.String, "Absolute path on the cao-server machine; default: cao-server's cwd.") { EmptyIsAbsent = true },
            new("model", ParamKind.String, "Model id for the provider CLI.") { Rule = Identifiers.Model },
            new("initial_message", ParamKind.String, "First task for the agent.") { ForAgent = true },
            new("allowed_tools", ParamKind.StringArray, "Tools the agent may use. Default: the profile's.") { Rule = Identifiers.AllowedTool },
            new("env_vars", ParamKind.StringMap, "Environment for the agents (values never echoed).") { Rule = Identifiers.EnvVarName },
            new("group", ParamKind.StringArray, "Labels (max 16, 128 chars each)."),
            new("metadata", ParamKind.Object, "Free-form JSON (max 16 KiB)."),
            new("memory_manager", ParamKind.Boolean, "Add CAO's memory-manager agent to the session."),
            new("engine", ParamKind.String, "kiro_cli only.") { Enum = ["v2", "kas"] },
        ],
        Output = OutputSchemas.For(SessionsJsonContext.Default.LaunchResult),
        Failure = (message, args) => SessionResults.Of(new LaunchResult(false, message, args?.String("session_name") is { } n ? Identifiers.Prefixed(n) : null, null)),
        Handler = async (call, ct) => (await LaunchAsync(call, ct).ConfigureAwait(false)).Outcome,
    };

    /// <summary>
    /// The launch (the tool's handler, also used by <c>cao-ops run</c>): its outcome, and the failed cao-server answer when
    /// the request itself failed (null when it succeeded or failed before or after the request).
    /// </summary>
    internal static async Task<(ToolOutcome Outcome, ApiResponse? Failed)> LaunchAsync(ToolCall call, CancellationToken ct)
    {
        var args = call.Args;
        var requested = args.String("session_name");
        var sent = requested ?? Identifiers.SessionPrefix + RandomIds.Hex(4);
        var effective = Identifiers.Prefixed(sent);
        var initialMessage = args.String("initial_message");
        if (initialMessage is { Length: 0 })
        {
            return (ToolOutcome.Error(Fail("Launch session failed: initial_message must not be empty; omit it to launch without a first task", effective)), null);
        }

        var provider = args.String("provider");
        var env = args.StringMap("env_vars");
        var group = args.StringArray("group");
        var metadata = args.Object("metadata");
        var engine = args.String("engine");
        var engineProblem = engine is not null && provider is not null && provider != "kiro_cli" ? $"engine '{engine}' applies only to provider kiro_cli, not {provider}" : null;
        if ((engineProblem ?? LaunchLimits.Group(group) ?? LaunchLimits.Metadata(metadata) ?? LaunchLimits.EnvVars(env)) is { } limit)
        {
            return (ToolOutcome.Error(Fail($"Invalid arguments for launch_session: {limit}.", effective)), null);
        }

        var query = new List<KeyValuePair<string, string>>
        {
            new("agent_profile", args.String("agent_profile")!),
            new("session_name", sent),
        };
        Add(query, "engine", engine);
        var memoryManager = args.Boolean("memory_manager") == true;
        if (memoryManager)
        {
            query.Add(new("memory_manager", "true"));
        }

        Add(query, "provider", provider);
        Add(query, "working_directory", args.String("working_directory"));
        Add(query, "model", args.String("model"));
        if (args.StringArray("allowed_tools") is { Count: > 0 } tools)
        {
            query.Add(new("allowed_tools", string.Join(',', tools)));
        }

        var settings = call.Services.Cao.Settings;
        var request = new ApiRequest(HttpMethod.Post, "/sessions", "Launch session")
        {
            Query = query,
            // Everything that may be large or secret travels in the JSON body, never in the URL.
            Body = initialMessage is null && env is null && group is null && metadata is null ? null : JsonBuild.Write(w =>
            {
                w.WriteStartObject();
                if (initialMessage is not null)
                {
                    w.WriteString("initial_message", initialMessage);
                }

                if (env is not null)
                {
                    w.WriteStartObject("env_vars");
                    foreach (var (key, value) in env)
                    {
                        w.WriteString(key, value);
                    }

                    w.WriteEndObject();
                }

                if (group is not null)
                {
                    w.WriteStartArray("group");
                    foreach (var item in group)
                    {
                        w.WriteStringValue(item);
                    }

                    w.WriteEndArray();
                }

                if (metadata is { } m)
                {
                    w.WritePropertyName("metadata");
                    m.WriteTo(w);
                }

                w.WriteEndObject();
            }),
            // Without an initial message cao-server answers only once the agent CLI is ready.
            Timeout = initialMessage is null ? settings.LaunchTimeout : settings.RequestTimeout,
            TimeoutSetting = initialMessage is null ? "CAO_OPS_LAUNCH_TIMEOUT" : "CAO_OPS_TIMEOUT",
        };

        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            var note = response.Failure == ApiFailure.Timeout
                ? $" The session '{effective}' may still be starting: check get_session_info, or shutdown_session to clean it up."
                : string.Empty;
            return (ToolOutcome.Error(Fail(response.Error + note, effective)), response);
        }

        var json = response.Json;
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("id", out var id) || Text(id) is not { Length: > 0 } terminalId)
        {
            return (ToolOutcome.Error(Fail("Launch session failed: invalid session response", effective)), null);
        }

        var created = json.TryGetProperty("session_name", out var sn) && sn.ValueKind == JsonValueKind.String ? sn.GetString()! : effective;
        var message = initialMessage is null
            ? $"Session '{created}' launched successfully"
            : $"Session '{created}' launched; initial message delivery is in progress";
        if (memoryManager)
        {
            message += provider is null
                ? "; a memory_manager agent joins it on kiro_cli (cao-server's choice when provider is not given)"
                : $"; a memory_manager agent joins it on {provider}";
        }

        return (ToolOutcome.Success(SessionResults.Of(new LaunchResult(true, message, created, terminalId)
        {
            RequestedSessionName = requested is not null && requested != created ? requested : null,
            Provider = Str(json, "provider"),
            Status = Str(json, "status"),
        })), null);
    }

    private static JsonElement Fail(string message, string sessionName) => SessionResults.Of(new LaunchResult(false, message, sessionName, null));

    private static void Add(List<KeyValuePair<string, string>> query, string key, string? value)
    {
        if (value is not null)
        {
            query.Add(new(key, value));
        }
    }

    private static string? Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => null,
    };
}
