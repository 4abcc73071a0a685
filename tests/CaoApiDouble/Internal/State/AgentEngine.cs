using System.Text.RegularExpressions;

namespace CaoOps.Testing.Internal.State;

/// <summary>
/// What happens inside a terminal when text is pasted (<c>/input</c>, inbox delivery, initial messages, <c>/exit</c>)
/// or a key is pressed (<c>/key</c>), per <see cref="AgentScript"/>. Modelled on the captured mock_cli
/// (cao-api-control.md §4–6, §10): the tty echoes what is typed, a busy agent reads typed-ahead lines after its turn,
/// C-c kills mock_cli and leaves a bare shell that runs whatever is typed next. Every member ending in "Locked" runs
/// under <see cref="CaoState.Gate"/>.
/// </summary>
internal sealed partial class AgentEngine
{
    private readonly CaoState _state;
    private readonly TimeSpan _echoDelay;
    private readonly TimeSpan _sleepUnit;

    public AgentEngine(CaoState state, TimeSpan echoDelay, TimeSpan sleepUnit)
    {
        _state = state;
        _echoDelay = echoDelay;
        _sleepUnit = sleepUnit;
    }

    /// <summary>The <c>/input</c> path: clear the rolling buffer, paste <paramref name="text"/>, press Enter twice (mock_cli).</summary>
    public void PasteLocked(TerminalRecord t, string text)
    {
        t.Buffer.Clear();
        t.LastActive = DateTime.Now;
        if (!t.CliAlive)
        {
            t.Append(text);
            ShellSim.SubmitLocked(t, text, Env(t));
            SecondEnterLocked(t);
            return;
        }

        if (t.QuestionTask is not null && !t.InTurn)
        {
            t.Append(text + "\r\n");
            AnswerLocked(t, text, fromPaste: true);
            return;
        }

        if (t.InTurn)
        {
            // typed ahead: the tty echoes it now, the agent reads it after its turn
            t.Append(text + "\r\n");
            t.TypedAhead.Enqueue(text);
            if (t.Script.Kind == AgentScriptKind.MockCli)
            {
                t.Append("\r\n");
                t.TypedAhead.Enqueue(string.Empty);
            }

            return;
        }

        t.Append(text + "\r\n");
        StartLineLocked(t, text, fromPaste: true);
    }

    /// <summary>The <c>/key</c> path: one tmux key, no paste, no Enter added, no buffer clearing.</summary>
    public void KeyLocked(TerminalRecord t, string key)
    {
        t.LastActive = DateTime.Now;
        var (raw, echo) = KeyText(key);
        if (!t.CliAlive)
        {
            ShellKeyLocked(t, key, raw);
            return;
        }

        var scripted = t.Script.Kind != AgentScriptKind.MockCli;
        if (key == "C-c")
        {
            if (!scripted)
            {
                KillLocked(t);
            }
            else if (t.InTurn || t.QuestionTask is not null)
            {
                CancelLocked(t, "^C\r\n");
            }
            else
            {
                t.Append("^C");
            }

            return;
        }

        if (key == "Escape" && scripted && (t.InTurn || t.QuestionTask is not null))
        {
            CancelLocked(t, "\r\n");
            return;
        }

        if (t.QuestionTask is not null && !t.InTurn)
        {
            if (key == "Enter")
            {
                var line = t.KeyLine.Length > 0 ? t.KeyLine.ToString() : "Enter";
                t.KeyLine.Clear();
                t.Append("\r\n");
                AnswerLocked(t, line, fromPaste: false);
            }
            else if (key.Length == 1)
            {
                t.Append(key + "\r\n");
                AnswerLocked(t, key, fromPaste: false);
            }

            // arrows, Tab, Space move the selection of a picker: nothing to show
            return;
        }

        if (key == "Enter")
        {
            t.Append("\r\n");
            var line = t.KeyLine.ToString();
            t.KeyLine.Clear();
            if (t.InTurn)
            {
                t.TypedAhead.Enqueue(line);
            }
            else if (line.Length == 0)
            {
                t.Append("❯ ");
            }
            else
            {
                StartLineLocked(t, line, fromPaste: false);
            }

            return;
        }

        t.Append(echo);
        t.KeyLine.Append(raw);
    }

