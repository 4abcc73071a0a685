using CaoOps.Cao;

namespace CaoOps.Tools.Profiles;

internal static class GetProfileDetailsTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_profile_details",
        Title = "Get agent profile details",
        Toolset = Toolsets.Profiles,
        Description = "One agent profile as cao-server loads it: provider, role, system prompt, MCP servers, tools.",
        Hints = ToolHints.Read,
        Parameters =
        [
            new("name", ParamKind.String, "Profile name from list_profiles.") { Required = true, Rule = Identifiers.ProfileName },
        ],
        Output = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "name":{"type":"string"},"description":{"type":"string"},"provider":{"type":"string"},"system_prompt":{"type":"string"},
              "source":{"type":"string","description":"'local': from cao-ops' own engine"},
              "success":{"type":"boolean"},"message":{"type":"string"}}}
            """),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var operation = $"Get profile details for '{name}'";
        var request = new ApiRequest(HttpMethod.Get, CaoPath.Of("agents", "profiles", name), operation);
        var outcome = await ApiCalls.ObjectOrFallbackAsync(call, request, "Get profile details failed: invalid response payload",
            r => ApiCalls.NotFoundHint(r, Hint), ProfileFallback.RouteMissing, ct).ConfigureAwait(false);
        if (outcome is { } answered)
        {
            return answered;
        }

        if (ProfileFallback.Refusal(call.Services.Cao, operation) is { } refusal)
        {
            return ToolOutcome.Error(Results.Failure(refusal));
        }

        var local = call.Services.Profiles.GetProfile(name);
        return local.Ok
            ? ToolOutcome.Success(ProfileFallback.MarkLocal(local.Json))
            : ToolOutcome.Error(Results.Failure($"{operation} failed: {local.Detail}{(local.StatusCode == 404 ? " — " + Hint : string.Empty)} (answered by cao-ops from this machine: {ProfileFallback.Note})"));
    }

    private const string Hint = "list_profiles shows the profiles cao-server can load, and install_profile adds one";
}
