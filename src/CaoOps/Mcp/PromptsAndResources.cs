using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using CaoOps.Cao;
using CaoOps.Prompts;
using CaoOps.Resources;
using CaoOps.Tools.Terminals;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CaoOps.Mcp;

/// <summary>
/// MCP beyond tools: prompts, cao:// resources, completions and resource subscriptions, attached to the server's
/// options. Only the capabilities and handler delegates exist before the first request that needs them; the prompt
/// list, the completion caches and the watcher are built on first use.
/// </summary>
internal sealed class PromptsAndResources : IAsyncDisposable
{
    /// <summary>resources/list reads the live sessions within this deadline; past it, only cao://sessions is listed.</summary>
    public static readonly TimeSpan ListDeadline = TimeSpan.FromSeconds(3);

    private const string PerRequestProtocol = "2026-07-28";

    private readonly CaoClient _cao;
    private readonly TimeProvider _time;
    private readonly IReadOnlySet<string> _tools;
    private readonly IReadOnlyList<PromptDefinition> _prompts;
    private readonly Lazy<IList<Prompt>> _promptList;
    private readonly Lazy<Completions> _completions;
    private readonly Lazy<ResourceWatcher> _watcher;
    private readonly Lock _gate = new();
    private WatchListener? _sessionListener;

    private PromptsAndResources(IReadOnlySet<string> tools, CaoClient cao, TimeProvider time)
    {
        _cao = cao;
        _time = time;
        _tools = tools;
        _prompts = PromptCatalog.Visible(tools);
        _promptList = new(() => [.. _prompts.Select(p => p.ToProtocol())]);
        _completions = new(() => new Completions(cao, name => _prompts.Any(p => p.Name == name), time));
        _watcher = new(() => new ResourceWatcher(cao, time));
    }

    /// <summary>
    /// Sets the handlers and has prompts (when any is visible), resources (subscribe, listChanged) and completions
    /// advertised. The handlers are raw (<see cref="McpServerOptions.RequestHandlers"/>): with the typed
    /// <see cref="McpServerHandlers"/> the SDK builds a JsonTypeInfo for every request and result type of these methods in
    /// <c>McpServer.Create</c>, before initialize is answered (measured: +3 ms, 10 % of start-up); raw handlers meet
    /// those types on first use. The SDK only advertises what it registered itself, so <see cref="Advertise"/> adds the
    /// three capabilities to the initialize (and server/discover) answer.
    /// </summary>
    public static PromptsAndResources Attach(McpServerOptions options, IEnumerable<string> exposedTools, CaoClient cao, TimeProvider? time = null)
    {
        var self = new PromptsAndResources(exposedTools.ToHashSet(StringComparer.Ordinal), cao, time ?? TimeProvider.System);
#pragma warning disable MCPEXP002 // the SDK's extensibility point for handlers that do their own serialization
        var handlers = options.RequestHandlers ??= [];
        if (self._prompts.Count > 0)
        {
            handlers.Add(Raw<ListPromptsRequestParams, ListPromptsResult>(RequestMethods.PromptsList,
                (_, _) => ValueTask.FromResult(new ListPromptsResult { Prompts = self._promptList.Value })));
            handlers.Add(Raw<GetPromptRequestParams, GetPromptResult>(RequestMethods.PromptsGet, self.GetPromptAsync));
        }

        handlers.Add(Raw<ListResourcesRequestParams, ListResourcesResult>(RequestMethods.ResourcesList, self.ListResourcesAsync));
        handlers.Add(Raw<ListResourceTemplatesRequestParams, ListResourceTemplatesResult>(RequestMethods.ResourcesTemplatesList, (_, _) => ValueTask.FromResult(ResourceCatalog.Templates())));
        handlers.Add(Raw<ReadResourceRequestParams, ReadResourceResult>(RequestMethods.ResourcesRead, self.ReadResourceAsync));
        handlers.Add(Raw<SubscribeRequestParams, EmptyResult>(RequestMethods.ResourcesSubscribe, self.SubscribeAsync));
        handlers.Add(Raw<UnsubscribeRequestParams, EmptyResult>(RequestMethods.ResourcesUnsubscribe, self.UnsubscribeAsync));
        handlers.Add(Raw<CompleteRequestParams, CompleteResult>(RequestMethods.CompletionComplete,
            async (ctx, ct) => await self._completions.Value.CompleteAsync(ctx.Params, ct).ConfigureAwait(false)));
#pragma warning restore MCPEXP002

        // The SDK registers subscriptions/listen in any case; this replaces its handler at no extra cost.
        options.Handlers.SubscriptionsListenHandler = self.ListenAsync;
        options.Filters.Message.OutgoingFilters.Add(next => (context, ct) =>
        {
            self.Advertise(context.JsonRpcMessage);
            return next(context, ct);
        });
        return self;
    }