    /// <summary>Seeding: cancels any turn so a forced status sticks.</summary>
    public static void ResetLocked(TerminalRecord t)
    {
        t.WorkId++;
        t.InTurn = false;
        t.LongTurn = false;
        t.TypedAhead.Clear();
        t.QuestionTask = null;
    }

    private void StartLineLocked(TerminalRecord t, string line, bool fromPaste)
    {
        if (line.Trim() == "/exit")
        {
            ExitCliLocked(t, fromPaste);
            return;
        }

        switch (t.Script.Kind)
        {
            case AgentScriptKind.Asking:
                {
                    var work = BeginTurnLocked(t, longTurn: false);
                    Schedule(t, work, _echoDelay, () =>
                    {
                        t.Append($"APPROVAL_REQUIRED: {t.Script.Question} ");
                        t.InTurn = false;
                        t.QuestionTask = line;
                        t.Status = "waiting_user_answer";
                        t.LastActive = DateTime.Now;
                    });
                    return;
                }

            case AgentScriptKind.Interruptible:
                {
                    var work = BeginTurnLocked(t, longTurn: true);
                    Schedule(t, work, t.Script.Turn, () => ReplyLocked(t, line, fromPaste: false));
                    return;
                }
        }

        if (MockSleep().Match(line) is { Success: true } sleep)
        {
            var seconds = int.Parse(sleep.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var work = BeginTurnLocked(t, longTurn: true);
            if (fromPaste)
            {
                // the second Enter arrives while mock_cli sleeps
                t.Append("\r\n");
                t.TypedAhead.Enqueue(string.Empty);
            }

            Schedule(t, work, _sleepUnit * seconds, () =>
            {
                t.Append($"> MOCK: slept {seconds}s\r\n❯ ");
                t.LastOutput = $"slept {seconds}s";
                EndTurnLocked(t);
            });
            return;
        }

        if (line == "__mock_error__")
        {
            var work = BeginTurnLocked(t, longTurn: false);
            Schedule(t, work, _echoDelay, () =>
            {
                t.Append("ERROR: mock failure injected\r\n❯ " + (fromPaste ? "\r\n❯ " : string.Empty));
                t.InTurn = false;
                t.Status = "error"; // sticky: the error line stays in the buffer and only /input (refused) clears it
                t.LastActive = DateTime.Now;
            });
            return;
        }

        var echo = BeginTurnLocked(t, longTurn: false);
        Schedule(t, echo, _echoDelay, () => ReplyLocked(t, line, fromPaste));
    }

    private void ReplyLocked(TerminalRecord t, string line, bool fromPaste)
    {
        t.Append($"> MOCK: {line}\r\n❯ " + (fromPaste ? "\r\n❯ " : string.Empty));
        t.LastOutput = line;
        EndTurnLocked(t);
    }

    private void AnswerLocked(TerminalRecord t, string answer, bool fromPaste)
    {
        var task = t.QuestionTask!;
        t.QuestionTask = null;
        var work = BeginTurnLocked(t, longTurn: false);
        Schedule(t, work, _echoDelay, () => ReplyLocked(t, $"{task} (answer: {answer})", fromPaste));
    }

    /// <summary>The turn is over: the agent reads what was typed meanwhile, then shows its prompt.</summary>
    private void EndTurnLocked(TerminalRecord t)
    {
        t.InTurn = false;
        t.LongTurn = false;
        while (t.TypedAhead.Count > 0)
        {
            var line = t.TypedAhead.Dequeue();
            if (line.Length == 0)
            {
                t.Append("❯ ");
            }
            else if (t.Script.Kind == AgentScriptKind.MockCli && !MockSleep().IsMatch(line) && line is not ("__mock_error__" or "/exit"))
            {
                // mock_cli answers at once; the reply lands after the prompt, so mode=last keeps the earlier reply
                t.Append($"> MOCK: {line}\r\n❯ ");
            }
            else
            {
                StartLineLocked(t, line, fromPaste: false);
                if (t.InTurn || !t.CliAlive || t.QuestionTask is not null)
                {
                    return;
                }
            }
        }

        t.Status = "completed";
        t.LastActive = DateTime.Now;
        _state.DeliverPendingLocked(t);
    }

    private long BeginTurnLocked(TerminalRecord t, bool longTurn)
    {
        t.InTurn = true;
        t.LongTurn = longTurn;
        t.Status = "processing";
        t.LastActive = DateTime.Now;
        return ++t.WorkId;
    }

    private void Schedule(TerminalRecord t, long work, TimeSpan delay, Action action) =>
        _state.RunLater(delay, () =>
        {
            lock (_state.Gate)
            {
                if (t.WorkId == work && _state.Terminals.ContainsKey(t.Id))
                {
                    action();
                }
            }
        });

    /// <summary>A scripted agent's turn or question cancelled by C-c/Escape: back to its prompt, idle.</summary>
    private void CancelLocked(TerminalRecord t, string prefix)
    {
        ResetLocked(t);
        t.Append(prefix + "Interrupted.\r\n❯ ");
        t.Status = "idle";
        _state.DeliverPendingLocked(t);
    }

    /// <summary>C-c kills mock_cli (a bash script): the pane returns to the shell and, with no ❯ prompt, reads processing.</summary>
    private static void KillLocked(TerminalRecord t)
    {
        ResetLocked(t);
        t.KeyLine.Clear();
        t.CliAlive = false;
        t.Append("^C\r\n" + ShellSim.Prompt(t));
        if (t.Status != "error")
        {
            t.Status = "processing";
        }
    }

    private void ExitCliLocked(TerminalRecord t, bool fromPaste)
    {
        ResetLocked(t);
        t.CliAlive = false;
        t.Append("goodbye\r\n" + ShellSim.Prompt(t));
        if (t.Status != "error")
        {
            t.Status = "processing";
        }

        if (fromPaste)
        {
            SecondEnterLocked(t);
        }
    }

    private void SecondEnterLocked(TerminalRecord t)
    {
        if (t.CliAlive)
        {
            t.Append("\r\n❯ ");
        }
        else
        {
            ShellSim.SubmitLocked(t, string.Empty, Env(t));
        }
    }

    private void ShellKeyLocked(TerminalRecord t, string key, string raw)
    {
        switch (key)
        {
            case "Enter":
                var line = t.KeyLine.ToString();
                t.KeyLine.Clear();
                ShellSim.SubmitLocked(t, line, Env(t));
                break;
            case "C-c":
                t.KeyLine.Clear();
                t.Append("^C\r\n" + ShellSim.Prompt(t));
                break;
            default:
                if (raw.Length == 1 && !char.IsControl(raw[0]))
                {
                    t.Append(raw);
                    t.KeyLine.Append(raw);
                }

                break;
        }
    }

    private Dictionary<string, string> Env(TerminalRecord t)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal) { ["HOME"] = "/root", ["USER"] = "root", ["PWD"] = t.Cwd ?? "/" };
        if (_state.Sessions.TryGetValue(t.SessionName, out var session) && session.EnvVars is { } vars)
        {
            foreach (var (k, v) in vars)
            {
                env[k] = v;
            }
        }

