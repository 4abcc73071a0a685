using CaoOps.Cao;

namespace CaoOps.Tools;

internal static class GetProfileDetailsTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "get_profile_details",
        Title = "Get agent profile details",
        Description = "Show one agent profile as cao-server loads it: description, provider, role, system prompt, MCP servers, tools and other settings.",
        Hints = ToolHints.Read,
        Parameters =
        [
            new("name", ParamKind.String, "Profile name, as listed by list_profiles (e.g. developer).") { Required = true, Rule = Identifiers.ProfileName },
        ],
        OutputSchema = """
            {"type":"object","description":"The profile object exactly as cao-server returns it (null fields omitted).","properties":{
              "name":{"type":"string"},"description":{"type":"string"},"system_prompt":{"type":"string"},"provider":{"type":"string"},
              "role":{"type":"string"},"mcpServers":{"type":"object"},"allowedTools":{"type":"array","items":{"type":"string"}},
              "success":{"type":"boolean","description":"present (false) only on failure"},"message":{"type":"string"}},
             "additionalProperties":true}
            """,
        Handler = RunAsync,
    };

    private static Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var request = new ApiRequest(HttpMethod.Get, CaoPath.Of("agents", "profiles", name), $"Get profile details for '{name}'");
        return ApiCalls.ObjectAsync(call, request, "Get profile details failed: invalid response payload", ct,
            r => ApiCalls.NotFoundHint(r, "list_profiles shows the profiles cao-server can load, and install_profile adds one"));
    }
}
