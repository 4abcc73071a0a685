using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Profiles;

internal static class InstallProfileTool
{
    public static readonly ToolDefinition Definition = new()
    {
        Name = "install_profile",
        Title = "Install an agent profile",
        Toolset = Toolsets.Profiles,
        Description = "Install an agent profile for a provider on the cao-server machine, by name or https URL (local files: CLI only).",
        Hints = new ToolHints(ReadOnly: false, Destructive: false, Idempotent: true, OpenWorld: true),
        Parameters =
        [
            new("source", ParamKind.String, "Profile name or https:// URL of a .md profile.") { Required = true },
            CommonParameters.Provider("Default: the profile's provider, else kiro_cli."),
            new("env_vars", ParamKind.StringMap, "Values for ${VAR} placeholders (secrets: never echoed).") { Rule = Identifiers.EnvVarName },
        ],
        Output = OutputSchemas.For(ProfileToolsJsonContext.Default.InstallResult),
        Failure = (message, _) => ProfileResults.Of(Failed(message)),
        Handler = RunAsync,
    };

    internal static InstallResult Failed(string message) => new(false, message, null, null, null, null, null, null);

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var source = call.Args.String("source")!;
        var provider = call.Args.String("provider");
        var env = call.Args.StringMap("env_vars");
        var operation = $"Install profile '{source}'";
        var isUrl = source.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || source.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
        if (!isUrl && !Identifiers.InstallName.Pattern.IsMatch(source))
        {
            var looksLikePath = source.Contains('/', StringComparison.Ordinal) || source.Contains('\\', StringComparison.Ordinal) || source.EndsWith(".md", StringComparison.OrdinalIgnoreCase);
            return ToolOutcome.Error(ProfileResults.Of(Failed(looksLikePath
                ? $"{operation} failed: local file paths cannot be installed through MCP (the path would be read on the cao-server machine). Use the CLI on that machine: cao-ops install {source}"
                : $"{operation} failed: invalid profile name '{source}': {Identifiers.InstallName.Explanation}")));
        }

        var body = JsonBuild.Write(w =>
        {
            w.WriteStartObject();
            w.WriteString("source", source);
            if (provider is not null)
            {
                w.WriteString("provider", provider);
            }

            if (env is { Count: > 0 })
            {
                w.WriteStartObject("env_vars");
                foreach (var (key, value) in env)
                {
                    w.WriteString(key, value);
                }

                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Post, "/agents/profiles/install", operation) { Body = body }, ct).ConfigureAwait(false);
        if (ProfileFallback.RouteMissing(response))
        {
            return await InstallLocallyAsync(call, source, provider, env, operation, ct).ConfigureAwait(false);
        }

        if (!response.Ok)
        {
            return ToolOutcome.Error(ProfileResults.Of(Failed(Redact(response.Error!, env))));
        }

        if (FromPayload(response.Json) is not { } result)
        {
            return ToolOutcome.Error(ProfileResults.Of(Failed("Install profile failed: invalid response payload")));
        }

        return new ToolOutcome(ProfileResults.Of(result with { Message = Redact(result.Message, env) }), !result.Success);
    }

    private static async Task<ToolOutcome> InstallLocallyAsync(ToolCall call, string source, string? provider, IReadOnlyDictionary<string, string>? env, string operation, CancellationToken ct)
    {
        if (ProfileFallback.Refusal(call.Services.Cao, operation) is { } refusal)
        {
            return ToolOutcome.Error(ProfileResults.Of(Failed(refusal)));
        }

        var local = await call.Services.Profiles.InstallAsync(source, provider, env, allowLocalFile: false, ct).ConfigureAwait(false);
        if (FromPayload(local.Json) is not { } result)
        {
            return ToolOutcome.Error(ProfileResults.Of(Failed($"{operation} failed: {Redact(local.Detail ?? "local install failed", env)}") with { Source = "local" }));
        }

        var message = result.Success ? result.Message : $"{operation} failed: {Redact(result.Message, env)}";
        return new ToolOutcome(ProfileResults.Of(result with { Message = message, Source = "local" }), !result.Success);
    }

    /// <summary>The 8 InstallResult keys from the server's answer; null when it is not that shape.</summary>
    internal static InstallResult? FromPayload(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("success", out var s) || s.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            return null;
        }

        string? Str(string key) => json.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        IReadOnlyList<string>? vars = json.TryGetProperty("unresolved_vars", out var u) && u.ValueKind == JsonValueKind.Array
            ? [.. u.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!)]
            : null;
        return new InstallResult(s.GetBoolean(), Str("message") ?? string.Empty, Str("agent_name"), Str("context_file"), Str("agent_file"), vars, Str("source_kind"), Str("provider"));
    }

    /// <summary>Secrets never appear in error text, even if a server echoes them.</summary>
    internal static string Redact(string message, IReadOnlyDictionary<string, string>? env) =>
        env is null ? message : SecretText.Mask(message, env.Values, minLength: 3);
}
