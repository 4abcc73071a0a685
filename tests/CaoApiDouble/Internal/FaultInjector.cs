namespace CaoOps.Testing.Internal;

/// <summary>Holds fault rules and hands out the first one that matches a request (consuming one of its uses).</summary>
internal sealed class FaultInjector
{
    private readonly Lock _gate = new();
    private readonly List<(FaultRule Rule, int[] Remaining)> _rules = [];

    public void Add(FaultRule rule)
    {
        ArgumentNullException.ThrowIfNull(rule);
        lock (_gate)
        {
            _rules.Add((rule, [rule.Times]));
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _rules.Clear();
        }
    }

    public FaultRule? Take(string method, string path)
    {
        lock (_gate)
        {
            foreach (var (rule, remaining) in _rules)
            {
                if (remaining[0] <= 0)
                {
                    continue;
                }

                var methodMatches = rule.Method == "*" || string.Equals(rule.Method, method, StringComparison.OrdinalIgnoreCase);
                if (methodMatches && path.StartsWith(rule.PathPrefix, StringComparison.Ordinal))
                {
                    remaining[0]--;
                    return rule;
                }
            }

            return null;
        }
    }
}
