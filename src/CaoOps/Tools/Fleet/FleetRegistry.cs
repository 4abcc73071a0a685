using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Cao;

namespace CaoOps.Tools.Fleet;

/// <summary>
/// Reads CAO's fleet registry (fleet.json: {"port": 9889, "machines": [{"name", "host", "port"?, "label", "os", "role"}]})
/// plus cao-ops' optional per-node fields: "url" (full base URL) and "token_env" (the NAME of an environment variable
/// holding that node's bearer token). Every problem is reported, one line each; a registry is never half-loaded.
/// </summary>
internal static partial class FleetRegistry
{
    public static IReadOnlyList<FleetNode>? Load(string path, CaoSettings defaults, Func<string, string?> env, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        problems = errors;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{path}: cannot read the fleet registry: {ex.Message}");
            return null;
        }

        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            errors.Add($"{path}: not valid JSON: {ex.Message}");
            return null;
        }

        return Parse(path, root, defaults, env, errors);
    }

    internal static IReadOnlyList<FleetNode>? Parse(string path, JsonElement root, CaoSettings defaults, Func<string, string?> env, List<string> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add($"{path}: the registry must be a JSON object with a \"machines\" array");
            return null;
        }

        var defaultPort = CaoSettings.DefaultPort;
        if (root.TryGetProperty("port", out var p) && !TryPort(p, out defaultPort))
        {
            errors.Add($"{path}: \"port\" must be a port number (1-65535)");
        }

        if (!root.TryGetProperty("machines", out var machines) || machines.ValueKind != JsonValueKind.Array || machines.GetArrayLength() == 0)
        {
            errors.Add($"{path}: \"machines\" must be a non-empty array");
            return null;
        }

        var specs = new List<(string Name, CaoSettings Settings, string? Label, string? Os, string? Role)>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var index = 0;
        foreach (var m in machines.EnumerateArray())
        {
            var at = $"{path}: machines[{index.ToString(CultureInfo.InvariantCulture)}]";
            index++;
            if (m.ValueKind != JsonValueKind.Object)
            {
                errors.Add($"{at}: must be an object");
                continue;
            }

            var name = Str(m, "name");
            if (name is null)
            {
                errors.Add($"{at}: missing \"name\"");
            }
            else if (!NameRegex().IsMatch(name))
            {
                errors.Add($"{at}: name '{name}' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            else if (seen.TryGetValue(name, out var first))
            {
                errors.Add($"{at}: duplicate name '{name}' (also machines[{first.ToString(CultureInfo.InvariantCulture)}])");
            }
            else
            {
                seen[name] = index - 1;
            }

            at = name is null ? at : $"{at} ('{name}')";
            Uri? url = null;
            if (Str(m, "url") is { } urlText)
            {
                if (ConfigText.ControlCharacters(urlText) is { } found)
                {
                    errors.Add($"{at}: url contains control characters ({found}); its value is not shown");
                }
                else if (!Uri.TryCreate(urlText, UriKind.Absolute, out url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps)
                    || !string.IsNullOrEmpty(url.Query) || !string.IsNullOrEmpty(url.Fragment) || !string.IsNullOrEmpty(url.UserInfo))
                {
                    errors.Add($"{at}: url '{ConfigText.MaskUrl(urlText)}' is not an http(s) base URL such as https://cao.example:9889 "
                        + "(no query, fragment or user info; a token goes in the variable token_env names)");
                    url = null;
                }
            }
            else if (Str(m, "host") is { } host)
            {
                var port = defaultPort;
                if (m.TryGetProperty("port", out var mp) && !TryPort(mp, out port))
                {
                    errors.Add($"{at}: \"port\" must be a port number (1-65535)");
                }

                if (ConfigText.ControlCharacters(host) is { } found)
                {
                    errors.Add($"{at}: host contains control characters ({found}); its value is not shown");
                    host = CaoSettings.DefaultHost;
                }

                var hostPart = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
                if (!Uri.TryCreate($"http://{hostPart}:{port.ToString(CultureInfo.InvariantCulture)}", UriKind.Absolute, out url) || url.AbsolutePath != "/")
                {
                    errors.Add($"{at}: host '{ConfigText.MaskUrl(host)}' is not a host name or IP address");
                    url = null;
                }
            }
            else
            {
                errors.Add($"{at}: missing \"host\" (or \"url\")");
            }

            string? token = null;
            if (m.TryGetProperty("token_env", out var te))
            {
                var variable = te.ValueKind == JsonValueKind.String ? te.GetString() : null;
                if (variable is null || !EnvNameRegex().IsMatch(variable))
                {
                    errors.Add($"{at}: \"token_env\" must be the name of an environment variable (the token itself never goes in the file)");
                }
                else if (string.IsNullOrWhiteSpace(token = env(variable)))
                {
                    errors.Add($"{at}: token_env names {variable}, which is not set in the environment");
                }
                else if (ConfigText.TokenProblem(variable, token.Trim()) is { } tokenProblem)
                {
                    errors.Add($"{at}: {tokenProblem}");
                }
            }

            if (name is not null && url is not null)
            {
                specs.Add((name, defaults with { BaseUrl = url, Token = token?.Trim() }, Str(m, "label"), Str(m, "os"), Str(m, "role")));
            }
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return [.. specs.Select(s => new FleetNode(s.Name, s.Settings, s.Label, s.Os, s.Role))];
    }

    private static bool TryPort(JsonElement e, out int port)
    {
        port = 0;
        return e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out port) && port is >= 1 and <= 65535;
    }

    private static string? Str(JsonElement obj, string key) =>
        obj.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;

    [GeneratedRegex("^[A-Za-z0-9_.-]{1,64}\\z")]
    private static partial Regex NameRegex();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}\\z")]
    private static partial Regex EnvNameRegex();
}
