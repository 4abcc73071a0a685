namespace CaoOps.Testing;

/// <summary>
/// How a terminal's agent behaves when text or keys reach it. The default is <see cref="MockCli"/> (the captured
/// mock_cli). The others play what mock_cli cannot (cao-api-control.md §10): an agent that stops on a question, and
/// one whose turn C-c or Escape cancels back to <c>idle</c>.
/// </summary>
public sealed record AgentScript
{
    private AgentScript(AgentScriptKind kind, string? question, TimeSpan turn)
    {
        Kind = kind;
        Question = question;
        Turn = turn;
    }

    /// <summary>mock_cli: echoes each line as <c>&gt; MOCK: …</c>, sleeps on <c>__mock_sleep_N</c>, fails on
    /// <c>__mock_error__</c>, exits on <c>/exit</c>; C-c kills it and leaves a bare shell reading <c>processing</c>.</summary>
    public static AgentScript MockCli { get; } = new(AgentScriptKind.MockCli, null, TimeSpan.Zero);

    /// <summary>
    /// Each task first shows <c>APPROVAL_REQUIRED: &lt;question&gt;</c> and reads <c>waiting_user_answer</c> (the inbox
    /// holds messages meanwhile) until input or a key answers it; then it completes with
    /// <c>&gt; MOCK: &lt;task&gt; (answer: &lt;answer&gt;)</c>. Escape or C-c cancels the task back to <c>idle</c>.
    /// </summary>
    public static AgentScript Asking(string question = "Allow this action? [y/n/t]:") => new(AgentScriptKind.Asking, question, TimeSpan.Zero);

    /// <summary>Each task runs for <paramref name="turn"/> (processing); C-c or Escape cancels it back to <c>idle</c>
    /// with <c>Interrupted.</c> in the output, as a real agent CLI would.</summary>
    public static AgentScript Interruptible(TimeSpan turn) => new(AgentScriptKind.Interruptible, null, turn);

    public AgentScriptKind Kind { get; }

    /// <summary>The question an <see cref="AgentScriptKind.Asking"/> agent shows.</summary>
    public string? Question { get; }

    /// <summary>How long an <see cref="AgentScriptKind.Interruptible"/> agent's task runs.</summary>
    public TimeSpan Turn { get; }
}

/// <summary>The behaviours <see cref="AgentScript"/> offers.</summary>
public enum AgentScriptKind
{
    MockCli,
    Asking,
    Interruptible,
}
