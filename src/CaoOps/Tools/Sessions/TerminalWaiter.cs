using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;
using static CaoOps.Cao.JsonFields;

namespace CaoOps.Tools.Sessions;

/// <summary>
/// The race-free wait that wait_for_terminal and <c>cao-ops run</c> share: polls a terminal with backoff until it reaches
/// a status in <c>until</c>. While the terminal has work that has not visibly started (a pending inbox message, or
/// <c>after_message_id</c> not yet delivered), a status in <c>until</c> is a leftover from the previous task and does not
/// count. Once the work is delivered, a status in <c>until</c> counts only after the terminal showed it took the work:
/// its status left <c>until</c> (e.g. processing) or its last_active changed. On <c>waiting_user_answer</c> it reads the
/// question (the cleaned end of the output). A cao-server that stops answering during the wait (a restart: tmux keeps
/// the agents running) is ridden out for up to <see cref="CaoSettings.WaitOutage"/>; one that is unreachable when the
/// wait begins fails it at once.
/// </summary>
internal static class TerminalWaiter
{
    /// <summary>How much of the output end comes back as the question (code points, then at most this many lines).</summary>
    public const int QuestionChars = 1500;

    public const int QuestionLines = 15;

    public static readonly IReadOnlyList<string> DefaultUntil = ["completed", "waiting_user_answer", "error"];

    public static async Task<TerminalWait> WaitAsync(CaoClient cao, TimeProvider time, string id, IReadOnlyList<string> until, TimeSpan timeout, long? afterMessage, ProgressReporter? progress, CancellationToken ct)
    {
        var outageBudget = cao.Settings.WaitOutage;
        var clock = Stopwatch.StartNew();
        ValueTask Report(string message) => progress is null ? ValueTask.CompletedTask : progress(clock.Elapsed.TotalSeconds, timeout.TotalSeconds, message);

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
                    return TerminalWait.Failed(unreachable, ApiFailure.Unreachable, 0, clock.Elapsed);
                }

                outageSince ??= clock.Elapsed;
                hadOutage = true;
                var down = clock.Elapsed - outageSince.Value;
                if (down >= outageBudget)
                {
                    return TerminalWait.Failed(unreachable, ApiFailure.Unreachable, 0, clock.Elapsed) with { OutageSeconds = down.TotalSeconds, HadOutage = true, EndedInOutage = true };
                }

                await Report($"cao-server not reachable for {Seconds(down)} s; retrying for up to {Seconds(outageBudget)} s").ConfigureAwait(false);
                if (clock.Elapsed + delay > timeout)
                {
                    return new TerminalWait { Reached = false, Elapsed = clock.Elapsed, HadOutage = true, EndedInOutage = true, OutageSeconds = down.TotalSeconds };
                }

                await Task.Delay(delay, time, ct).ConfigureAwait(false);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
                continue;
            }

            if (poll.Error is { } error)
            {
                return TerminalWait.Failed(error, poll.Failure, poll.StatusCode, clock.Elapsed);
            }

            if (outageSince is not null)
            {
                outageSince = null;
                await Report("cao-server answers again").ConfigureAwait(false);
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
                await Report($"status {status ?? "null"} after {Seconds(clock.Elapsed)} s").ConfigureAwait(false);
            }

            if (reached || clock.Elapsed + delay > timeout)
            {
                var question = reached && status == "waiting_user_answer" ? await QuestionAsync(cao, id, ct).ConfigureAwait(false) : null;
                return new TerminalWait
                {
                    Reached = reached,
                    Status = status,
                    Elapsed = clock.Elapsed,
                    Pending = poll.Pending,
                    Terminal = poll.Terminal,
                    Question = question,
                    HadOutage = hadOutage,
                };
            }

            await Task.Delay(delay, time, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>One look at the terminal and its inbox.</summary>
    private static async Task<Poll> PollAsync(CaoClient cao, string id, long? afterMessage, CancellationToken ct)
    {
        var terminal = await cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id), $"Wait for terminal '{id}'"), ct).ConfigureAwait(false);
        if (terminal.Failure == ApiFailure.Unreachable)
        {
            return new Poll(default, 0, null, terminal.Error, ApiFailure.Unreachable, 0);
        }

        if (!terminal.Ok)
        {
            return new Poll(default, 0, terminal.Error + ApiCalls.NotFoundHint(terminal, "the terminal is gone or the id is wrong"), null, terminal.Failure, terminal.StatusCode);
        }

        if (terminal.Json.ValueKind != JsonValueKind.Object)
        {
            return new Poll(default, 0, "Wait for terminal failed: invalid response payload", null, ApiFailure.InvalidJson, terminal.StatusCode);
        }

        var inbox = await cao.SendAsync(InboxRequest(id, "pending"), ct).ConfigureAwait(false);
        if (inbox.Failure == ApiFailure.Unreachable)
        {
            return new Poll(default, 0, null, inbox.Error, ApiFailure.Unreachable, 0);
        }

        if (!inbox.Ok)
        {
            return new Poll(default, 0, inbox.Error, null, inbox.Failure, inbox.StatusCode);
        }

        if (inbox.Json.ValueKind != JsonValueKind.Array)
        {
            return new Poll(default, 0, "Wait for terminal failed: invalid inbox payload", null, ApiFailure.InvalidJson, inbox.StatusCode);
        }

        var pending = inbox.Json.EnumerateArray().Count(m => afterMessage is null || IsMessage(m, afterMessage.Value));
        return new Poll(terminal.Json, pending, null, null, ApiFailure.None, terminal.StatusCode);
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

    /// <summary>A terminal's inbox messages in one delivery state (the newest 100).</summary>
    private static ApiRequest InboxRequest(string id, string status) =>
        new(HttpMethod.Get, CaoPath.Of("terminals", id, "inbox", "messages"), $"Read inbox of terminal '{id}'")
        {
            Query = [new("status", status), new("limit", "100")],
        };

    private static bool IsMessage(JsonElement m, long messageId) =>
        m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n == messageId;

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);

    /// <summary>One poll: the terminal and its pending count, or a failure (Unreachable: cao-server did not answer at all).</summary>
    private readonly record struct Poll(JsonElement Terminal, int Pending, string? Error, string? Unreachable, ApiFailure Failure, int StatusCode);
}

/// <summary>How a <see cref="TerminalWaiter"/> wait ended: a failure (<see cref="Error"/>), or reached / timed out.</summary>
internal sealed record TerminalWait
{
    /// <summary>Why the wait failed (it could not follow the terminal); null when it reached a status or timed out.</summary>
    public string? Error { get; init; }

    /// <summary>What kind of failure: Unreachable (cao-server did not answer), Http (see <see cref="FailureStatus"/>), …</summary>
    public ApiFailure Failure { get; init; }

    public int FailureStatus { get; init; }

    public bool Reached { get; init; }

    public string? Status { get; init; }

    public TimeSpan Elapsed { get; init; }

    public int Pending { get; init; }

    public JsonElement? Terminal { get; init; }

    public string? Question { get; init; }

    /// <summary>cao-server stopped answering at some point during the wait.</summary>
    public bool HadOutage { get; init; }

    /// <summary>The wait ended while cao-server was not answering (a timeout or the outage budget spent).</summary>
    public bool EndedInOutage { get; init; }

    /// <summary>How long the last outage had lasted when the wait ended during it (0 otherwise).</summary>
    public double OutageSeconds { get; init; }

    public static TerminalWait Failed(string error, ApiFailure failure, int status, TimeSpan elapsed) =>
        new() { Error = error, Failure = failure, FailureStatus = status, Elapsed = elapsed };
}