    /// <summary>Adds prompts, resources and completions to the capabilities of an initialize or server/discover answer.</summary>
    private void Advertise(JsonRpcMessage message)
    {
        if (message is not JsonRpcResponse { Result: JsonObject result }
            || result["capabilities"] is not JsonObject capabilities
            || !(result.ContainsKey("serverInfo") || result.ContainsKey("supportedVersions")))
        {
            return;
        }

        if (_prompts.Count > 0)
        {
            capabilities["prompts"] ??= new JsonObject();
        }

        capabilities["resources"] ??= new JsonObject { ["subscribe"] = true, ["listChanged"] = true };
        capabilities["completions"] ??= new JsonObject();
    }

#pragma warning disable MCPEXP002
    /// <summary>
    /// A handler that reads its params and writes its result with the SDK's own JSON contracts, on first use. Unreadable
    /// params are -32602 (the SDK would answer -32603). On protocol 2026-07-28 and later the result carries what the
    /// SDK adds to typed results: resultType, and ttlMs/cacheScope (not cacheable: live data) on list and read results.
    /// </summary>
    private static McpServerRequestHandler Raw<TParams, TResult>(string method, Func<RequestContext<TParams?>, CancellationToken, ValueTask<TResult>> handler)
        where TParams : class
        where TResult : Result
    {
        return new McpServerRequestHandler { Method = method, Handler = HandleAsync };

        async ValueTask<JsonNode?> HandleAsync(RequestContext<JsonNode?> ctx, CancellationToken ct)
        {
            TParams? parameters;
            try
            {
                parameters = ctx.Params is null ? null : ctx.Params.Deserialize(TypeInfo<TParams>());
            }
            catch (JsonException ex)
            {
                throw new McpProtocolException(ex.Path is { } path
                    ? $"Invalid params for {method}: {path} does not have the JSON type the MCP specification gives it."
                    : $"Invalid params for {method}: {ex.Message}", McpErrorCode.InvalidParams);
            }

            var result = await handler(new RequestContext<TParams?>(ctx.Server, ctx.JsonRpcRequest, parameters), ct).ConfigureAwait(false);
            if (PerRequest(ctx.JsonRpcRequest.Context?.ProtocolVersion ?? ctx.Server.NegotiatedProtocolVersion))
            {
                StampPerRequestFields(result);
            }

            return JsonSerializer.SerializeToNode(result, TypeInfo<TResult>());
        }
    }

    /// <summary>What the SDK adds to typed results from 2026-07-28 on: resultType, and "do not cache" on list and read results (live data).</summary>
    private static void StampPerRequestFields(Result result)
    {
        result.ResultType ??= "complete";
        switch (result)
        {
            case ListPromptsResult r:
                (r.TimeToLive, r.CacheScope) = (r.TimeToLive ?? TimeSpan.Zero, r.CacheScope ?? CacheScope.Private);
                break;
            case ListResourcesResult r:
                (r.TimeToLive, r.CacheScope) = (r.TimeToLive ?? TimeSpan.Zero, r.CacheScope ?? CacheScope.Private);
                break;
            case ListResourceTemplatesResult r:
                (r.TimeToLive, r.CacheScope) = (r.TimeToLive ?? TimeSpan.Zero, r.CacheScope ?? CacheScope.Private);
                break;
            case ReadResourceResult r:
                (r.TimeToLive, r.CacheScope) = (r.TimeToLive ?? TimeSpan.Zero, r.CacheScope ?? CacheScope.Private);
                break;
        }
    }
#pragma warning restore MCPEXP002

    private async ValueTask<GetPromptResult> GetPromptAsync(RequestContext<GetPromptRequestParams?> ctx, CancellationToken ct)
    {
        var name = ctx.Params?.Name;
        var prompt = _prompts.FirstOrDefault(p => p.Name == name)
            ?? throw new McpProtocolException(PromptCatalog.Unavailable(name, _tools, _prompts), McpErrorCode.InvalidParams);
        var args = ToolArguments.Parse(prompt.Arguments, ctx.Params!.Arguments, out var problem)
            ?? throw new McpProtocolException($"Invalid arguments for prompt {prompt.Name}: {problem}.", McpErrorCode.InvalidParams);
        return await prompt.Build(new PromptRequest(args, _tools, _cao, _time), ct).ConfigureAwait(false);
    }

