using System.Text;
using System.Text.Json;

namespace CaoOps.Testing.Internal.State;

/// <summary>One simulated terminal (tmux window running a mock provider CLI).</summary>
internal sealed class TerminalRecord
{
    /// <summary>cao-server's StatusMonitor keeps about this many characters for <c>mode=full</c>.</summary>
    public const int BufferMax = 32768;

    public required string Id { get; init; }

    public required string WindowName { get; init; }

    public required string Provider { get; init; }

    public required string SessionName { get; init; }

    public string? AgentProfile { get; init; }

    public string? CallerId { get; init; }

    public List<string>? AllowedTools { get; init; }

    public string? Engine { get; init; }

    public List<string>? Group { get; init; }

    public JsonElement? Metadata { get; init; }

    public string? WorkingDirectory { get; init; }

    public string Status { get; set; } = "unknown";

    public DateTime LastActive { get; set; } = DateTime.Now;

    /// <summary>The rolling buffer returned by <c>mode=full</c>; cleared whenever input is delivered.</summary>
    public StringBuilder Buffer { get; } = new();

    /// <summary>The append-only log read by <c>/output/range</c>.</summary>
    public StringBuilder Log { get; } = new();

    /// <summary>What <c>mode=last</c> returns; null until the first response.</summary>
    public string? LastOutput { get; set; }

    /// <summary>Bumped whenever work starts or the status is forced, so stale completions are dropped.</summary>
    public long WorkId { get; set; }

    public void Append(string text)
    {
        Buffer.Append(text);
        if (Buffer.Length > BufferMax)
        {
            Buffer.Remove(0, Buffer.Length - BufferMax);
        }

        Log.Append(text);
    }
}
