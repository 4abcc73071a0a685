using System.Globalization;

namespace CaoOps.Cao;

/// <summary>Where cao-server is and how to talk to it. Built once from the environment.</summary>
internal sealed record CaoSettings
{
    public const string DefaultHost = "127.0.0.1";
    public const int DefaultPort = 9889;

    public required Uri BaseUrl { get; init; }
    public string? Token { get; init; }

    /// <summary>Which environment variable the token came from (named in messages; the token itself never is).</summary>
    public string TokenVariable { get; init; } = "CAO_AUTH_LOCAL_TOKEN";
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(5);
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan LaunchTimeout { get; init; } = TimeSpan.FromSeconds(300);

    /// <summary>How long wait_for_terminal keeps polling through a cao-server outage (a restart) before failing; zero fails at once.</summary>
    public TimeSpan WaitOutage { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Fleet mode: how long one node may take in a fleet-wide read before it is reported as "timeout".</summary>
    public TimeSpan NodeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Base URL without a trailing slash, as people write it.</summary>
    public string BaseAddress => BaseUrl.GetLeftPart(UriPartial.Authority) + BaseUrl.AbsolutePath.TrimEnd('/');

    /// <summary>
    /// Reads CAO_API_URL (wins) or CAO_API_HOST/CAO_API_PORT, the bearer token from CAO_AUTH_LOCAL_TOKEN or
    /// CAO_API_TOKEN, and the CAO_OPS_*_TIMEOUT overrides (seconds). Problems are returned, one per line.
    /// </summary>
    public static CaoSettings FromEnvironment(Func<string, string?> env, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        Uri? baseUrl = null;
        var url = Trimmed(env("CAO_API_URL"));
        if (ConfigText.ControlProblem("CAO_API_URL", url) is { } urlControl)
        {
            errors.Add(urlControl);
        }
        else if (url is not null)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps)
                || !string.IsNullOrEmpty(baseUrl.Query) || !string.IsNullOrEmpty(baseUrl.Fragment) || !string.IsNullOrEmpty(baseUrl.UserInfo))
            {
                errors.Add($"CAO_API_URL '{ConfigText.MaskUrl(url)}' is not an http(s) base URL such as http://127.0.0.1:9889 (no query, fragment or user info; "
                    + "a token goes in CAO_AUTH_LOCAL_TOKEN, never in the URL).");
                baseUrl = null;
            }
        }
        else
        {
            var host = Trimmed(env("CAO_API_HOST")) ?? DefaultHost;
            if (ConfigText.ControlProblem("CAO_API_HOST", host) is { } hostControl)
            {
                errors.Add(hostControl);
                host = DefaultHost;
            }

            var port = DefaultPort;
            var portText = Trimmed(env("CAO_API_PORT"));
            if (ConfigText.ControlProblem("CAO_API_PORT", portText) is { } portControl)
            {
                errors.Add(portControl);
            }
            else if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
            {
                errors.Add($"CAO_API_PORT '{portText}' is not a port number (1-65535).");
                port = DefaultPort;
            }
            // An IPv6 literal needs brackets in a URL (upstream produces a malformed URL here).
            var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
            if (!Uri.TryCreate($"http://{hostPart}:{port.ToString(CultureInfo.InvariantCulture)}", UriKind.Absolute, out baseUrl))
            {
                errors.Add($"CAO_API_HOST '{ConfigText.MaskUrl(host)}' is not a host name or IP address.");
                baseUrl = null;
            }
        }

        foreach (var variable in (string[])["CAO_AUTH_LOCAL_TOKEN", "CAO_API_TOKEN"])
        {
            if (ConfigText.TokenProblem(variable, Trimmed(env(variable))) is { } tokenProblem)
            {
                errors.Add(tokenProblem);
            }
        }

        var settings = new CaoSettings
        {
            BaseUrl = baseUrl ?? new Uri($"http://{DefaultHost}:{DefaultPort}"),
            Token = Trimmed(env("CAO_AUTH_LOCAL_TOKEN")) ?? Trimmed(env("CAO_API_TOKEN")),
            TokenVariable = Trimmed(env("CAO_AUTH_LOCAL_TOKEN")) is null && Trimmed(env("CAO_API_TOKEN")) is not null ? "CAO_API_TOKEN" : "CAO_AUTH_LOCAL_TOKEN",
            ConnectTimeout = Seconds(env, "CAO_OPS_CONNECT_TIMEOUT", 5, errors),
            RequestTimeout = Seconds(env, "CAO_OPS_TIMEOUT", 60, errors),
            LaunchTimeout = Seconds(env, "CAO_OPS_LAUNCH_TIMEOUT", 300, errors),
            NodeTimeout = Seconds(env, "CAO_OPS_NODE_TIMEOUT", 5, errors),
            WaitOutage = Seconds(env, "CAO_OPS_WAIT_OUTAGE", 30, errors, allowZero: true),
        };
        problems = errors;
        return settings;
    }

    private static TimeSpan Seconds(Func<string, string?> env, string name, double fallback, List<string> errors, bool allowZero = false)
    {
        var text = Trimmed(env(name));
        if (text is null)
        {
            return TimeSpan.FromSeconds(fallback);
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && (value > 0 || (allowZero && value == 0)) && value <= 3600)
        {
            return TimeSpan.FromSeconds(value);
        }

        errors.Add(ConfigText.ControlProblem(name, text) ?? $"{name} '{text}' must be a number of seconds between 0 and 3600.");
        return TimeSpan.FromSeconds(fallback);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
