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

    /// <summary>How the agent in this terminal behaves.</summary>
    public AgentScript Script { get; set; } = AgentScript.MockCli;

    /// <summary>False once the agent CLI exited (or C-c killed mock_cli): the pane is a bare shell.</summary>
    public bool CliAlive { get; set; } = true;

    /// <summary>The pane's live working directory (<c>GET /terminals/{id}/working-directory</c>); <c>cd</c> changes it.</summary>
    public string? Cwd { get; set; }

    /// <summary>A turn is running (the agent is busy); lines typed meanwhile wait in <see cref="TypedAhead"/>.</summary>
    public bool InTurn { get; set; }

    /// <summary>The running turn outlasts the submit delay, so a paste's second Enter lands while it runs.</summary>
    public bool LongTurn { get; set; }

    /// <summary>Lines typed while a turn runs, read by the agent after it.</summary>
    public Queue<string> TypedAhead { get; } = new();

    /// <summary>Characters typed with keys and not yet submitted with Enter.</summary>
    public StringBuilder KeyLine { get; } = new();

    /// <summary>An asking agent waits for the answer to this task.</summary>
    public string? QuestionTask { get; set; }

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
