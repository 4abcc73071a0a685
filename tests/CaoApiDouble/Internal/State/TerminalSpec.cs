using System.Text.Json;

namespace CaoOps.Testing.Internal.State;

/// <summary>What to create in <see cref="CaoState.AddTerminalLocked"/>.</summary>
internal sealed record TerminalSpec(string? AgentProfile, string Provider, string Status)
{
    public string? Id { get; init; }

    public string? WindowName { get; init; }

    public string? CallerId { get; init; }

    public List<string>? AllowedTools { get; init; }

    public List<string>? Group { get; init; }

    public JsonElement? Metadata { get; init; }

    public string? WorkingDirectory { get; init; }
}
