using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Terminals;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Tools.Terminals;

/// <summary>
/// add_terminal: another agent in an existing session (<c>POST /sessions/{name}/terminals</c>). Starts it in the
/// session's working directory unless told otherwise (cao-server would use its own), and sends
/// <c>initial_message</c> with the <c>defer_init=true</c> the route requires for it.
/// </summary>
internal static class AddTerminalTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "add_terminal",
        Title = "Add an agent to a session",
        Toolset = Toolsets.Terminals,
        Description = "Add an agent to an existing session (e.g. a reviewer beside a developer); waits until it is ready unless initial_message is given.",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: true),
        Parameters =
        [
            new("session_name", ParamKind.String, "Session to join.") { Required = true, Rule = Identifiers.LaunchSessionName },
            new("agent_profile", ParamKind.String, "Profile to run.") { Required = true, Rule = Identifiers.AgentProfile },
            CommonParameters.Provider("Default: the profile's."),
            new("model", ParamKind.String, "Model id.") { Rule = Identifiers.Model },
            new("working_directory", ParamKind.String, "Default: the session's.") { EmptyIsAbsent = true },
            new("allowed_tools", ParamKind.StringArray, "Default: the profile's.") { Rule = Identifiers.AllowedTool },
            new("initial_message", ParamKind.String, "First task (returns at once).") { ForAgent = true },
        ],
        Output = OutputSchemas.For(TerminalsJsonContext.Default.AddTerminalResult),
        Failure = (message, _) => Results.Of(new AddTerminalResult(false, message), TerminalsJsonContext.Default.AddTerminalResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var args = call.Args;
        var session = SessionNames.Resolve(args);
        var operation = $"Add terminal to session '{session}'";
        var provider = args.String("provider");
        var initialMessage = args.String("initial_message");
        if (initialMessage is { Length: 0 })
        {
            return Fail(call, $"{operation} failed: initial_message must not be empty; omit it to add the agent without a first task");
        }

        // The session must exist, and its directory is where the new agent should work unless told otherwise.
        var info = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("sessions", session), operation), ct).ConfigureAwait(false);
        if (!info.Ok)
        {
            return Fail(call, info.Error + ApiCalls.NotFoundHint(info, "list_sessions shows the sessions that exist; launch_session starts a new one"));
        }

        var directory = args.String("working_directory") ?? SessionDirectory(info.Json);
        var query = new List<KeyValuePair<string, string>> { new("agent_profile", args.String("agent_profile")!) };
        Add(query, "provider", provider);
        Add(query, "model", args.String("model"));
        Add(query, "working_directory", directory);
        if (args.StringArray("allowed_tools") is { Count: > 0 } tools)
        {
            query.Add(new("allowed_tools", string.Join(',', tools)));
        }

        if (initialMessage is not null)
        {
            query.Add(new("defer_init", "true")); // the route takes initial_message only with defer_init
        }

        var settings = call.Services.Cao.Settings;
        var request = new ApiRequest(HttpMethod.Post, CaoPath.Of("sessions", session, "terminals"), operation)
        {
            Query = query,
            Body = initialMessage is null ? null : JsonBuild.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("initial_message", initialMessage);
                w.WriteEndObject();
            }),
            Timeout = initialMessage is null ? settings.LaunchTimeout : settings.RequestTimeout,
            TimeoutSetting = initialMessage is null ? "CAO_OPS_LAUNCH_TIMEOUT" : "CAO_OPS_TIMEOUT",
        };
        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return Fail(call, response.Error + Hint(response));
        }

        if (response.Json.ValueKind != JsonValueKind.Object || Str(response.Json, "id") is not { Length: > 0 } id)
        {
            return Fail(call, $"{operation} failed: invalid response payload");
        }

        var where = directory is null ? string.Empty : $", working in {directory}";
        var message = initialMessage is null
            ? $"Agent '{Str(response.Json, "agent_profile")}' added to session '{session}' as terminal '{id}'{where}."
            : $"Agent '{Str(response.Json, "agent_profile")}' added to session '{session}' as terminal '{id}'{where}; its first task is delivered once it is ready (wait_for_terminal).";
        return ToolOutcome.Success(Results.Of(
            new AddTerminalResult(true, message) { TerminalId = id, Status = Str(response.Json, "status") },
            TerminalsJsonContext.Default.AddTerminalResult));
    }

    /// <summary>The launch directory of the session's first terminal.</summary>
    private static string? SessionDirectory(JsonElement session) =>
        session.ValueKind == JsonValueKind.Object && session.TryGetProperty("terminals", out var terminals) && terminals.ValueKind == JsonValueKind.Array
            ? terminals.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Object ? Str(t, "working_directory") : null).FirstOrDefault(d => d is not null)
            : null;

    private static string Hint(ApiResponse response) => response.Detail switch
    {
        { } d when d.StartsWith("Unknown provider type", StringComparison.Ordinal) => " — list_providers shows the providers cao-server knows.",
        { } d when d.Contains("'kiro-cli' was not found", StringComparison.Ordinal) => " — pass a provider that is installed (list_providers).",
        { } d when d.StartsWith("Session '", StringComparison.Ordinal) => " — list_sessions shows the sessions that exist.",
        _ => string.Empty,
    };

    private static void Add(List<KeyValuePair<string, string>> query, string key, string? value)
    {
        if (value is not null)
        {
            query.Add(new(key, value));
        }
    }

    private static ToolOutcome Fail(ToolCall call, string message) => ToolOutcome.Error(Definition.Failure(message, call.Args));
}
