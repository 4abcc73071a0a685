namespace CaoOps.Testing.Internal;

/// <summary>One API route: method, path template (with <c>{param}</c> segments) and handler.</summary>
internal sealed class Route
{
    private readonly string[] _segments;

    public Route(string method, string template, RouteAuth auth, BodyMode body, Func<ApiRequest, Task<ApiResponse>> handler)
    {
        Method = method;
        Template = template;
        Auth = auth;
        Body = body;
        Handler = handler;
        _segments = template[1..].Split('/');
    }

    public string Method { get; }

    public string Template { get; }

    public RouteAuth Auth { get; }

    public BodyMode Body { get; }

    public Func<ApiRequest, Task<ApiResponse>> Handler { get; }

    /// <summary>Starlette's <c>{param}</c> matches one non-empty segment; literals match exactly.</summary>
    public bool TryMatch(IReadOnlyList<string> segments, Dictionary<string, string>? parameters)
    {
        if (segments.Count != _segments.Length)
        {
            return false;
        }

        for (var i = 0; i < _segments.Length; i++)
        {
            var pattern = _segments[i];
            if (pattern.StartsWith('{'))
            {
                if (segments[i].Length == 0)
                {
                    return false;
                }
            }
            else if (!string.Equals(pattern, segments[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        if (parameters is not null)
        {
            for (var i = 0; i < _segments.Length; i++)
            {
                if (_segments[i].StartsWith('{'))
                {
                    parameters[_segments[i][1..^1]] = segments[i];
                }
            }
        }

        return true;
    }
}
