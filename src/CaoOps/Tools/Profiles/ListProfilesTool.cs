using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Profiles;

internal static class ListProfilesTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "list_profiles",
        Title = "List agent profiles",
        Toolset = Toolsets.Profiles,
        Description = "Agent profiles cao-server can launch (for launch_session).",
        Hints = ToolHints.Read,
        Output = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "success":{"type":"boolean"},
              "message":{"type":"string"},
              "profiles":{"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"description":{"type":"string"}}}},
              "source":{"type":"string","description":"'local': from cao-ops' own engine"}},
             "required":["success","profiles"]}
            """),
        Failure = (message, _) => ProfileResults.Of(new ProfileListResult(false, message, JsonBuild.EmptyArray)),
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
            ? ToolOutcome.Success(ProfileResults.Of(new ProfileListResult(true, null, response.Json)))
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
            ? ToolOutcome.Success(ProfileResults.Of(new ProfileListResult(true, ProfileFallback.Note, local.Json) { Source = "local" }))
            : ToolOutcome.Error(Definition.Failure($"List profiles failed: {local.Detail}", call.Args));
    }
}
