using CaoOps.Cao;

namespace CaoOps.Resources;

/// <summary>Who hears about changes: the URIs it subscribed to (as the client wrote them) and whether it wants list changes.</summary>
internal sealed class WatchListener(Func<string, string?, Task> notify)
{
    /// <summary>Client URI → canonical URI.</summary>
    public Dictionary<string, string> Uris { get; } = new(StringComparer.Ordinal);

    public bool ListChanged { get; set; }

    public bool Active => Uris.Count > 0 || ListChanged;

    /// <summary>Held while notifications go out and while an unsubscribe takes effect: none is sent after unsubscribe answers.</summary>
    public SemaphoreSlim Sending { get; } = new(1, 1);

    /// <summary>Sends one notification: the method, and the URI for resources/updated (null for list_changed).</summary>
    public Task NotifyAsync(string method, string? uri) => notify(method, uri);
}

/// <summary>
/// One shared poller behind every subscription. It runs only while some listener is active, reads the overview
/// (GET /sessions and one GET /sessions/{name} per session) every <see cref="Interval"/> (every
/// <see cref="ListInterval"/> when only list changes are wanted, backing off to <see cref="MaxDelay"/> while
/// cao-server does not answer), and tells each listener which of its URIs changed. It stops when the last listener
/// goes and when the server shuts down.
/// </summary>
/// <param name="interval">Overrides <see cref="Interval"/> (and the list interval) in tests.</param>
internal sealed class ResourceWatcher(CaoClient cao, TimeProvider? time = null, TimeSpan? interval = null) : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan ListInterval = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(3);

    /// <summary>How long a new subscription waits for the first poll (its baseline) before it is acknowledged anyway.</summary>
    public static readonly TimeSpan BaselineWait = TimeSpan.FromSeconds(5);

    public const string UpdatedMethod = "notifications/resources/updated";
    public const string ListChangedMethod = "notifications/resources/list_changed";

    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Lock _gate = new();
    private readonly List<WatchListener> _listeners = [];
    private CancellationTokenSource? _stop;
    private Task? _loop;
    private TaskCompletionSource? _baseline;
    private bool _disposed;

    /// <summary>True while the poller runs (for tests and the debug log).</summary>
    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _stop is not null;
            }
        }
    }

    /// <summary>Adds a URI to <paramref name="listener"/> (registering it if new); completes once a baseline exists.</summary>
    public Task SubscribeAsync(WatchListener listener, string uri, CaoUri target)
    {
        Task baseline;
        lock (_gate)
        {
            listener.Uris[uri] = target.ToString();
            baseline = ActivateLocked(listener);
        }

        return WaitForBaselineAsync(baseline);
    }

    /// <summary>Removes a URI; once this completes no notification for it is sent any more.</summary>
    public async Task UnsubscribeAsync(WatchListener listener, string uri)
    {
        await listener.Sending.WaitAsync().ConfigureAwait(false);
        try
        {
            lock (_gate)
            {
                listener.Uris.Remove(uri);
                DeactivateLocked(listener);
            }
        }
        finally
        {
            listener.Sending.Release();
        }
    }

    /// <summary>Turns on list-change notifications for <paramref name="listener"/>.</summary>
    public void WatchList(WatchListener listener)
    {
        lock (_gate)
        {
            if (!listener.ListChanged)
            {
                listener.ListChanged = true;
                _ = ActivateLocked(listener);
            }
        }
    }

    /// <summary>Registers <paramref name="listener"/> as it is (a subscriptions/listen stream) until it is removed.</summary>
    public Task AddAsync(WatchListener listener)
    {
        Task baseline;
        lock (_gate)
        {
            baseline = ActivateLocked(listener);
        }

        return WaitForBaselineAsync(baseline);
    }

    public void Remove(WatchListener listener)
    {
        lock (_gate)
        {
            _listeners.Remove(listener);
            StopIfIdleLocked();
        }
    }

    private Task ActivateLocked(WatchListener listener)
    {
        if (_disposed || !listener.Active)
        {
            return Task.CompletedTask;
        }

        if (!_listeners.Contains(listener))
        {
            _listeners.Add(listener);
        }

        if (_stop is null)
        {
            _stop = new CancellationTokenSource();
            _baseline = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var (stop, baseline) = (_stop, _baseline);
            Log.Debug("resource watcher started");
            _loop = Task.Run(() => RunAsync(baseline, stop.Token));
        }

        return _baseline!.Task;
    }

    private void DeactivateLocked(WatchListener listener)
    {
        if (!listener.Active)
        {
            _listeners.Remove(listener);
        }

        StopIfIdleLocked();
    }

    private void StopIfIdleLocked()
    {
        if (_stop is not null && !_listeners.Any(l => l.Active))
        {
            _stop.Cancel();
            _stop = null;
            _baseline = null;
            Log.Debug("resource watcher stopped: nothing is subscribed");
        }
    }

    private async Task WaitForBaselineAsync(Task baseline)
    {
        try
        {
            await baseline.WaitAsync(BaselineWait, _time).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // cao-server is slow: acknowledge anyway; changes after the first poll are still reported.
        }
    }

    private async Task RunAsync(TaskCompletionSource baseline, CancellationToken ct)
    {
        WatchSnapshot? previous = null;
        var failures = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var (view, failure) = await CaoReads.OverviewAsync(cao, RequestTimeout, ct).ConfigureAwait(false);
                if (view is not null)
                {
                    var current = WatchSnapshot.From(view, previous);
                    if (previous is not null && WatchSnapshot.Diff(previous, current) is { Any: true } changes)
                    {
                        await NotifyAsync(changes, ct).ConfigureAwait(false);
                    }

                    previous = current;
                    failures = 0;
                }
                else
                {
                    failures++;
                    Log.Debug($"resource watcher: {failure?.Error}");
                }

                baseline.TrySetResult();
                await Task.Delay(NextDelay(failures), _time, ct).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
#pragma warning disable CA1031 // the poller must never take the server down
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Error($"resource watcher failed: {ex}");
        }
        finally
        {
            baseline.TrySetResult();
        }
    }

    private TimeSpan NextDelay(int failures)
    {
        bool subscribed;
        lock (_gate)
        {
            subscribed = _listeners.Any(l => l.Uris.Count > 0);
        }

        var delay = (interval ?? (subscribed ? Interval : ListInterval)) * Math.Pow(2, Math.Min(failures, 4));
        return delay < MaxDelay ? delay : MaxDelay;
    }

    private async Task NotifyAsync(WatchChanges changes, CancellationToken ct)
    {
        List<WatchListener> listeners;
        lock (_gate)
        {
            listeners = [.. _listeners];
        }

        foreach (var listener in listeners)
        {
            await listener.Sending.WaitAsync(ct).ConfigureAwait(false);
            try
            {
                List<string> uris;
                bool list;
                lock (_gate)
                {
                    // Read under the send gate: an unsubscribe that already answered is respected.
                    var current = _listeners.Contains(listener);
                    uris = current ? [.. listener.Uris.Where(u => changes.Updated.Contains(u.Value)).Select(u => u.Key)] : [];
                    list = current && listener.ListChanged && changes.ListChanged;
                }

                if (list)
                {
                    await listener.NotifyAsync(ListChangedMethod, null).WaitAsync(ct).ConfigureAwait(false);
                }

                foreach (var uri in uris)
                {
                    await listener.NotifyAsync(UpdatedMethod, uri).WaitAsync(ct).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // one listener whose stream is gone must not stop the others
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.Debug($"resource notification not sent: {ex.Message}");
            }
            finally
            {
                listener.Sending.Release();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_gate)
        {
            _disposed = true;
            _listeners.Clear();
            loop = _loop;
            StopIfIdleLocked();
        }

        if (loop is not null)
        {
            await loop.ConfigureAwait(false);
        }
    }
}
