using System.Globalization;

namespace CaoOps.Tools.Sessions;

/// <summary>
/// Waits until a terminal reaches one of the given statuses, polling cao-server with backoff (<see cref="TerminalWaiter"/>,
/// shared with <c>cao-ops run</c>). The rule that makes "send a message, then wait" race-free: while the terminal has work that has not visibly
/// started (a pending inbox message, or <c>after_message_id</c> not yet delivered), a status in <c>until</c> is a
/// leftover from the previous task and does not count. Once the work is delivered, the wait is satisfied by a status in
/// <c>until</c> only after the terminal showed it took the work: its status left <c>until</c> (e.g. processing) or its
/// last_active changed.
/// When the wait ends on <c>waiting_user_answer</c> it hands over the question (the cleaned end of the output). A
/// cao-server that stops answering during the wait (a restart: tmux keeps the agents running) is ridden out for up to
/// <see cref="Cao.CaoSettings.WaitOutage"/>, reported as progress; one that is unreachable when the wait begins fails it at once.
/// </summary>
internal static class WaitForTerminalTool
{
    /// <summary>How much of the output end comes back as the question (code points, then at most this many lines).</summary>
    public const int QuestionChars = TerminalWaiter.QuestionChars;

    public const int QuestionLines = TerminalWaiter.QuestionLines;

    private const int DefaultTimeoutSeconds = 50;
    private const int MaxTimeoutSeconds = 600;

    public static readonly ToolDefinition Definition = new()
    {
        Name = "wait_for_terminal",
        Title = "Wait for a terminal",
        Toolset = Toolsets.Sessions,
        Description = "Wait until a terminal reaches a status in 'until' (default completed, waiting_user_answer, error). Safe right after send_session_message (queued work or a stale status does not end it).",
        Hints = ToolHints.Read,
        Parameters =
        [
            .. CommonParameters.TerminalOrSession,
            new("until", ParamKind.StringArray, "Statuses that end the wait.")
            {
                Rule = Identifiers.TerminalStatus,
            },
            new("timeout_seconds", ParamKind.Integer, "Keep under your client's tool-call timeout.")
            {
                Minimum = 1,
                Maximum = MaxTimeoutSeconds,
                DefaultJson = DefaultTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            },
            new("after_message_id", ParamKind.Integer, "message_id from send_session_message.") { Minimum = 0 },
        ],
        Output = OutputSchemas.For(SessionsJsonContext.Default.WaitResult),
        Failure = (message, _) => SessionResults.Of(new WaitResult(false, message)),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var (id, failure) = await SessionNames.TerminalIdAsync(call, ct).ConfigureAwait(false);
        if (id is null)
        {
            return ToolOutcome.Error(failure!.Value);
        }

        var until = call.Args.StringArray("until") is { Count: > 0 } u ? u : TerminalWaiter.DefaultUntil;
        var timeout = TimeSpan.FromSeconds(call.Args.Integer("timeout_seconds")!.Value);
        var outageBudget = call.Services.Cao.Settings.WaitOutage;
        var wait = await TerminalWaiter.WaitAsync(call.Services.Cao, call.Services.Time, id, until, timeout, call.Args.Integer("after_message_id"), call.Progress, ct).ConfigureAwait(false);
        if (wait.Error is { } error)
        {
            return Fail(wait.EndedInOutage
                ? $"{error} It has not answered for {Seconds(wait.OutageSeconds)} s; wait_for_terminal gives up after {Seconds(outageBudget)} s (CAO_OPS_WAIT_OUTAGE). "
                    + "The agents keep running in tmux: once cao-server is back, call wait_for_terminal again."
                : error);
        }

        if (wait.EndedInOutage)
        {
            return ToolOutcome.Success(SessionResults.Of(new WaitResult(true, $"cao-server has not answered for {Seconds(wait.OutageSeconds)} s (it may be restarting); call wait_for_terminal again to keep waiting.")
            {
                Reached = false,
                ElapsedSeconds = Math.Round(wait.Elapsed.TotalSeconds, 3),
                Until = until,
            }));
        }

        return ToolOutcome.Success(SessionResults.Of(new WaitResult(true, Message(wait.Reached, wait.Status, wait.Pending, timeout, wait.Elapsed, wait.HadOutage, wait.Question is not null))
        {
            Reached = wait.Reached,
            Status = wait.Status,
            ElapsedSeconds = Math.Round(wait.Elapsed.TotalSeconds, 3),
            Until = until,
            PendingMessages = wait.Pending,
            Terminal = wait.Terminal,
            Question = wait.Question,
        }));
    }

    private static string Message(bool reached, string? status, int pending, TimeSpan timeout, TimeSpan elapsed, bool hadOutage, bool question)
    {
        if (reached)
        {
            return status == "waiting_user_answer"
                ? $"Terminal reached 'waiting_user_answer' after {Seconds(elapsed)} s: the agent asks a question{(question ? " (see 'question')" : string.Empty)}. Answer with send_terminal_input (text) or send_terminal_key (a key, e.g. y or Enter), then wait again."
                : $"Terminal reached '{status}' after {Seconds(elapsed)} s";
        }

        if (status == "unknown")
        {
            return $"Still 'unknown' after {Seconds(timeout)} s{(hadOutage ? " (cao-server restarted during the wait)" : string.Empty)}: after a restart cao-server reports 'unknown' until the terminal prints something new, "
                + "so a worker that finished meanwhile never reads 'completed'. Check get_terminal_output (mode 'full'); if it is done, send its next task (send_session_message) or read its answer; otherwise wait again.";
        }

        return $"Still '{status}' after {Seconds(timeout)} s{(pending > 0 ? $" with {pending} message(s) not yet delivered" : string.Empty)}; call wait_for_terminal again to keep waiting";
    }

    private static ToolOutcome Fail(string message) => ToolOutcome.Error(SessionResults.Of(new WaitResult(false, message)));

    private static string Seconds(TimeSpan t) => TerminalWaiter.Seconds(t);

    private static string Seconds(double s) => TerminalWaiter.Seconds(TimeSpan.FromSeconds(s));
}
