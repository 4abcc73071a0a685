using System.Text.RegularExpressions;

namespace CaoOps.Testing.Internal.State;

/// <summary>
/// <c>GET /agents/profiles/search</c>: cao-server's ranking (captures 53, 293) — lowercase ASCII alphanumeric tokens of
/// name, description, tags and capabilities; profiles sharing no token are dropped; order by coverage (distinct query
/// tokens matched), then BM25Plus (k1 1.5, b 0.75, delta 1), then name; score = coverage + bm25 / (1 + max bm25).
/// </summary>
internal static partial class ProfileSearch
{
    public static List<JObj> Search(IReadOnlyList<ProfileRecord> profiles, string query, int limit)
    {
        var queryTokens = Tokens(query);
        if (queryTokens.Count == 0 || limit <= 0 || profiles.Count == 0)
        {
            return [];
        }

        var corpus = profiles.Select(p => Tokens(string.Join(' ', new[]
        {
            p.Name, p.Description, string.Join(' ', p.Tags), string.Join(' ', p.Capabilities),
        }.Where(s => s.Length > 0)))).ToList();
        if (corpus.All(d => d.Count == 0))
        {
            return [];
        }

        var scores = Bm25Plus(corpus, queryTokens);
        var querySet = queryTokens.ToHashSet(StringComparer.Ordinal);
        var matched = profiles
            .Select((p, i) => (Profile: p, Coverage: querySet.Count(corpus[i].Contains), Score: scores[i]))
            .Where(m => m.Coverage > 0)
            .OrderByDescending(m => m.Coverage).ThenByDescending(m => m.Score).ThenBy(m => m.Profile.Name, StringComparer.Ordinal)
            .ToList();
        if (matched.Count == 0)
        {
            return [];
        }

        var max = matched.Max(m => m.Score);
        return [.. matched.Take(limit).Select(m => new JObj
        {
            { "name", m.Profile.Name },
            { "description", m.Profile.Description },
            { "capabilities", m.Profile.Capabilities },
            { "tags", m.Profile.Tags },
            { "role", m.Profile.Role ?? string.Empty },
            { "source", m.Profile.Labels()[0] },
            { "coverage", m.Coverage },
            { "score", Math.Round(m.Coverage + (m.Score / (1.0 + max)), 4, MidpointRounding.ToEven) },
        })];
    }

    private static List<string> Tokens(string text) =>
        [.. NonAlphanumeric().Split(text.ToLowerInvariant()).Where(t => t.Length > 0)];

    private static double[] Bm25Plus(List<List<string>> corpus, List<string> query)
    {
        const double K1 = 1.5, B = 0.75, Delta = 1.0;
        var n = corpus.Count;
        var avgdl = corpus.Average(d => d.Count);
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var word in corpus.SelectMany(d => d.Distinct(StringComparer.Ordinal)))
        {
            df[word] = df.GetValueOrDefault(word) + 1;
        }

        var scores = new double[n];
        for (var i = 0; i < n; i++)
        {
            var doc = corpus[i];
            foreach (var q in query)
            {
                var idf = df.TryGetValue(q, out var f) ? Math.Log((n + 1.0) / f) : 0.0;
                var freq = doc.Count(w => w == q);
                scores[i] += idf * (Delta + (freq * (K1 + 1)) / ((K1 * (1 - B + (B * doc.Count / avgdl))) + freq));
            }
        }

        return scores;
    }

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NonAlphanumeric();
}
