using CaoOps.Tools.Terminals;

namespace CaoOps.Resources;

/// <summary>The four kinds of cao:// resource.</summary>
internal enum CaoResourceKind
{
    Sessions,
    Session,
    Terminal,
    TerminalOutput,
}

/// <summary>
/// A parsed cao:// resource URI: <c>cao://sessions</c>, <c>cao://sessions/{session_name}</c>,
/// <c>cao://terminals/{terminal_id}</c> or <c>cao://terminals/{terminal_id}/output</c>. Names and ids are checked with the
/// rules cao-server applies, so nothing that could change which endpoint is called gets through.
/// </summary>
internal readonly record struct CaoUri(CaoResourceKind Kind, string? Id)
{
    public const string SessionsUri = "cao://sessions";
    public const string SessionTemplate = "cao://sessions/{session_name}";
    public const string TerminalTemplate = "cao://terminals/{terminal_id}";
    public const string OutputTemplate = "cao://terminals/{terminal_id}/output";

    private const string Scheme = "cao://";
    private const string Served = "cao-ops serves cao://sessions, cao://sessions/{session_name}, cao://terminals/{terminal_id} and cao://terminals/{terminal_id}/output";

    public static CaoUri Sessions => new(CaoResourceKind.Sessions, null);

    public static CaoUri Session(string name) => new(CaoResourceKind.Session, name);

    public static CaoUri Terminal(string id) => new(CaoResourceKind.Terminal, id);

    public static CaoUri Output(string id) => new(CaoResourceKind.TerminalOutput, id);

    /// <summary>The canonical URI text (what resources/list shows and notifications carry).</summary>
    public override string ToString() => Kind switch
    {
        CaoResourceKind.Sessions => SessionsUri,
        CaoResourceKind.Session => "cao://sessions/" + Id,
        CaoResourceKind.Terminal => "cao://terminals/" + Id,
        _ => "cao://terminals/" + Id + "/output",
    };

    /// <summary>
    /// Parses <paramref name="uri"/>. Returns null with <paramref name="problem"/> set when it is not a cao-ops URI
    /// (<paramref name="unknown"/> true) or names an invalid session name or terminal id (<paramref name="unknown"/> false).
    /// </summary>
    public static CaoUri? Parse(string? uri, out string? problem, out bool unknown)
    {
        problem = null;
        unknown = true;
        if (string.IsNullOrEmpty(uri) || !uri.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || uri.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            problem = $"Unknown resource URI '{Shorten(uri)}': {Served}.";
            return null;
        }

        var segments = uri[Scheme.Length..].Split('/');
        switch (segments)
        {
            case ["sessions"]:
                return Sessions;
            case ["sessions", var name]:
                unknown = false;
                return Check(Unescape(name), Identifiers.SessionName, "session name", uri, out problem) is { } n ? Session(n) : null;
            case ["terminals", var id]:
                unknown = false;
                return Check(Unescape(id), Identifiers.TerminalId, "terminal id", uri, out problem) is { } t ? Terminal(t) : null;
            case ["terminals", var id, "output"]:
                unknown = false;
                return Check(Unescape(id), Identifiers.TerminalId, "terminal id", uri, out problem) is { } o ? Output(o) : null;
            default:
                problem = $"Unknown resource URI '{Shorten(uri)}': {Served}.";
                return null;
        }
    }

    private static string? Check(string? value, ParamRule rule, string what, string uri, out string? problem)
    {
        if (value is not null && rule.Pattern.IsMatch(value))
        {
            problem = null;
            return value;
        }

        problem = $"'{Shorten(uri)}' does not name a valid {what}: {rule.Explanation}.";
        return null;
    }

    private static string? Unescape(string segment)
    {
        try
        {
            return Uri.UnescapeDataString(segment);
        }
        catch (UriFormatException)
        {
            return null;
        }
    }

    /// <summary>Echoes at most 200 characters of what the client sent.</summary>
    private static string Shorten(string? uri) => uri is null ? string.Empty : uri.Length <= 200 ? uri : uri[..200] + "…";
}