        return env;
    }

    /// <summary>What the key sends to the program, and what the tty echoes for it.</summary>
    private static (string Raw, string Echo) KeyText(string key)
    {
        switch (key)
        {
            case "Enter":
                return ("\r", "\r\n");
            case "Escape":
                return ("\u001b", "^[");
            case "Up":
                return ("\u001b[A", "^[[A");
            case "Down":
                return ("\u001b[B", "^[[B");
            case "Right":
                return ("\u001b[C", "^[[C");
            case "Left":
                return ("\u001b[D", "^[[D");
            case "Tab":
                return ("\t", "\t");
            case "Space":
                return (" ", " ");
        }

        if (key.Length == 1)
        {
            return (key, key);
        }

        var c = key[2];
        return key[0] switch
        {
            'C' when char.IsAsciiLetter(c) => (((char)(char.ToUpperInvariant(c) - 64)).ToString(), "^" + char.ToUpperInvariant(c)),
            'M' => ("\u001b" + c, "^[" + c),
            'S' => (char.ToUpperInvariant(c).ToString(), char.ToUpperInvariant(c).ToString()),
            _ => (string.Empty, string.Empty),
        };
    }

    [GeneratedRegex(@"\A__mock_sleep_([0-9]{1,6})\z")]
    private static partial Regex MockSleep();
}
