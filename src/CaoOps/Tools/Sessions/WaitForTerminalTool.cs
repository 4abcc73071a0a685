using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Tools.Sessions;

/// <summary>
/// Waits until a terminal reaches one of the given statuses, polling cao-server with backoff.
/// The rule that makes "send a message, then wait" race-free: while the terminal has work that has not visibly
/// started (a pending inbox message, or <c>after_message_id</c> not yet delivered), a status in <c>until</c> is a
/// leftover from the previous task and does not count. Once the work is delivered, the wait is satisfied by a status in
/// <c>until</c> only after the terminal showed it took the work: its status left <c>until</c> (e.g. processing) or its
/// last_active changed.
/// When the wait ends on <c>waiting_user_answer</c> it hands over the question (the cleaned end of the output). A
/// cao-server that stops answering during the wait (a restart: tmux keeps the agents running) is ridden out for up to
/// <see cref="CaoSettings.WaitOutage"/>, reported as progress; one that is unreachable when the wait begins fails it at once.
/// </summary>
internal static class WaitForTerminalTool
{
    /// <summary>How much of the output end comes back as the question (code points, then at most this many lines).</summary>
    public const int QuestionChars = 1500;

    public const int QuestionLines = 15;

    private static readonly string[] DefaultUntil = ["completed", "waiting_user_answer", "error"];
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

        var until = call.Args.StringArray("until") is { Count: > 0 } u ? u : DefaultUntil;
        var timeout = TimeSpan.FromSeconds(call.Args.Integer("timeout_seconds")!.Value);
        var afterMessage = call.Args.Integer("after_message_id");
        var cao = call.Services.Cao;
        var outageBudget = cao.Settings.WaitOutage;
        var clock = Stopwatch.StartNew();

        string? startActive = null;
        var workPending = afterMessage is not null; // work we must see start before a status in 'until' counts
        var sawWork = false;
        var delay = TimeSpan.FromMilliseconds(50);
        var first = true;
        string? lastReported = null;
        TimeSpan? outageSince = null; // when cao-server stopped answering
        var hadOutage = false;
        while (true)
        {
            var poll = await PollAsync(cao, id, afterMessage, ct).ConfigureAwait(false);
            if (poll.Unreachable is { } unreachable)
            {
                if (first)
                {
                    // Not reachable when the wait begins: a wrong address or a server that is down, not a restart mid-wait.
                    return Fail(unreachable);
                }

                outageSince ??= clock.Elapsed;
                hadOutage = true;
                var down = clock.Elapsed - outageSince.Value;
                if (down >= outageBudget)
                {
                    return Fail($"{unreachable} It has not answered for {Seconds(down)} s; wait_for_terminal gives up after {Seconds(outageBudget)} s (CAO_OPS_WAIT_OUTAGE). "
                        + "The agents keep running in tmux: once cao-server is back, call wait_for_terminal again.");
                }

                await call.ReportAsync(clock.Elapsed.TotalSeconds, timeout.TotalSeconds, $"cao-server not reachable for {Seconds(down)} s; retrying for up to {Seconds(outageBudget)} s").ConfigureAwait(false);
                if (clock.Elapsed + delay > timeout)
                {
                    return ToolOutcome.Success(SessionResults.Of(new WaitResult(true, $"cao-server has not answered for {Seconds(down)} s (it may be restarting); call wait_for_terminal again to keep waiting.")
                    {
                        Reached = false,
                        ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                        Until = until,
                    }));
                }

                await Task.Delay(delay, call.Services.Time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
                continue;
            }

            if (poll.Error is { } error)
            {
                return Fail(error);
            }

            if (outageSince is not null)
            {
                outageSince = null;
                await call.ReportAsync(clock.Elapsed.TotalSeconds, timeout.TotalSeconds, "cao-server answers again").ConfigureAwait(false);
            }

            var status = Str(poll.Terminal, "status");
            var active = Str(poll.Terminal, "last_active");
            if (first)
            {
                startActive = active;
                workPending |= poll.Pending > 0;
                first = false;
                if (afterMessage is { } messageId && poll.Pending == 0
                    && await ActiveSinceMessageAsync(cao, id, messageId, active, ct).ConfigureAwait(false))
                {
                    sawWork = true; // the message was delivered and the terminal has been active since: its task already ran
                }
            }

            var inUntil = status is not null && until.Contains(status);
            if (workPending && poll.Pending == 0 && (!inUntil || active != startActive))
            {
                sawWork = true; // the queued work reached the agent
            }

            var reached = inUntil && poll.Pending == 0 && (!workPending || sawWork);
            if (status != lastReported)
            {
                lastReported = status;
                await call.ReportAsync(clock.Elapsed.TotalSeconds, timeout.TotalSeconds, $"status {status ?? "null"} after {Seconds(clock.Elapsed)} s").ConfigureAwait(false);
            }

            if (reached || clock.Elapsed + delay > timeout)
            {
                var question = reached && status == "waiting_user_answer" ? await QuestionAsync(cao, id, ct).ConfigureAwait(false) : null;
                return ToolOutcome.Success(SessionResults.Of(new WaitResult(true, Message(reached, status, poll.Pending, timeout, clock.Elapsed, hadOutage, question is not null))
                {
                    Reached = reached,
                    Status = status,
                    ElapsedSeconds = Math.Round(clock.Elapsed.TotalSeconds, 3),
                    Until = until,
                    PendingMessages = poll.Pending,
                    Terminal = poll.Terminal,
                    Question = question,
                }));
            }

            await Task.Delay(delay, call.Services.Time, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>One look at the terminal and its inbox.</summary>
    private static async Task<Poll> PollAsync(CaoClient cao, string id, long? afterMessage, CancellationToken ct)
    {
        var terminal = await cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id), $"Wait for terminal '{id}'"), ct).ConfigureAwait(false);
        if (terminal.Failure == ApiFailure.Unreachable)
        {
            return new Poll(default, 0, null, terminal.Error);
        }

        if (!terminal.Ok)
        {
            return new Poll(default, 0, terminal.Error + ApiCalls.NotFoundHint(terminal, "the terminal is gone or the id is wrong"), null);
        }

        if (terminal.Json.ValueKind != JsonValueKind.Object)
        {
            return new Poll(default, 0, "Wait for terminal failed: invalid response payload", null);
        }

        var inbox = await cao.SendAsync(InboxRequest(id, "pending"), ct).ConfigureAwait(false);
        if (inbox.Failure == ApiFailure.Unreachable)
        {
            return new Poll(default, 0, null, inbox.Error);
        }

        if (!inbox.Ok)
        {
            return new Poll(default, 0, inbox.Error, null);
        }

        if (inbox.Json.ValueKind != JsonValueKind.Array)
        {
            return new Poll(default, 0, "Wait for terminal failed: invalid inbox payload", null);
        }

        var pending = inbox.Json.EnumerateArray().Count(m => afterMessage is null || IsMessage(m, afterMessage.Value));
        return new Poll(terminal.Json, pending, null, null);
    }

