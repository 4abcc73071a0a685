using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Profiles;

/// <summary>find_profiles: cao-server's ranked profile search (<c>GET /agents/profiles/search</c>).</summary>
internal static class FindProfilesTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "find_profiles",
        Title = "Find agent profiles",
        Toolset = Toolsets.Profiles,
        Description = "Search agent profiles by keywords, best match first.",
        Hints = ToolHints.Read,
        Parameters =
        [
            new("query", ParamKind.String, "Keywords, e.g. \"code review\".") { Required = true },
            new("limit", ParamKind.Integer, "At most this many.") { Minimum = 1, Maximum = 100, DefaultJson = "10" },
        ],
        Output = OutputSchemas.For(ProfileToolsJsonContext.Default.ProfileSearchResult),
        Failure = (message, _) => Results.Of(new ProfileSearchResult(false, message), ProfileToolsJsonContext.Default.ProfileSearchResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var query = call.Args.String("query")!;
        var request = new ApiRequest(HttpMethod.Get, "/agents/profiles/search", $"Search profiles for '{query}'")
        {
            Query = [new("q", query), new("limit", call.Args.Integer("limit")!.Value.ToString(CultureInfo.InvariantCulture))],
        };
        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            var old = response.StatusCode == 404 ? " — this cao-server predates profile search; list_profiles lists every profile." : string.Empty;
            return ToolOutcome.Error(Definition.Failure(response.Error + old, null));
        }

        if (response.Json.ValueKind != JsonValueKind.Array)
        {
            return ToolOutcome.Error(Definition.Failure("Search profiles failed: invalid response payload", null));
        }

        var count = response.Json.GetArrayLength();
        var message = count == 0
            ? $"No profile matches '{query}' (only letters and digits count); list_profiles shows them all."
            : $"{count} profile(s) match '{query}', best first.";
        return ToolOutcome.Success(Results.Of(new ProfileSearchResult(true, message) { Profiles = response.Json }, ProfileToolsJsonContext.Default.ProfileSearchResult));
    }
}
