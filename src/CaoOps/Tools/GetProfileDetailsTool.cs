using CaoOps.Cao;

namespace CaoOps.Tools;

internal static class GetProfileDetailsTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_profile_details",
        Title = "Get agent profile details",
        Toolset = Toolsets.Profiles,
        Description = "Show one agent profile as cao-server loads it: description, provider, role, system prompt, MCP servers, tools and other settings.",
        Hints = ToolHints.Read,
        Parameters =
        [
            new("name", ParamKind.String, "Profile name, as listed by list_profiles (e.g. developer).") { Required = true, Rule = Identifiers.ProfileName },
        ],
        OutputSchema = OutputSchemas.Parse("""
            {"type":"object","description":"The profile object exactly as cao-server returns it (null fields omitted).","properties":{
              "name":{"type":"string"},"description":{"type":"string"},"system_prompt":{"type":"string"},"provider":{"type":"string"},
              "role":{"type":"string"},"mcpServers":{"type":"object"},"allowedTools":{"type":"array","items":{"type":"string"}},
              "source":{"type":"string","description":"'local' when cao-ops read the profile itself because the server lacks the route"},
              "success":{"type":"boolean","description":"present (false) only on failure"},"message":{"type":"string"}},
             "additionalProperties":true}
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
