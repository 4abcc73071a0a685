using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Cao;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Tools.Flows;

/// <summary>What the flow tools share: the name rule, the flow's session name, and reading a flow.</summary>
internal static partial class FlowApi
{
    public const string SessionPrefix = "cao-flow-";

    public static readonly ParamRule NameRule = new(NameRegex(), "flow names are 1-64 letters, digits, '_' or '-'");

    public static readonly ToolParameter Name = new("name", ParamKind.String, "Flow name.") { Required = true, Rule = NameRule };

    public static string SessionOf(string flow) => SessionPrefix + flow;

    /// <summary><c>[[var]]</c> placeholders: only a flow script can fill them (cao-server fails the run otherwise).</summary>
    public static IReadOnlyList<string> Placeholders(string prompt) =>
        [.. PlaceholderRegex().Matches(prompt).Select(m => m.Groups[1].Value).Distinct().Order(StringComparer.Ordinal)];

    /// <summary>GET /flows/{name}: the flow, or null with the failure (a 404 says how to find the right name).</summary>
    public static async Task<(FlowInfo? Flow, ApiResponse Response)> GetAsync(ToolCall call, string name, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("flows", name), $"Get flow '{name}'"), ct).ConfigureAwait(false);
        return (response.Ok && response.Json.ValueKind == JsonValueKind.Object ? Parse(response.Json) : null, response);
    }

    public static bool IsMissing(ApiResponse response) =>
        response.Failure == ApiFailure.Http && response.StatusCode == 404 && response.Detail?.StartsWith("Flow '", StringComparison.Ordinal) == true;

    public static string Failure(ApiResponse response) => response.Ok
        ? "cao-server answered with something that is not a flow"
        : response.Error + (IsMissing(response) ? " — list_flows shows the flows that exist" : string.Empty);

    public static FlowInfo Parse(JsonElement flow, bool withDetails = true) => new(
        Str(flow, "name") ?? string.Empty,
        Str(flow, "schedule") ?? string.Empty,
        Str(flow, "agent_profile") ?? string.Empty,
        Str(flow, "provider"),
        flow.TryGetProperty("enabled", out var e) && e.ValueKind == JsonValueKind.True)
    {
        NextRun = Str(flow, "next_run"),
        LastRun = Str(flow, "last_run"),
        PromptTemplate = withDetails ? Str(flow, "prompt_template") : null,
        FilePath = withDetails ? Str(flow, "file_path") : null,
        Script = Str(flow, "script") is { Length: > 0 } script ? script : null,
    };

    public static JsonElement Of(FlowResult r) => Results.Of(r, FlowsJsonContext.Default.FlowResult);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex NameRegex();

    [GeneratedRegex(@"\[\[(\w+)\]\]")]
    private static partial Regex PlaceholderRegex();
}
