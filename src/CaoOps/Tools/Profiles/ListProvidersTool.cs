using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Profiles;

/// <summary>list_providers: the provider CLIs cao-server knows and which are installed (<c>GET /agents/providers</c>).</summary>
internal static class ListProvidersTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "list_providers",
        Title = "List provider CLIs",
        Toolset = Toolsets.Profiles,
        Description = "Agent CLIs (providers) cao-server knows, and which are installed.",
        Hints = ToolHints.Read,
        Output = OutputSchemas.For(ProfileToolsJsonContext.Default.ProvidersResult),
        Failure = (message, _) => Results.Of(new ProvidersResult(false, message), ProfileToolsJsonContext.Default.ProvidersResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, "/agents/providers", "List providers"), ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            var old = response.StatusCode == 404 && response.Detail == "Not Found" ? " — this cao-server predates the providers route; upgrade it, or pass provider explicitly." : string.Empty;
            return ToolOutcome.Error(Definition.Failure(response.Error + old, null));
        }

        if (response.Json.ValueKind != JsonValueKind.Array)
        {
            return ToolOutcome.Error(Definition.Failure("List providers failed: invalid response payload", null));
        }

        var installed = response.Json.EnumerateArray()
            .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("installed", out var i) && i.ValueKind == JsonValueKind.True)
            .Select(p => p.TryGetProperty("name", out var n) ? n.GetString() : null)
            .ToList();
        var message = installed.Count == 0
            ? $"{response.Json.GetArrayLength()} providers known; none installed on the cao-server machine."
            : $"{installed.Count} of {response.Json.GetArrayLength()} providers installed: {string.Join(", ", installed)}.";
        return ToolOutcome.Success(Results.Of(new ProvidersResult(true, message) { Providers = response.Json }, ProfileToolsJsonContext.Default.ProvidersResult));
    }
}
