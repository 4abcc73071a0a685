using System.Numerics;
using System.Text;
using System.Text.RegularExpressions;
using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary>The <c>/terminals/{terminal_id}</c> routes other than the inbox.</summary>
internal sealed partial class TerminalHandlers
{
    private static readonly string[] Modes = ["full", "last"];
    private static readonly string[] OrchestrationTypes = ["send_message", "handoff", "assign"];
    private static readonly UTF8Encoding LenientUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly CaoState _state;

    public TerminalHandlers(ServerContext ctx) => _state = ctx.State;

    public Task<ApiResponse> Get(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            return Task.FromResult(_state.Terminals.TryGetValue(id, out var terminal)
                ? ApiResponse.Json(200, TerminalJson.Of(terminal))
                : NotFound(id));
        }
    }

    public Task<ApiResponse> Output(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        var mode = p.OptionalEnumQuery("mode", Modes) ?? "full";
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            if (!_state.Terminals.TryGetValue(id, out var terminal))
            {
                return Task.FromResult(NotFound(id));
            }

            string? output = terminal.Buffer.ToString();
            if (mode == "last")
            {
                (output, var extractionError) = CaoState.LastOutput(terminal);
                if (extractionError is not null)
                {
                    return Task.FromResult(ApiResponse.Detail(500, extractionError));
                }
            }

            return Task.FromResult(ApiResponse.Json(200, new JObj { { "output", output }, { "mode", mode } }));
        }
    }

    public Task<ApiResponse> OutputRange(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        var offset = p.IntQuery("offset", required: true, defaultValue: null, ge: 0);
        var length = p.IntQuery("length", required: true, defaultValue: null, ge: 1, le: 1024 * 1024);
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        string data;
        lock (_state.Gate)
        {
            // The log is read by id without an existence check: unknown ids give "".
            data = _state.Terminals.TryGetValue(id, out var terminal) ? Slice(terminal.Log.ToString(), offset!.Value, length!.Value) : string.Empty;
        }

        return Task.FromResult(ApiResponse.Json(200, new JObj
        {
            { "terminal_id", id },
            { "offset", offset!.Value },
            { "length", length!.Value },
            { "data", data },
        }));
    }

    public Task<ApiResponse> Input(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        var message = p.RequiredQuery("message");
        var orchestration = p.OptionalEnumQuery("orchestration_type", OrchestrationTypes);
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            if (!_state.Terminals.TryGetValue(id, out var terminal))
            {
                return Task.FromResult(NotFound(id));
            }

            if (terminal.Status == "error")
            {
                return Task.FromResult(ApiResponse.Detail(409, ErrorState(id)));
            }

            if (terminal.Status == "waiting_user_answer" && orchestration is "assign" or "handoff")
            {
                return Task.FromResult(ApiResponse.Detail(409, $"Terminal {id} is waiting for a user answer. Use answer_user_prompt to submit a selection or approval before sending {orchestration} input."));
            }

            _state.StartWorkLocked(terminal, message!);
            return Task.FromResult(ApiResponse.Json(200, new JObj { { "success", true } }));
        }
    }

    public Task<ApiResponse> Exit(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            if (!_state.Terminals.TryGetValue(id, out var terminal))
            {
                return Task.FromResult(ApiResponse.Detail(404, $"Terminal {id} not found in database"));
            }

            // mock_cli's exit command is the text "/exit", sent through the /input path (and its ERROR guard, mapped to 500 here).
            if (terminal.Status == "error")
            {
                return Task.FromResult(ApiResponse.Detail(500, $"Failed to exit terminal: {ErrorState(id)}"));
            }

            _state.StartWorkLocked(terminal, "/exit");
            return Task.FromResult(ApiResponse.Json(200, new JObj { { "success", true } }));
        }
    }

    public Task<ApiResponse> Key(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        var key = p.RequiredQuery("key");
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        if (!TmuxKey().IsMatch(key!))
        {
            return Task.FromResult(ApiResponse.Detail(400, "Invalid tmux key name. Allowed keys are arrow keys, Enter, Tab, Escape, Space, single alphanumeric keys, and C-/M-/S- modifier combos."));
        }

        lock (_state.Gate)
        {
            if (!_state.Terminals.TryGetValue(id, out var terminal))
            {
                return Task.FromResult(NotFound(id));
            }

            _state.Agents.KeyLocked(terminal, key!);
            return Task.FromResult(ApiResponse.Json(200, new JObj { { "success", true } }));
        }
    }

    public Task<ApiResponse> WorkingDirectory(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            return Task.FromResult(_state.Terminals.TryGetValue(id, out var terminal)
                ? ApiResponse.Json(200, new JObj { { "working_directory", terminal.Cwd } })
                : NotFound(id));
        }
    }

    public Task<ApiResponse> Delete(ApiRequest request)
    {
        var p = new Params(request);
        var id = p.TerminalId("terminal_id");
        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        lock (_state.Gate)
        {
            if (!_state.Terminals.TryGetValue(id, out var terminal))
            {
                // HEAD maps "nothing deleted" to the cleanup-deferred 409.
                return Task.FromResult(ApiResponse.Detail(409, $"cleanup deferred for terminal '{id}'; retry delete after residual Grok processes exit"));
            }

            _state.RemoveTerminalLocked(terminal);
            return Task.FromResult(ApiResponse.Json(200, new JObj { { "success", true } }));
        }
    }

    internal static ApiResponse NotFound(string id) => ApiResponse.Detail(404, $"Terminal '{id}' not found");

    private static string ErrorState(string id) => $"Terminal {id} provider is in ERROR state (provider process may have exited). Refusing to deliver input.";

    private static string Slice(string log, BigInteger offset, BigInteger length)
    {
        var bytes = Encoding.UTF8.GetBytes(log);
        if (offset >= bytes.Length)
        {
            return string.Empty;
        }

        var start = (int)offset;
        var count = (int)BigInteger.Min(length, bytes.Length - start);
        return LenientUtf8.GetString(bytes, start, count);
    }

    [GeneratedRegex(@"\A(Up|Down|Left|Right|Enter|Tab|Escape|Space|[A-Za-z0-9]|[CMS]-[A-Za-z0-9])\z")]
    private static partial Regex TmuxKey();
}
