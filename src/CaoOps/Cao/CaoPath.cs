using System.Text;

namespace CaoOps.Cao;

/// <summary>
/// Builds request targets: every path segment and query value is percent-escaped and dot segments are refused,
/// so no argument can change which endpoint is called.
/// </summary>
internal static class CaoPath
{
    public static string Of(params string[] segments)
    {
        var sb = new StringBuilder();
        foreach (var segment in segments)
        {
            // URIs resolve "." and ".." (even percent-encoded) before sending: such a segment would leave its endpoint.
            if (segment.Length == 0 || segment.Trim('.').Length == 0)
            {
                throw new ArgumentException($"'{segment}' cannot be used as a path segment", nameof(segments));
            }

            sb.Append('/').Append(Uri.EscapeDataString(segment));
        }

        return sb.ToString();
    }

    public static string WithQuery(string path, IReadOnlyList<KeyValuePair<string, string>>? query)
    {
        if (query is null || query.Count == 0)
        {
            return path;
        }

        var sb = new StringBuilder(path);
        var first = true;
        foreach (var (key, value) in query)
        {
            sb.Append(first ? '?' : '&').Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            first = false;
        }

        return sb.ToString();
    }
}
