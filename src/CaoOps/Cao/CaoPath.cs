using System.Text;

namespace CaoOps.Cao;

/// <summary>Builds request targets: every path segment and query value is percent-escaped, so no argument can change the endpoint.</summary>
internal static class CaoPath
{
    public static string Of(params string[] segments)
    {
        var sb = new StringBuilder();
        foreach (var segment in segments)
        {
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
