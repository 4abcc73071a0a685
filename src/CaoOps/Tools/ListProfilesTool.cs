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
        Description = "List the agent profiles cao-server can launch. Start here to choose launch_session's agent_profile.",
        Hints = ToolHints.Read,
        OutputSchema = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "success":{"type":"boolean"},
              "message":{"type":["string","null"]},
              "profiles":{"type":"array","items":{"type":"object","properties":{
                "name":{"type":"string"},"description":{"type":"string"},"role":{"type":"string"},"tags":{"type":"array"}}}},
              "source":{"type":"string","description":"'local': read by cao-ops (server lacks the route)"}},
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
