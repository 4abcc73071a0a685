namespace CaoOps.Testing.Internal.Handlers;

/// <summary><c>/health</c>, <c>/agents/providers</c> and the RFC 9728 metadata route.</summary>
internal sealed class MetaHandlers
{
    private readonly ServerContext _ctx;

    public MetaHandlers(ServerContext ctx) => _ctx = ctx;

    public Task<ApiResponse> Health(ApiRequest request) => Task.FromResult(ApiResponse.Json(200, new JObj
    {
        { "status", "ok" },
        { "service", "cli-agent-orchestrator" },
        { "terminal_backend", "tmux" },
        { "components", new JObj { { "cao", "ok" }, { "herdr", "unavailable" }, { "claude", "unavailable" } } },
    }));

    public Task<ApiResponse> Providers(ApiRequest request)
    {
        var list = Internal.Providers.Binaries
            .Select(p => new JObj { { "name", p.Name }, { "binary", p.Binary }, { "installed", _ctx.Options.InstalledProviders.Contains(p.Name) } })
            .ToList();
        return Task.FromResult(ApiResponse.Json(200, list));
    }

    public Task<ApiResponse> ProtectedResource(ApiRequest request)
    {
        if (!_ctx.Auth.Enabled)
        {
            return Task.FromResult(ApiResponse.Detail(404, "auth disabled"));
        }

        return Task.FromResult(ApiResponse.Json(200, new JObj
        {
            { "resource", _ctx.Options.Audience ?? _ctx.BaseAddress },
            { "authorization_servers", _ctx.Options.Issuer is { } issuer ? new[] { issuer } : Array.Empty<string>() },
            { "scopes_supported", new[] { "cao:read", "cao:write", "cao:admin" } },
            { "bearer_methods_supported", new[] { "header" } },
        }));
    }
}
