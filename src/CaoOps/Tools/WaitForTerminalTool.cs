using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools;

/// <summary>
/// Waits until a terminal reaches one of the given statuses, polling cao-server with backoff.
/// The rule that makes "send a message, then wait" race-free: while the terminal has work that has not visibly
/// started (a pending inbox message, or <c>after_message_id</c> not yet delivered), a status in <c>until</c> is a
/// leftover from the previous task and does not count. Once the work is delivered, the wait is satisfied by a status in
/// <c>until</c> only after the terminal showed it took the work: its status left <c>until</c> (e.g. processing) or its
/// last_active changed.
/// </summary>
internal static class WaitForTerminalTool
{
    private static readonly string[] DefaultUntil = ["completed", "waiting_user_answer", "error"];
    private const int DefaultTimeoutSeconds = 50;
    private const int MaxTimeoutSeconds = 600;

    public static readonly ToolDefinition Definition = new()
    {
        Name = "wait_for_terminal",
        Title = "Wait for a terminal",
        Toolset = Toolsets.Sessions,
        Description = "Wait (up to timeout_seconds) until an agent's terminal reaches a status in 'until' (default: completed, waiting_user_answer or error) instead of polling get_terminal_status. Give terminal_id, or session_name for a session with one terminal. Safe right after send_session_message: a queued message or a status left over from the previous task does not end the wait. Pass after_message_id (from send_session_message) to wait for that message's task. A timeout is a normal result with reached=false. Sends progress notifications when asked.",
        Hints = ToolHints.Read,
        Parameters =
        [
            .. CommonParameters.TerminalOrSession,
            new("until", ParamKind.StringArray, "Statuses that end the wait. Default [\"completed\",\"waiting_user_answer\",\"error\"].")
            {
                Rule = Identifiers.TerminalStatus,
            },
            new("timeout_seconds", ParamKind.Integer, $"How long to wait at most (1-{MaxTimeoutSeconds}, default {DefaultTimeoutSeconds}; keep it under your client's tool-call timeout).")
            {
                Minimum = 1,
                Maximum = MaxTimeoutSeconds,
                DefaultJson = DefaultTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
            },
            new("after_message_id", ParamKind.Integer, "Inbox message id returned by send_session_message: wait for the task that message started.") { Minimum = 0 },
        ],
        OutputSchema = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "success":{"type":"boolean"},
              "reached":{"type":"boolean","description":"true when the status is one of 'until'; false on timeout"},
              "status":{"type":["string","null"]},"elapsed_seconds":{"type":"number"},
              "until":{"type":"array","items":{"type":"string"}},
              "pending_messages":{"type":"integer","description":"inbox messages still waiting for delivery"},
              "terminal":{"type":"object","description":"the terminal as get_terminal_status returns it"},
              "message":{"type":"string"}},
             "required":["success"]}
            """),
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
        var timeout = TimeSpan.FromSeconds(call.Args.Integer("timeout_seconds") ?? DefaultTimeoutSeconds);
        var afterMessage = call.Args.Integer("after_message_id");
        var cao = call.Services.Cao;
        var clock = Stopwatch.StartNew();

        string? startActive = null;
        var workPending = afterMessage is not null; // work we must see start before a status in 'until' counts
        var sawWork = false;
        var delay = TimeSpan.FromMilliseconds(50);
        var first = true;
        string? lastReported = null;
        while (true)
        {
            var terminal = await cao.SendAsync(new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id), $"Wait for terminal '{id}'"), ct).ConfigureAwait(false);
            if (!terminal.Ok)
            {
                return ToolOutcome.Error(Results.Failure(terminal.Error + ApiCalls.NotFoundHint(terminal, "the terminal is gone or the id is wrong")));
            }

            if (terminal.Json.ValueKind != JsonValueKind.Object)
            {
                return ToolOutcome.Error(Results.Failure("Wait for terminal failed: invalid response payload"));
            }

            var status = Str(terminal.Json, "status");
            var active = Str(terminal.Json, "last_active");
            var pending = await PendingAsync(cao, id, afterMessage, ct).ConfigureAwait(false);
            if (pending.Error is { } error)
            {
                return ToolOutcome.Error(Results.Failure(error));
            }

            if (first)
            {
                startActive = active;
                workPending |= pending.Count > 0;
                first = false;
            }

            var inUntil = status is not null && until.Contains(status);
            if (workPending && pending.Count == 0 && (!inUntil || active != startActive))
            {
                sawWork = true; // the queued work reached the agent
            }

            var reached = inUntil && pending.Count == 0 && (!workPending || sawWork);
            if (status != lastReported)
            {
                lastReported = status;
                await call.ReportAsync(clock.Elapsed.TotalSeconds, timeout.TotalSeconds, $"status {status ?? "null"} after {Seconds(clock.Elapsed)} s").ConfigureAwait(false);
            }

            if (reached || clock.Elapsed + delay > timeout)
            {
                return ToolOutcome.Success(Result(reached, status, clock.Elapsed, until, pending.Count, terminal.Json, timeout));
            }

            await Task.Delay(delay, call.Services.Time, ct).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 1000));
        }
    }

    /// <summary>How many inbox messages still wait for delivery (only <paramref name="messageId"/> when given).</summary>
    private static async Task<(int Count, string? Error)> PendingAsync(CaoClient cao, string id, long? messageId, CancellationToken ct)
    {
        var request = new ApiRequest(HttpMethod.Get, CaoPath.Of("terminals", id, "inbox", "messages"), $"Read inbox of terminal '{id}'")
        {
            Query = [new("status", "pending"), new("limit", "100")],
        };
        var response = await cao.SendAsync(request, ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return (0, response.Error);
        }

        if (response.Json.ValueKind != JsonValueKind.Array)
        {
            return (0, "Wait for terminal failed: invalid inbox payload");
        }

        var count = response.Json.EnumerateArray().Count(m => messageId is null
            || (m.ValueKind == JsonValueKind.Object && m.TryGetProperty("id", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out var n) && n == messageId));
        return (count, null);
    }

    private static JsonElement Result(bool reached, string? status, TimeSpan elapsed, IReadOnlyList<string> until, int pending, JsonElement terminal, TimeSpan timeout) => JsonBuild.Write(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("success", true);
        w.WriteBoolean("reached", reached);
        if (status is null)
        {
            w.WriteNull("status");
        }
        else
        {
            w.WriteString("status", status);
        }

        w.WriteNumber("elapsed_seconds", Math.Round(elapsed.TotalSeconds, 3));
        w.WriteStartArray("until");
        foreach (var s in until)
        {
            w.WriteStringValue(s);
        }

        w.WriteEndArray();
        w.WriteNumber("pending_messages", pending);
        w.WritePropertyName("terminal");
        terminal.WriteTo(w);
        w.WriteString("message", reached
            ? $"Terminal reached '{status}' after {Seconds(elapsed)} s"
            : $"Still '{status}' after {Seconds(timeout)} s{(pending > 0 ? $" with {pending} message(s) not yet delivered" : string.Empty)}; call wait_for_terminal again to keep waiting");
        w.WriteEndObject();
    });

    private static string? Str(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
