using System.Numerics;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Model;

/// <summary>
/// The validated <c>AgentProfile</c> model (CAO 2.4.1). Property order is the model's field order,
/// which is also the key order of <c>GET /agents/profiles/{name}</c>.
/// Mapping-typed fields keep the loaded Python-like values (<see cref="PyDict"/>) so that key
/// order and value types pass through unchanged.
/// </summary>
internal sealed class AgentProfile
{
    public required string Name { get; init; }

    public required string Description { get; init; }

    public string? Provider { get; init; }

    public string? SystemPrompt { get; init; }

    public string? Role { get; init; }

    /// <summary><c>v2</c> or <c>kas</c>.</summary>
    public string? Engine { get; init; }

    public IReadOnlyList<string>? Skills { get; init; }

    public IReadOnlyList<string>? Capabilities { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Normalised container config: <c>{path_maps: [{host, guest}]}</c>, null fields omitted.</summary>
    public PyDict? Container { get; init; }

    public BigInteger? ProviderInitTimeout { get; init; }

    public string? Prompt { get; init; }

    public PyDict? McpServers { get; init; }

    public IReadOnlyList<string>? Tools { get; init; }

    public PyDict? ToolAliases { get; init; }

    public IReadOnlyList<string>? AllowedTools { get; init; }

    public PyDict? ToolsSettings { get; init; }

    public IReadOnlyList<string>? Resources { get; init; }

    public PyDict? Hooks { get; init; }

    public bool? UseLegacyMcpJson { get; init; }

    public string? Model { get; init; }

    public string? PermissionMode { get; init; }

    public string? NativeAgent { get; init; }

    public string? CodexProfile { get; init; }

    public PyDict? CodexConfig { get; init; }

    public string? HermesProfile { get; init; }

    public PyDict? ClaudeConfig { get; init; }

    public bool? GrokNativeWorkflows { get; init; }

    /// <summary>The model as <c>model_dump(exclude_none=True)</c>: non-null fields in field order.</summary>
    public PyDict Dump()
    {
        var d = new PyDict();
        void Add(string key, object? value)
        {
            if (value is not null)
            {
                d.Set(key, value);
            }
        }

        static PyList? L(IReadOnlyList<string>? l)
        {
            if (l is null)
            {
                return null;
            }

            var pl = new PyList();
            foreach (var s in l)
            {
                pl.Add(s);
            }

            return pl;
        }

        Add("name", Name);
        Add("description", Description);
        Add("provider", Provider);
        Add("system_prompt", SystemPrompt);
        Add("role", Role);
        Add("engine", Engine);
        Add("skills", L(Skills));
        Add("capabilities", L(Capabilities));
        Add("tags", L(Tags));
        Add("container", Container);
        Add("provider_init_timeout", ProviderInitTimeout);
        Add("prompt", Prompt);
        Add("mcpServers", McpServers);
        Add("tools", L(Tools));
        Add("toolAliases", ToolAliases);
        Add("allowedTools", L(AllowedTools));
        Add("toolsSettings", ToolsSettings);
        Add("resources", L(Resources));
        Add("hooks", Hooks);
        Add("useLegacyMcpJson", UseLegacyMcpJson);
        Add("model", Model);
        Add("permissionMode", PermissionMode);
        Add("native_agent", NativeAgent);
        Add("codexProfile", CodexProfile);
        Add("codexConfig", CodexConfig);
        Add("hermesProfile", HermesProfile);
        Add("claudeConfig", ClaudeConfig);
        Add("grokNativeWorkflows", GrokNativeWorkflows);
        return d;
    }
}
