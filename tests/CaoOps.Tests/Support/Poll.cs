namespace CaoOps.Tests.Support;

/// <summary>Polling with a deadline (tests never sleep to synchronise).</summary>
internal static class Poll
{
    public static async Task UntilAsync(Func<bool> condition, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Condition not met in time: {what ?? "(unnamed)"}");
            }

            await Task.Delay(10);
        }
    }
}
