using ModelContextProtocol.Protocol;

namespace CaoOps.Mcp;

/// <summary>
/// Knows which JSON-RPC requests read from stdin still wait for their answer, so that on stdin EOF the server answers
/// everything it already received before the transport sees the end of input (the transport stops writing then).
/// A line counts as a request exactly when <see cref="JsonRpcLine"/> forwards it as one (the SDK then answers it);
/// a <c>notifications/cancelled</c> releases its request (the SDK then sends no answer). Once input has ended,
/// calls still running after a grace are cancelled (<see cref="Abandoned"/>) and answer with an error, so the
/// drain ends when the last answer is written, not when a clock runs out.
/// </summary>
internal sealed class RequestTracker : IDisposable
{
    private readonly Lock _lock = new();
    private readonly Dictionary<RequestId, int> _pending = [];
    private readonly CancellationTokenSource _abandon = new();
    private readonly TaskCompletionSource _drained = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _inputEnded;

    /// <summary>Cancelled when input has ended and the grace has passed: a call still running then answers "cancelled".</summary>
    public CancellationToken Abandoned => _abandon.Token;

    /// <summary>Looks at one input line before the transport reads it (tests; the server passes the verdict it made).</summary>
    public void Observe(ReadOnlySpan<byte> line) => Observe(JsonRpcLine.Classify(line));

    /// <summary>Counts a forwarded request; a forwarded <c>notifications/cancelled</c> releases its request (the SDK then sends no answer).</summary>
    public void Observe(in LineVerdict verdict)
    {
        if (verdict.Action != LineAction.Forward)
        {
            return;
        }

        if (verdict.IsRequest)
        {
            lock (_lock)
            {
                _pending[verdict.Id] = _pending.GetValueOrDefault(verdict.Id) + 1;
            }
        }
        else if (verdict.Cancelled is { } cancelled)
        {
            Release(cancelled);
        }
    }

    /// <summary>A response or error for this id was written (or could not be: either way nothing more will come).</summary>
    public void Answered(RequestId id) => Release(id);

    /// <summary>
    /// Called at stdin EOF: completes once every request read has been answered. Calls still running after
    /// <paramref name="grace"/> are cancelled and answer with an error; <paramref name="backstop"/> only guards against
    /// an answer that can never come (a handler that ignores cancellation).
    /// </summary>
    public async Task DrainAsync(TimeSpan grace, TimeSpan backstop, CancellationToken ct)
    {
        lock (_lock)
        {
            _inputEnded = true;
            if (_pending.Count == 0)
            {
                return;
            }
        }

        _abandon.CancelAfter(grace);
        try
        {
            await _drained.Task.WaitAsync(backstop, ct).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            int left;
            lock (_lock)
            {
                left = _pending.Count;
            }

            Log.Warn($"stdin closed; {left} request(s) still unanswered after {backstop.TotalSeconds:0} s, ending anyway");
        }
    }

    private void Release(RequestId id)
    {
        lock (_lock)
        {
            if (!_pending.TryGetValue(id, out var n))
            {
                return;
            }

            if (n > 1)
            {
                _pending[id] = n - 1;
            }
            else
            {
                _pending.Remove(id);
            }

            if (_inputEnded && _pending.Count == 0)
            {
                _drained.TrySetResult();
            }
        }
    }

    public void Dispose() => _abandon.Dispose();
}
