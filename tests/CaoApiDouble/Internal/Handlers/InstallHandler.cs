using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal.Handlers;

/// <summary><c>POST /agents/profiles/install</c> (HEAD install service semantics, without touching any disk).</summary>
internal sealed class InstallHandler
{
    private static readonly string[] AllowedDownloadHosts = ["github.com", "raw.githubusercontent.com"];
    private readonly CaoState _state;

    public InstallHandler(ServerContext ctx) => _state = ctx.State;

    public Task<ApiResponse> Install(ApiRequest request)
    {
        var p = new Params(request);
        var body = p.BodyModel(request.DecodedBody, required: true);
        string? source = null;
        string? provider = null;
        if (body is { } obj)
        {
            if (!obj.TryGetProperty("source", out var sourceElement))
            {
                p.Errors.Add(ValidationErrors.MissingField(["body", "source"], obj));
            }
            else
            {
                source = p.BodyString(obj, "source");
                if (source is null && sourceElement.ValueKind == System.Text.Json.JsonValueKind.Null)
                {
                    p.Errors.Add(ValidationErrors.StringType(["body", "source"], null));
                }
            }

            provider = p.BodyString(obj, "provider");
            p.BodyStringMap(obj, "env_vars");
        }

        if (p.HasErrors)
        {
            return Task.FromResult(p.ErrorResponse());
        }

        return Task.FromResult(Run(source!, provider));
    }

    private ApiResponse Run(string source, string? provider)
    {
        if (provider is not null && !Providers.IsValid(provider))
        {
            return ApiResponse.Detail(400, Providers.InvalidProviderMessage(provider));
        }

        string agentName;
        string sourceKind;
        if (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal))
        {
            var urlError = CheckUrl(source, out var stem);
            if (urlError is not null)
            {
                return ApiResponse.Detail(400, "Failed to install agent: " + urlError);
            }

            agentName = stem;
            sourceKind = "url";
        }
        else if (NameRules.IsProfileName(source))
        {
            agentName = source;
            sourceKind = "name";
        }
        else
        {
            return ApiResponse.Detail(400, $"Invalid profile name '{source}'. Expected a name matching [A-Za-z0-9_-]{{1,64}}, an https:// URL, or (CLI only) a local .md file path.");
        }

        lock (_state.Gate)
        {
            if (sourceKind == "url")
            {
                // The download lands in the local store, overwriting any same-named copy there.
                if (!_state.Profiles.TryGetValue(agentName, out var downloaded))
                {
                    downloaded = new ProfileRecord { Name = agentName, SystemPrompt = $"Profile downloaded from {source}" };
                    _state.Profiles[agentName] = downloaded;
                }

                downloaded.Local = true;
            }

            if (!_state.Profiles.TryGetValue(agentName, out var profile))
            {
                return ApiResponse.Detail(400, $"Agent profile not found: {agentName}");
            }

            var resolved = provider ?? ProfileViews.ResolveProvider(profile);
            if (resolved == "copilot_cli" && string.IsNullOrWhiteSpace(profile.SystemPrompt))
            {
                return ApiResponse.Detail(400, $"Failed to install agent: Agent '{profile.Name}' has no usable prompt content for Copilot (both system_prompt and prompt are empty or whitespace)");
            }

            profile.Installed = true;
            return ApiResponse.Json(200, new JObj
            {
                { "success", true },
                { "message", $"Agent '{profile.Name}' installed successfully" },
                { "agent_name", profile.Name },
                { "context_file", CaoPaths.ContextFile(profile.Name) },
                { "agent_file", Providers.AgentFile(resolved, profile.Name) },
                { "unresolved_vars", null },
                { "source_kind", sourceKind },
                { "provider", resolved },
            });
        }
    }

    /// <summary>The HEAD downloader's URL checks, in order; returns the message (without prefix) or null.</summary>
    private static string? CheckUrl(string url, out string stem)
    {
        stem = string.Empty;
        if (!url.StartsWith("https://", StringComparison.Ordinal))
        {
            return "Profile URL must use https://";
        }

        var rest = url["https://".Length..];
        var authorityEnd = rest.IndexOfAny(['/', '?', '#']);
        var authority = authorityEnd < 0 ? rest : rest[..authorityEnd];
        var remainder = authorityEnd < 0 ? string.Empty : rest[authorityEnd..];
        var at = authority.LastIndexOf('@');
        var userInfo = at < 0 ? string.Empty : authority[..at];
        var hostPort = authority[(at + 1)..];
        string host;
        if (hostPort.StartsWith('['))
        {
            var close = hostPort.IndexOf(']', StringComparison.Ordinal);
            host = close < 0 ? hostPort[1..] : hostPort[1..close];
        }
        else
        {
            host = hostPort.Split(':')[0];
        }

        host = host.ToLowerInvariant();
        if (!AllowedDownloadHosts.Contains(host))
        {
            return $"Host '{(host.Length == 0 ? "None" : host)}' is not in the allowed downloader hosts. Set CAO_PROFILE_ALLOWED_HOSTS to extend the allowlist.";
        }

        var fragmentAt = remainder.IndexOf('#', StringComparison.Ordinal);
        var fragment = fragmentAt < 0 ? string.Empty : remainder[(fragmentAt + 1)..];
        var beforeFragment = fragmentAt < 0 ? remainder : remainder[..fragmentAt];
        var queryAt = beforeFragment.IndexOf('?', StringComparison.Ordinal);
        var query = queryAt < 0 ? string.Empty : beforeFragment[(queryAt + 1)..];
        var path = queryAt < 0 ? beforeFragment : beforeFragment[..queryAt];
        if (query.Length > 0 || fragment.Length > 0 || userInfo.Length > 0)
        {
            return "Profile URL must not include query, fragment, or userinfo.";
        }

        if (!NameRules.IsProfileUrlPath(path))
        {
            return "URL path must match /segment/.../file.md with no traversal segments.";
        }

        var fileName = path[(path.LastIndexOf('/') + 1)..];
        stem = fileName[..^".md".Length];
        return NameRules.IsProfileName(stem) ? null : "URL filename stem must match [A-Za-z0-9_-]{1,64}";
    }
}