    private async ValueTask<ListResourcesResult> ListResourcesAsync(RequestContext<ListResourcesRequestParams?> ctx, CancellationToken ct)
    {
        Overview? view = null;
        using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct))
        {
            deadline.CancelAfter(ListDeadline);
            try
            {
                view = (await CaoReads.OverviewAsync(_cao, ListDeadline, deadline.Token).ConfigureAwait(false)).View;
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                Log.Debug("resources/list: cao-server did not answer in time; listing cao://sessions only");
            }
        }

        // The client now holds a list that goes stale as sessions come and go: watch for that (until disconnect).
        // From protocol 2026-07-28 on, list changes are sent only to subscriptions/listen streams that ask for them.
        if (!PerRequest(ctx.Server))
        {
            _watcher.Value.WatchList(SessionListener(ctx.Server));
        }

        return ResourceCatalog.List(view);
    }

    private async ValueTask<ReadResourceResult> ReadResourceAsync(RequestContext<ReadResourceRequestParams?> ctx, CancellationToken ct)
    {
        var uri = ctx.Params?.Uri;
        var target = Parse(uri, ctx.Server);
        return await ResourceReader.ReadAsync(_cao, uri!, target, ctx.Server.NegotiatedProtocolVersion, ct).ConfigureAwait(false);
    }

    private async ValueTask<EmptyResult> SubscribeAsync(RequestContext<SubscribeRequestParams?> ctx, CancellationToken ct)
    {
        var uri = ctx.Params?.Uri;
        var target = Parse(uri, ctx.Server);
        await _watcher.Value.SubscribeAsync(SessionListener(ctx.Server), uri!, target).WaitAsync(ct).ConfigureAwait(false);
        return new EmptyResult();
    }

    private async ValueTask<EmptyResult> UnsubscribeAsync(RequestContext<UnsubscribeRequestParams?> ctx, CancellationToken ct)
    {
        if (ctx.Params?.Uri is { } uri && _watcher.IsValueCreated && _sessionListener is { } listener)
        {
            await _watcher.Value.UnsubscribeAsync(listener, uri).WaitAsync(ct).ConfigureAwait(false);
        }

        return new EmptyResult();
    }

    /// <summary>
    /// subscriptions/listen (protocol 2026-07-28): acknowledges the cao:// URIs it will watch and resources list changes
    /// if asked (tools and prompts never change), then streams notifications tagged with the listen request's id until
    /// the client cancels the request.
    /// </summary>
    private async ValueTask<EmptyResult> ListenAsync(RequestContext<SubscriptionsListenRequestParams> ctx, CancellationToken ct)
    {
        var requested = ctx.Params?.Notifications ?? new SubscriptionsListenNotifications();
        var listener = new WatchListener((method, uri) => SendTaggedAsync(ctx, method, uri is null ? null : new JsonObject { ["uri"] = uri }, CancellationToken.None));
        foreach (var uri in requested.ResourceSubscriptions ?? [])
        {
            if (CaoUri.Parse(uri, out _, out _) is { } target)
            {
                listener.Uris[uri] = target.ToString();
            }
        }

        listener.ListChanged = requested.ResourcesListChanged == true;
        var granted = new SubscriptionsListenNotifications
        {
            ResourcesListChanged = listener.ListChanged ? true : null,
            ResourceSubscriptions = listener.Uris.Count > 0 ? [.. listener.Uris.Keys] : null,
        };

        var watcher = _watcher.Value;
        await listener.Sending.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Baseline first, acknowledgement next: nothing can be sent on this stream before the acknowledgement.
            await watcher.AddAsync(listener).WaitAsync(ct).ConfigureAwait(false);
            var ack = JsonSerializer.SerializeToNode(new SubscriptionsAcknowledgedNotificationParams { Notifications = granted }, TypeInfo<SubscriptionsAcknowledgedNotificationParams>()) as JsonObject;
            await SendTaggedAsync(ctx, NotificationMethods.SubscriptionsAcknowledgedNotification, ack, ct).ConfigureAwait(false);
        }
        catch
        {
            watcher.Remove(listener);
            throw;
        }
        finally
        {
            listener.Sending.Release();
        }

        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _time, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // the client cancelled the listen request, or the server is shutting down
        }
        finally
        {
            watcher.Remove(listener);
        }

        return new EmptyResult();
    }

    private static Task SendTaggedAsync(RequestContext<SubscriptionsListenRequestParams> ctx, string method, JsonObject? parameters, CancellationToken ct)
    {
        parameters ??= [];
        parameters["_meta"] = new JsonObject
        {
            [MetaKeys.SubscriptionId] = ctx.JsonRpcRequest.Id.Id switch
            {
                string s => JsonValue.Create(s),
                long l => JsonValue.Create(l),
                _ => null,
            },
        };
        // ctx.Server is bound to the transport the listen request came on (its own stream over HTTP, stdout over stdio).
        return ctx.Server.SendMessageAsync(new JsonRpcNotification { Method = method, Params = parameters }, ct);
    }

    /// <summary>The session-wide listener of a client on the initialize handshake (resources/subscribe, list changes).</summary>
    private WatchListener SessionListener(McpServer server)
    {
        lock (_gate)
        {
            return _sessionListener ??= new WatchListener((method, uri) => uri is null
                ? server.SendNotificationAsync(method)
                : server.SendNotificationAsync(method, new ResourceUpdatedNotificationParams { Uri = uri }, McpJsonUtilities.DefaultOptions));
        }
    }

    private static CaoUri Parse(string? uri, McpServer server) =>
        CaoUri.Parse(uri, out var problem, out var unknown)
        ?? throw new McpProtocolException(problem!, unknown ? ResourceReader.NotFound(server.NegotiatedProtocolVersion) : McpErrorCode.InvalidParams);

    private static bool PerRequest(McpServer server) => PerRequest(server.NegotiatedProtocolVersion);

    private static bool PerRequest(string? protocolVersion) => string.CompareOrdinal(protocolVersion ?? string.Empty, PerRequestProtocol) >= 0;

    private static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));

    public async ValueTask DisposeAsync()
    {
        if (_watcher.IsValueCreated)
        {
            await _watcher.Value.DisposeAsync().ConfigureAwait(false);
        }
    }
}
