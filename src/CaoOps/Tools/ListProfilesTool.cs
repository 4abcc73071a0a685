using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools;

internal static class ListProfilesTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "list_profiles",
        Title = "List agent profiles",
        Toolset = Toolsets.Profiles,
        Description = "List the agent profiles cao-server can launch (name, description, source, role, tags, capabilities). Start here to choose an agent_profile for launch_session.",
        Hints = ToolHints.Read,
        OutputSchema = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "success":{"type":"boolean"},
              "message":{"type":["string","null"]},
              "profiles":{"type":"array","items":{"type":"object","properties":{
                "name":{"type":"string"},"source":{"type":"string"},"loadable":{"type":"boolean"},"description":{"type":"string"},
                "capabilities":{"type":"array","items":{"type":"string"}},"tags":{"type":"array","items":{"type":"string"}},
                "role":{"type":"string"},"duplicated_in":{"type":"array","items":{"type":"string"}}}}},
              "source":{"type":"string","description":"'local' when cao-ops read the profiles itself because the server lacks the route"}},
             "required":["success","profiles"]}
            """),
        Failure = (message, _) => ToolResults.Of(new ProfileListResult(false, message, JsonBuild.EmptyArray)),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, "/agents/profiles", "List profiles"), ct).ConfigureAwait(false);
        if (ProfileFallback.RouteMissing(response))
        {
            return Local(call);
        }

        if (!response.Ok)
        {
            return ToolOutcome.Error(Definition.Failure(response.Error!, call.Args));
        }

        return response.Json.ValueKind == JsonValueKind.Array
            ? ToolOutcome.Success(ToolResults.Of(new ProfileListResult(true, null, response.Json)))
            : ToolOutcome.Error(Definition.Failure("List profiles failed: invalid response payload", call.Args));
    }

    private static ToolOutcome Local(ToolCall call)
    {
        if (ProfileFallback.Refusal(call.Services.Cao, "List profiles") is { } refusal)
        {
            return ToolOutcome.Error(Definition.Failure(refusal, call.Args));
        }

        var local = call.Services.Profiles.ListProfilesResult();
        return local.Ok
            ? ToolOutcome.Success(ToolResults.Of(new ProfileListResult(true, ProfileFallback.Note, local.Json) { Source = "local" }))
            : ToolOutcome.Error(Definition.Failure($"List profiles failed: {local.Detail}", call.Args));
    }
}