    /// <summary>
    /// Whether the terminal was active after inbox message <paramref name="messageId"/> was created (so a wait that starts
    /// late, or resumes after a cao-server outage, recognises a task that already finished). False when unknown.
    /// </summary>
    private static async Task<bool> ActiveSinceMessageAsync(CaoClient cao, string id, long messageId, string? lastActive, CancellationToken ct)
    {
        if (!DateTime.TryParse(lastActive, CultureInfo.InvariantCulture, DateTimeStyles.None, out var active))
        {
            return false;
        }

        var inbox = await cao.SendAsync(InboxRequest(id, "delivered"), ct).ConfigureAwait(false);
        if (!inbox.Ok || inbox.Json.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var m in inbox.Json.EnumerateArray())
        {
            if (IsMessage(m, messageId))
            {
                return Str(m, "created_at") is { } created && DateTime.TryParse(created, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) && active > at;
            }
        }

        return false;
    }

    /// <summary>The question the agent shows: the cleaned end of its output, bounded; null when it cannot be read.</summary>
    private static async Task<string?> QuestionAsync(CaoClient cao, string id, CancellationToken ct)
    {
        var response = await cao.SendAsync(TerminalOutput.Request(id, "full", $"Read the question of terminal '{id}'"), ct).ConfigureAwait(false);
        if (!response.Ok || !TerminalOutput.TryGetOutput(response.Json, out var raw))
        {
            return null;
        }

        var lines = TerminalText.Clean(raw).Split('\n').Select(l => l.TrimEnd()).ToList();
        while (lines.Count > 0 && lines[^1].Length == 0)
        {
            lines.RemoveAt(lines.Count - 1);
        }

        var text = string.Join('\n', lines.Skip(Math.Max(0, lines.Count - QuestionLines))).Trim('\n');
        return TerminalText.Tail(text, QuestionChars, out _, out _);
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

    /// <summary>A terminal's inbox messages in one delivery state (the newest 100).</summary>
    private static ApiRequest InboxRequest(string id, string status) =>
        new(HttpMethod.Get, CaoPath.Of("terminals", id, "inbox", "messages"), $"Read inbox of terminal '{id}'")
        {
            Query = [new("status", status), new("limit", "100")],
        };

    private static bool IsMessage(JsonElement m, long messageId) =>
        m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n == messageId;

    private static ToolOutcome Fail(string message) => ToolOutcome.Error(SessionResults.Of(new WaitResult(false, message)));

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>One poll: the terminal and its pending count, or a failure (Unreachable: cao-server did not answer at all).</summary>
    private readonly record struct Poll(JsonElement Terminal, int Pending, string? Error, string? Unreachable);
}
