using System.Text.Json;
using CaoOps.Tools;
using CaoOps.Tools.Terminals;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CaoOps.Mcp;

/// <summary>
/// Serves the selected tools over stdio. Stdin EOF, SIGTERM, SIGINT, SIGQUIT, SIGHUP and SIGUSR1/2 end the process promptly with exit 0,
/// cancelling calls in flight (the SDK alone would wait for them, and a signal would kill the process).
/// </summary>
internal static class McpStdioServer
{
    /// <summary>How long, after stdin closes, calls already running may go on before they are cancelled (and answer so).</summary>
    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(300);

    public static McpServerOptions CreateOptions(IReadOnlyList<ToolDefinition> tools, ToolServices services, RequestTracker? tracker = null)
    {
        var byName = new Lazy<Dictionary<string, ToolDefinition>>(() => tools.ToDictionary(t => t.Name, StringComparer.Ordinal));
        // Built on the first tools/list, not before initialize is answered (start-up speed is a feature).
        var listed = new Lazy<ListToolsResult>(() => new ListToolsResult { Tools = [.. tools.Select(ProtocolTools.ToProtocol)] });
        var options = new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "cao-ops", Title = "CAO operations (cao-ops)", Version = ThisAssembly.Version },
            ServerInstructions = ToolCatalog.Instructions,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(listed.Value),
                CallToolHandler = async (ctx, ct) =>
                {
                    var name = ctx.Params?.Name ?? string.Empty;
                    if (!byName.Value.TryGetValue(name, out var tool))
                    {
                        throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
                    }

                    if (tracker is null)
                    {
                        return ProtocolTools.ToResult(await ToolRunner.RunAsync(tool, ctx.Params!.Arguments, services, Progress(ctx), ct).ConfigureAwait(false));
                    }

                    // After stdin EOF (and the grace) a running call is cancelled but still answers, so the drain can finish.
                    using var run = CancellationTokenSource.CreateLinkedTokenSource(ct, tracker.Abandoned);
                    try
                    {
                        return ProtocolTools.ToResult(await ToolRunner.RunAsync(tool, ctx.Params!.Arguments, services, Progress(ctx), run.Token).ConfigureAwait(false));
                    }
                    catch (OperationCanceledException) when (tracker.Abandoned.IsCancellationRequested && !ct.IsCancellationRequested)
                    {
                        return ProtocolTools.ToResult(ToolOutcome.Error(tool.Failure(
                            $"{name} was cancelled: stdin closed and it was still running {DrainGrace.TotalSeconds:0.0} s later. Keep stdin open until every answer has arrived.", null)));
                    }
                },
            },
        };
        options.Filters.Message.IncomingFilters.Add(next => async (context, ct) =>
        {
            // JSON may escape a lone surrogate ("\ud800"); no .NET string can hold one and the SDK would answer a bare -32603.
            if (context.JsonRpcMessage is JsonRpcRequest { Method: "tools/call", Params: { } parameters } && UnicodeCheck.FindInvalid(parameters) is { } where)
            {
                throw new McpProtocolException($"Invalid params: {where} contains an unpaired UTF-16 surrogate escape; send valid Unicode text.", McpErrorCode.InvalidParams);
            }

            try
            {
                await next(context, ct).ConfigureAwait(false);
            }
            catch (JsonException ex) when (context.JsonRpcMessage is JsonRpcRequest request)
            {
                // The SDK reads params into its own types before any handler runs (tool handlers turn their own failures
                // into tool errors): a JsonException here is params of the wrong shape, not a server fault (-32603).
                throw new McpProtocolException($"Invalid params for {request.Method}: {ex.Message}", McpErrorCode.InvalidParams);
            }
        });
        if (tracker is not null)
        {
            options.Filters.Message.OutgoingFilters.Add(next => async (context, ct) =>
            {
                try
                {
                    await next(context, ct).ConfigureAwait(false);
                }
                finally
                {
                    // Written or failed to write (stdout gone): either way nothing more will come for this request.
                    if (context.JsonRpcMessage is JsonRpcResponse or JsonRpcError)
                    {
                        tracker.Answered(((JsonRpcMessageWithId)context.JsonRpcMessage).Id);
                    }
                }
            });
        }

        return options;
    }

    private static ProgressReporter? Progress(RequestContext<CallToolRequestParams> ctx)
    {
        if (ctx.Params?.ProgressToken is not { } token)
        {
            return null;
        }

        var server = ctx.Server;
        return async (progress, total, message) =>
        {
            try
            {
                await server.NotifyProgressAsync(token, new ProgressNotificationValue { Progress = (float)progress, Total = (float?)total, Message = message }).ConfigureAwait(false);
            }
#pragma warning disable CA1031 // progress is best effort: a closed pipe must not fail the call
            catch (Exception ex)
#pragma warning restore CA1031
            {
                Log.Debug($"progress notification not sent: {ex.Message}");
            }
        };
    }

    /// <param name="promptsAndResources">false in a fleet of several nodes, where a cao:// URI could not say which node it means.</param>
    public static async Task<int> RunAsync(IReadOnlyList<ToolDefinition> tools, ToolServices services, bool promptsAndResources = true)
    {
        using var tracker = new RequestTracker();
        var options = CreateOptions(tools, services, tracker);
        await using var extras = promptsAndResources ? PromptsAndResources.Attach(options, tools.Select(t => t.Name), services.Cao) : null;
        using var stop = new CancellationTokenSource();
        using var signals = StopSignals.Register(() => SafeCancel(stop));

        var input = new DrainingInputStream(Console.OpenStandardInput(), tracker, DrainGrace);
        await using var transport = new StreamServerTransport(input, Console.OpenStandardOutput(), "cao-ops");
        // Malformed lines are answered through the transport's writer, which serialises every write to stdout.
        input.Reply = transport.SendMessageAsync;
        // Once the transport has seen EOF nothing more can be answered: cancel what still runs so the process exits.
        _ = transport.MessageReader.Completion.ContinueWith(_ => SafeCancel(stop), TaskScheduler.Default);
        await using var server = McpServer.Create(transport, options);
        try
        {
            await server.RunAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }

        return 0;
    }

    private static void SafeCancel(CancellationTokenSource cts)
    {
        try
        {
            cts.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
