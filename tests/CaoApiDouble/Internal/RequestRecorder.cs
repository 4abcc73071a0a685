namespace CaoOps.Testing.Internal;

/// <summary>Thread-safe, arrival-ordered log of every request the double received.</summary>
internal sealed class RequestRecorder
{
    private readonly Lock _gate = new();
    private readonly List<RecordedRequest> _requests = [];
    private readonly bool _enabled;

    public RequestRecorder(bool enabled) => _enabled = enabled;

    public void Add(RecordedRequest request)
    {
        if (!_enabled)
        {
            return;
        }

        lock (_gate)
        {
            _requests.Add(request);
        }
    }

    public IReadOnlyList<RecordedRequest> Snapshot()
    {
        lock (_gate)
        {
            return [.. _requests];
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _requests.Clear();
        }
    }

    public async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = Snapshot().FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"No matching request arrived within {timeout}.");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }
}
