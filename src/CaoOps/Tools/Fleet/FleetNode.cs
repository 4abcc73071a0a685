using CaoOps.Cao;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tools.Fleet;

/// <summary>One cao-server of the fleet: its registry entry and the client that talks to it.</summary>
internal sealed class FleetNode(string name, CaoSettings settings, string? label, string? os, string? role) : IDisposable
{
    private readonly CaoClient _client = new(settings);
    private ToolServices? _services;

    public string Name { get; } = name;

    public string? Label { get; } = label;

    public string? Os { get; } = os;

    public string? Role { get; } = role;

    public CaoSettings Settings { get; } = settings;

    public ToolServices Services => _services ??= new ToolServices(_client);

    public CaoClient Client => _client;

    public void Dispose() => _client.Dispose();
}
