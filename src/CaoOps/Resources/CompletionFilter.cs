using ModelContextProtocol.Protocol;

namespace CaoOps.Resources;

/// <summary>Turns live candidates into a completion/complete answer for what the user typed so far.</summary>
internal static class CompletionFilter
{
    /// <summary>The protocol's limit on values in one answer.</summary>
    public const int MaxValues = 100;

    /// <summary>
    /// Candidates that start with <paramref name="typed"/> (ignoring case), also after CAO's "cao-" prefix, so "dem"
    /// finds cao-demo. Distinct, in the order given (callers put what matters most first), at most 100 with total/hasMore.
    /// </summary>
    public static Completion Apply(IEnumerable<string> candidates, string? typed)
    {
        typed ??= string.Empty;
        var matches = candidates.Where(c => Matches(c, typed)).Distinct(StringComparer.Ordinal).ToList();
        return new Completion
        {
            Values = [.. matches.Take(MaxValues)],
            Total = matches.Count,
            HasMore = matches.Count > MaxValues,
        };
    }

    public static Completion Empty => new() { Values = [], Total = 0, HasMore = false };

    private static bool Matches(string candidate, string typed) =>
        candidate.StartsWith(typed, StringComparison.OrdinalIgnoreCase)
        || (candidate.StartsWith("cao-", StringComparison.Ordinal) && candidate.AsSpan(4).StartsWith(typed, StringComparison.OrdinalIgnoreCase));
}
