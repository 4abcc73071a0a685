namespace CaoOps.Resources;

/// <summary>
/// A value loaded on demand and reused while fresh; concurrent callers share one load. Completion asks on every
/// keystroke, so this keeps cao-server at one request per list per <c>fresh</c> interval.
/// </summary>
internal sealed class Cached<T>(Func<Task<T>> load, TimeSpan fresh, TimeProvider time)
{
    private readonly Lock _gate = new();
    private Task<T>? _task;
    private long _stamp;

    public Task<T> GetAsync()
    {
        lock (_gate)
        {
            var stale = _task is null || _task.IsFaulted || _task.IsCanceled || (_task.IsCompleted && time.GetElapsedTime(_stamp) > fresh);
            if (stale)
            {
                _stamp = time.GetTimestamp();
                _task = load();
            }

            return _task!;
        }
    }
}
