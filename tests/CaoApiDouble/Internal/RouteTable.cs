using CaoOps.Testing.Internal.Handlers;

namespace CaoOps.Testing.Internal;

/// <summary>The routes of cao-server 2.4.1 that the double implements, in declaration order.</summary>
internal sealed class RouteTable
{
    private readonly List<Route> _routes = [];

    public RouteTable(ServerContext ctx)
    {
        var profiles = new ProfileHandlers(ctx);
        var install = new InstallHandler(ctx);
        var sessions = new SessionHandlers(ctx);
        var create = new CreateSessionHandler(ctx);
        var terminals = new TerminalHandlers(ctx);
        var inbox = new InboxHandlers(ctx);
        var meta = new MetaHandlers(ctx);

        Add("GET", "/.well-known/oauth-protected-resource", RouteAuth.Open, BodyMode.None, meta.ProtectedResource);
        Add("GET", "/health", RouteAuth.Open, BodyMode.None, meta.Health);
        Add("GET", "/agents/profiles", RouteAuth.Gated, BodyMode.None, profiles.List);
        if (ctx.Options.ProfileRoutesEnabled)
        {
            Add("GET", "/agents/profiles/search", RouteAuth.Open, BodyMode.None, profiles.Search);
            Add("GET", "/agents/profiles/{name}", RouteAuth.Gated, BodyMode.None, profiles.Get);
            Add("POST", "/agents/profiles/install", RouteAuth.Gated, BodyMode.Required, install.Install);
        }

        Add("GET", "/agents/providers", RouteAuth.Open, BodyMode.None, meta.Providers);
        Add("POST", "/sessions", RouteAuth.Gated, BodyMode.Optional, create.Create);
        Add("GET", "/sessions", RouteAuth.Gated, BodyMode.None, sessions.List);
        Add("GET", "/sessions/{session_name}", RouteAuth.Gated, BodyMode.None, sessions.Get);
        Add("DELETE", "/sessions/{session_name}", RouteAuth.Gated, BodyMode.None, sessions.Delete);
        Add("POST", "/sessions/{session_name}/terminals", RouteAuth.Gated, BodyMode.Optional, create.AddTerminal);
        Add("GET", "/sessions/{session_name}/terminals", RouteAuth.Open, BodyMode.None, sessions.Terminals);
        Add("GET", "/terminals/{terminal_id}", RouteAuth.Gated, BodyMode.None, terminals.Get);
        Add("POST", "/terminals/{terminal_id}/input", RouteAuth.Gated, BodyMode.None, terminals.Input);
        Add("POST", "/terminals/{terminal_id}/key", RouteAuth.Gated, BodyMode.None, terminals.Key);
        Add("GET", "/terminals/{terminal_id}/working-directory", RouteAuth.Open, BodyMode.None, terminals.WorkingDirectory);
        Add("GET", "/terminals/{terminal_id}/output", RouteAuth.Gated, BodyMode.None, terminals.Output);
        Add("GET", "/terminals/{terminal_id}/output/range", RouteAuth.Gated, BodyMode.None, terminals.OutputRange);
        Add("POST", "/terminals/{terminal_id}/exit", RouteAuth.Gated, BodyMode.None, terminals.Exit);
        Add("DELETE", "/terminals/{terminal_id}", RouteAuth.Gated, BodyMode.None, terminals.Delete);
        Add("POST", "/terminals/{receiver_id}/inbox/messages", RouteAuth.Gated, BodyMode.None, inbox.Post);
        Add("GET", "/terminals/{terminal_id}/inbox/messages", RouteAuth.Gated, BodyMode.None, inbox.List);
        new FlowHandlers(ctx).Register(Add);
        new WorkflowHandlers(ctx).Register(Add, new WorkflowRunHandlers(ctx, ctx.Workflows));
    }

    /// <summary>
    /// Starlette routing: the first route matching path and method wins; else the first matching
    /// only the path gives 405 (with its methods); else nothing.
    /// </summary>
    public (Route? Full, Route? Partial) Match(string method, IReadOnlyList<string> segments, Dictionary<string, string> parameters)
    {
        Route? partial = null;
        foreach (var route in _routes)
        {
            if (!route.TryMatch(segments, null))
            {
                continue;
            }

            if (route.Method == method)
            {
                route.TryMatch(segments, parameters);
                return (route, null);
            }

            partial ??= route;
        }

        return (null, partial);
    }

    public bool MatchesAnyMethod(IReadOnlyList<string> segments) => _routes.Exists(r => r.TryMatch(segments, null));

    private void Add(string method, string template, RouteAuth auth, BodyMode body, Func<ApiRequest, Task<ApiResponse>> handler) =>
        _routes.Add(new Route(method, template, auth, body, handler));
}
