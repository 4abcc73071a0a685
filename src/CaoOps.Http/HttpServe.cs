using CaoOps.Cli;
using CaoOps.Http.Auth;
using CaoOps.Mcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using ModelContextProtocol.AspNetCore;
using ModelContextProtocol.Server;

namespace CaoOps.Http;

/// <summary>
/// <c>serve --http [HOST:PORT]</c>: the tools, prompts, resources, completions and subscriptions of <c>cao-ops mcp</c>
/// over MCP Streamable HTTP at <c>/mcp</c>, on Kestrel with the SDK's transport. Each MCP session gets the options the
/// stdio server builds (<see cref="McpStdioServer.CreateOptions"/> and <see cref="PromptsAndResources.Attach"/>), for
/// the tools its bearer token's scopes allow.
/// </summary>
internal static class HttpServe
{
    public const string Endpoint = "/mcp";

    public const string Usage = """
        Usage: cao-ops-http serve --http [HOST:PORT] [options] [selection flags of cao-ops mcp]
          --http [HOST:PORT]          Serve MCP Streamable HTTP at http://HOST:PORT/mcp (default 127.0.0.1:8765).
                                      A non-loopback address needs CAO_OPS_AUTH_JWKS_URI and CAO_OPS_AUTH_ISSUER.
          --allowed-origins a,b       Browser origins allowed besides http(s)://localhost, 127.0.0.1 and [::1].
          --allowed-hosts a,b|*       Host header names allowed besides the loopback names and HOST.
          --public-url URL            The URL clients reach /mcp at (behind a TLS proxy); names the protected
                                      resource and is the default audience.
          --max-request-bytes N       Largest request body (default 4194304).
          --max-sessions N            Sessions open at once (default 64); more are refused with 503.
          --max-session-requests N    Requests in flight per session (default 16); more are refused with 429.
          --idle-timeout SECONDS      A session without requests for this long ends (default 1800).
          --drain-timeout SECONDS     On SIGTERM/SIGINT, how long calls in flight may finish (default 10).
          --toolsets, --read-only, --tools, --exclude-tools, --fleet   as for cao-ops mcp.
        Environment: CAO_OPS_AUTH_JWKS_URI (https:// or file://), CAO_OPS_AUTH_ISSUER, CAO_OPS_AUTH_AUDIENCE
        (default: the public URL), and everything cao-ops mcp reads (CAO_API_URL, CAO_AUTH_LOCAL_TOKEN, ...).
        """;

