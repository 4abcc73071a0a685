using System.Collections.Concurrent;
using CaoOps.Cao;

namespace CaoOps.Tools.Workflows;

/// <summary>A blocking run or resume request that cao-ops keeps open until the run ends.</summary>
internal sealed class RunWatch(Task<ApiResponse> response)
{
    /// <summary>cao-server's WorkflowRunResult (with the script's <c>output</c>) once the run ends, or the failure.</summary>
    public Task<ApiResponse> Response { get; } = response;

    public DateTime? CompletedUtc { get; set; }
}

/// <summary>
/// cao-server returns a script's emitted output only to the request that ran or resumed the run, when the run ends.
/// That request is kept open here (not tied to the tool call), so a wait that times out loses nothing: a later
/// get_workflow_run in the same cao-ops process still gets the output. Finished entries are forgotten after an hour.
/// </summary>
internal static class RunWatches
{
    /// <summary>How long cao-ops keeps waiting for a run it started (cao-server itself has no run timeout).</summary>
    public static readonly TimeSpan MaxRunTime = TimeSpan.FromHours(24);

    private static readonly TimeSpan Retention = TimeSpan.FromHours(1);
    private static readonly ConcurrentDictionary<string, RunWatch> Watches = new(StringComparer.Ordinal);

    public static RunWatch Start(CaoClient cao, string runId, ApiRequest request)
    {
        Prune();
        var watch = new RunWatch(SendAsync(cao, request with { Timeout = MaxRunTime }));
        Watches[Key(cao, runId)] = watch;
        _ = watch.Response.ContinueWith(_ => watch.CompletedUtc = DateTime.UtcNow, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return watch;
    }

    public static RunWatch? Find(CaoClient cao, string runId) => Watches.GetValueOrDefault(Key(cao, runId));

    private static async Task<ApiResponse> SendAsync(CaoClient cao, ApiRequest request)
    {
        try
        {
            return await cao.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            return new ApiResponse { Failure = ApiFailure.Unreachable, Error = $"{request.Operation} failed: cao-ops is shutting down" };
        }
    }

    private static string Key(CaoClient cao, string runId) => cao.BaseAddress + "\n" + runId;

    private static void Prune()
    {
        var cutoff = DateTime.UtcNow - Retention;
        foreach (var (key, watch) in Watches)
        {
            if (watch.CompletedUtc is { } done && done < cutoff)
            {
                Watches.TryRemove(key, out _);
            }
        }
    }
}
