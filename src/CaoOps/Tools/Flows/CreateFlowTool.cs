using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tools.Flows;

/// <summary>
/// <c>create_flow</c>. cao-server writes the flow file before it checks anything, so a duplicate name overwrites the
/// existing flow's prompt (and answers 500 with raw SQL) and a rejected schedule leaves a file behind: everything is
/// checked here first, and an existing flow is never touched.
/// </summary>
internal static class CreateFlowTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "create_flow",
        Title = "Schedule a flow",
        Toolset = Toolsets.Flows,
        Description = "Schedule recurring agent work: each cron tick launches session cao-flow-<name> with agent_profile and sends prompt_template. Refuses an existing name (never overwrites). Numeric weekdays are stored as names (CAO counts 0 as Monday).",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: false, OpenWorld: false),
        Parameters =
        [
            FlowApi.Name,
            new("schedule", ParamKind.String, "5 cron fields, cao-server local time, e.g. '0 9 * * mon-fri'.") { Required = true },
            new("agent_profile", ParamKind.String, "Agent profile to launch.") { Required = true, Rule = Identifiers.AgentProfile },
            new("provider", ParamKind.String, "e.g. claude_code (default kiro_cli).") { EmptyIsAbsent = true },
            new("prompt_template", ParamKind.String, "What the agent is told at each run.") { Required = true },
        ],
        Output = OutputSchemas.For(FlowsJsonContext.Default.FlowResult),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var name = call.Args.String("name")!;
        var profile = call.Args.String("agent_profile")!;
        var given = call.Args.String("provider");
        var provider = given is null ? null : CommonParameters.Providers.FirstOrDefault(p => string.Equals(p, given, StringComparison.OrdinalIgnoreCase));
        if (given is not null && provider is null)
        {
            return Fail($"Invalid provider '{given}' (valid: {string.Join(", ", CommonParameters.Providers)}). Nothing was created.");
        }

        var prompt = call.Args.String("prompt_template")!;
        if (CronCheck.Normalise(call.Args.String("schedule")!, out var cronError, out var rewritten) is not { } schedule)
        {
            return Fail($"Invalid schedule: {cronError}. Nothing was created.");
        }

        if (PromptProblem(prompt) is { } promptError)
        {
            return Fail($"Invalid prompt_template: {promptError}. Nothing was created.");
        }

        var (existing, probe) = await FlowApi.GetAsync(call, name, ct).ConfigureAwait(false);
        if (existing is not null)
        {
            return Fail($"A flow named '{name}' already exists (schedule '{existing.Schedule}', agent {existing.AgentProfile}, {(existing.Enabled ? "enabled" : "disabled")}); "
                + "nothing was changed. Choose another name, or delete_flow it first.");
        }

        if (!FlowApi.IsMissing(probe))
        {
            return Fail(FlowApi.Failure(probe));
        }

        var body = JsonBuild.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("schedule", schedule);
            w.WriteString("agent_profile", profile);
            if (provider is not null)
            {
                w.WriteString("provider", provider);
            }

            w.WriteString("prompt_template", prompt);
            w.WriteEndObject();
        });
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Post, "/flows", $"Create flow '{name}'") { Body = body }, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return Fail(response.Detail?.Contains("UNIQUE constraint failed", StringComparison.Ordinal) == true
                ? $"Create flow '{name}' failed: a flow with that name was created by someone else meanwhile, and cao-server has already written this prompt into its file (its schedule is unchanged). Check it with get_flow."
                : response.Error!);
        }

        if (response.Json.ValueKind != JsonValueKind.Object)
        {
            return Fail("Create flow failed: invalid response payload");
        }

        var flow = FlowApi.Parse(response.Json) with { PromptTemplate = prompt.Trim() };
        var note = rewritten ? $" Day-of-week was written as names ('{schedule.Split(' ')[4]}') because CAO's scheduler counts numeric weekdays from Monday." : string.Empty;
        return ToolOutcome.Success(FlowApi.Of(new FlowResult(true,
            $"Created flow '{name}': '{schedule}' (cao-server local time), next run {flow.NextRun ?? "unknown"}; each run launches session {FlowApi.SessionOf(name)} with agent {profile}.{note}")
        { Flow = flow }));
    }

    private static string? PromptProblem(string prompt)
    {
        if (string.IsNullOrWhiteSpace(prompt))
        {
            return "it is empty";
        }

        if (prompt.Any(c => char.IsControl(c) && c is not ('\n' or '\r' or '\t')))
        {
            return "it contains control characters (only newlines and tabs are allowed)";
        }

        var placeholders = FlowApi.Placeholders(prompt);
        return placeholders.Count == 0 ? null
            : $"it uses {string.Join(", ", placeholders.Select(p => $"[[{p}]]"))}, which only a flow script can fill, and flows created here have none (every run would fail). Write the value into the prompt";
    }

    private static ToolOutcome Fail(string message) => ToolOutcome.Error(Results.Failure(message));
}
