using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Cao;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Tools.Workflows;

/// <summary>What the workflow tools share: name rules, reading specs and runs, and turning cao-server's errors into advice.</summary>
internal static partial class WorkflowApi
{
    public const string RunWarning = "It runs agents that make real changes: only when the user asked for this run.";

    public static readonly ParamRule NameRule = new(NameRegex(), "workflow names are letters, digits, '_', '-' or '.' (the script's file name without .py); list_workflows shows them");

    public static readonly ParamRule RunIdRule = new(RunIdRegex(), "run ids are 1-64 letters, digits, '_' or '-'");

    public static readonly ToolParameter RunId = new("run_id", ParamKind.String, "Run id.") { Required = true, Rule = RunIdRule };

    public static ToolParameter WaitSeconds(int defaultSeconds, string description) => new("wait_seconds", ParamKind.Integer, description)
    {
        Minimum = 0,
        Maximum = 600,
        DefaultJson = defaultSeconds.ToString(CultureInfo.InvariantCulture),
    };

    public static Task<ApiResponse> GetSpecAsync(ToolCall call, string name, CancellationToken ct) =>
        call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("workflows", name), $"Get workflow '{name}'"), ct);

    public static Task<ApiResponse> GetRunAsync(ToolCall call, string runId, CancellationToken ct) =>
        call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("workflows", "runs", runId), $"Get workflow run '{runId}'"), ct);

    public static bool IsNotFound(ApiResponse response) =>
        response.Failure == ApiFailure.Http && response.StatusCode == 404 && response.Detail != "Not Found";

    /// <summary>The error message, with advice for the cases cao-server words badly.</summary>
    public static string Failure(ApiResponse response, string? notFoundHint = null)
    {
        if (response.Ok)
        {
            return "cao-server answered with an unexpected payload";
        }

        var detail = response.Detail ?? string.Empty;
        if (response.StatusCode == 409 && detail.Length > 1 && detail[0] == '"' && detail[^1] == '"')
        {
            return response.Error!.Replace(detail, detail[1..^1], StringComparison.Ordinal) + " — choose another run_id, or omit it";
        }

        if (response.StatusCode == 422 && FindingsOf(detail) is { Count: > 0 } findings)
        {
            return response.Error!.Replace(detail, "the workflow fails lint: " + Describe(findings), StringComparison.Ordinal);
        }

        return response.Error + (IsNotFound(response) && notFoundHint is not null ? " — " + notFoundHint : string.Empty);
    }

    public static IReadOnlyList<LintFinding> Findings(JsonElement array) => array.ValueKind != JsonValueKind.Array ? [] :
        [.. array.EnumerateArray().Where(f => f.ValueKind == JsonValueKind.Object).Select(f => new LintFinding(
            Str(f, "rule_id") ?? string.Empty,
            Str(f, "severity") ?? string.Empty,
            f.TryGetProperty("line", out var l) && l.ValueKind == JsonValueKind.Number && l.TryGetInt32(out var n) ? n : null,
            Str(f, "message") ?? string.Empty))];

    /// <summary>"line 4 [missing-recovery-policy] error: step() declares no recovery policy …", one per finding.</summary>
    public static IReadOnlyList<string> Lines(IEnumerable<LintFinding> findings) =>
        [.. findings.Select(f => $"{(f.Line is { } l ? $"line {l.ToString(CultureInfo.InvariantCulture)} " : string.Empty)}[{f.RuleId}] {f.Severity}: {f.Message}")];

    public static string Describe(IEnumerable<LintFinding> findings) =>
        string.Join("; ", findings.Select(f => $"{(f.Line is { } l ? $"line {l.ToString(CultureInfo.InvariantCulture)} " : string.Empty)}[{f.RuleId}] {f.Message}"));

    /// <summary>The step rows of a run inspection.</summary>
    public static IReadOnlyList<RunStep> Steps(JsonElement run) =>
        run.TryGetProperty("steps", out var steps) && steps.ValueKind == JsonValueKind.Array
            ? [.. steps.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).Select(s => new RunStep(
                Str(s, "id") ?? string.Empty,
                Str(s, "state") ?? string.Empty,
                s.TryGetProperty("attempts", out var a) && a.ValueKind == JsonValueKind.Number && a.TryGetInt32(out var n) ? n : 0)
            {
                Error = Str(s, "error"),
            })]
            : [];

    /// <summary>"call-1 completed, call-2 running" (or "starting" before the script's first step).</summary>
    public static string Progress(IReadOnlyList<RunStep> steps) =>
        steps.Count == 0 ? "starting" : string.Join(", ", steps.Select(s => $"{s.Id} {s.State}"));

    private static List<LintFinding>? FindingsOf(string detailText)
    {
        try
        {
            using var doc = JsonDocument.Parse(detailText);
            return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("detail", out var d)
                && d.ValueKind == JsonValueKind.Object && d.TryGetProperty("findings", out var f)
                ? [.. Findings(f)]
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}\z")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}\\z")]
    private static partial Regex RunIdRegex();
}