    public static async Task<int> MainAsync(string[] args)
    {
        var rest = args.ToList();
        var cli = new CliContext(rest, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
        if (rest is ["--help" or "-h"])
        {
            cli.Out.WriteLine(Usage);
            return CliContext.ExitOk;
        }

        var http = HttpOptions.Parse(rest, out var error);
        if (http is null)
        {
            return cli.Usage(error!);
        }

        var auth = AuthSettings.FromEnvironment(cli.Env, http.ResourceUrl, out var authProblems);
        foreach (var problem in authProblems)
        {
            cli.Error.WriteLine($"cao-ops: configuration error: {problem}");
        }

        if (authProblems.Count > 0)
        {
            return CliContext.ExitUsage;
        }

        if (!http.IsLoopback && auth is null)
        {
            cli.Error.WriteLine($"cao-ops: refusing to serve on {http.Host}:{http.Port}: it is not a loopback address and no authorization is configured, so anyone who can reach it could launch and drive agents on this machine. "
                + "Set CAO_OPS_AUTH_JWKS_URI and CAO_OPS_AUTH_ISSUER (README \"Remote\"), or bind 127.0.0.1 and put a TLS proxy with its own authentication in front.");
            return CliContext.ExitUsage;
        }

        using var runtime = Runtime.Create(cli, rest);
        if (runtime is null)
        {
            return CliContext.ExitUsage;
        }

        if (rest.Count > 0)
        {
            return cli.Usage($"serve: unexpected argument '{rest[0]}'");
        }

        using var jwks = auth is null ? null : new JwksSource(auth.JwksUri);
        var validator = auth is null ? null : new JwtValidator(auth, jwks!, TimeProvider.System);
        var app = Build(runtime, http, auth, validator);
        try
        {
            await app.StartAsync().ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            cli.Error.WriteLine($"cao-ops: cannot listen on {http.Host}:{http.Port}: {ex.Message}. Pick another port with --http HOST:PORT, or stop what uses it.");
            return CliContext.ExitFailure;
        }

        Log.Info($"serving {runtime.Tools.Count} tools over Streamable HTTP at {http.ResourceUrl} ({(auth is null ? "no authorization" : $"bearer JWTs from {auth.Issuer}")}); cao-server at {runtime.Settings.BaseAddress}");
        // Parents and tests wait for this line on stderr (it names the port, useful with :0 one day).
        Console.Error.WriteLine($"cao-ops: listening on http://{HttpOptions.HostForUrl(http.Host)}:{http.Port}{Endpoint}");
        await app.WaitForShutdownAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        return CliContext.ExitOk;
    }

    private static WebApplication Build(Runtime runtime, HttpOptions http, AuthSettings? auth, JwtValidator? validator)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "cao-ops-http" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(http.Address, http.Port);
            k.AddServerHeader = false;
            k.Limits.MaxRequestBodySize = http.MaxRequestBytes;
            k.Limits.MaxRequestHeadersTotalSize = 32 * 1024;
            k.Limits.MaxRequestLineSize = 8 * 1024;
            k.Limits.RequestHeadersTimeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = http.DrainTimeout);
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));

        var sessions = new SessionRegistry(http.MaxSessions, http.MaxSessionRequests);
        var scopes = new ScopePolicy(runtime.Tools);
        var promptsAndResources = runtime.Fleet is not { Count: > 1 };
        builder.Services.AddMcpServer().WithHttpTransport(t =>
        {
            t.SessionMode = HttpServerSessionMode.Stateful;
#pragma warning disable MCP9006 // idle expiry and the idle-session bound are what the stateful mode offers
            t.IdleTimeout = http.IdleTimeout;
            t.MaxIdleSessionCount = http.MaxSessions;
#pragma warning restore MCP9006
            t.ConfigureSessionOptions = (context, options, _) =>
            {
                // The stdio server's options, for the tools this session's token may see.
                var tools = scopes.Visible(context.User);
                var built = McpStdioServer.CreateOptions(tools, runtime.Services);
                var extras = promptsAndResources ? PromptsAndResources.Attach(built, tools.Select(t => t.Name), runtime.Services.Cao) : null;
                options.ServerInfo = built.ServerInfo;
                options.ServerInstructions = built.ServerInstructions;
                options.Capabilities = built.Capabilities;
                options.Handlers = built.Handlers;
                options.Filters = built.Filters;
#pragma warning disable MCPEXP002 // prompts and resources use the SDK's raw handlers (see PromptsAndResources.Attach)
                options.RequestHandlers = built.RequestHandlers;
#pragma warning restore MCPEXP002
                context.Items[SessionRegistry.ExtrasKey] = extras;
                return Task.CompletedTask;
            };
#pragma warning disable MCPEXP002 // the hook that lets a session's resources go when it ends
            t.RunSessionHandler = sessions.RunAsync;
#pragma warning restore MCPEXP002
        });

        var app = builder.Build();
        var guard = new RequestGuard(http, auth, validator, scopes, sessions);
        app.Use(guard.InvokeAsync);
        app.MapGet("/healthz", (HttpContext c) => HealthAsync(c, sessions));
        if (auth is not null)
        {
            app.MapGet(ProtectedResource.Path, (HttpContext c) => ProtectedResource.WriteAsync(c, auth));
            app.MapGet(ProtectedResource.Path + Endpoint, (HttpContext c) => ProtectedResource.WriteAsync(c, auth));
        }

        app.MapMcp(Endpoint);
        return app;
    }

    private static Task HealthAsync(HttpContext context, SessionRegistry sessions)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync($$"""{"status":"ok","version":"{{ThisAssembly.Version}}","sessions":{{sessions.Count}}}""");
    }
}
