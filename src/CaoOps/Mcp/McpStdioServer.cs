using System.Runtime.InteropServices;
using CaoOps.Tools;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;

namespace CaoOps.Mcp;

/// <summary>
/// Serves the selected tools over stdio. Stdin EOF, SIGTERM and SIGINT end the process promptly with exit 0,
/// cancelling calls in flight (the SDK alone would wait for them, and a signal would kill the process).
/// </summary>
internal static class McpStdioServer
{
    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(250);

    public static McpServerOptions CreateOptions(IReadOnlyList<ToolDefinition> tools, ToolServices services)
    {
        var byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var listed = new ListToolsResult { Tools = [.. tools.Select(ProtocolTools.ToProtocol)] };
        return new McpServerOptions
        {
            ServerInfo = new Implementation { Name = "cao-ops", Title = "CAO operations (cao-ops)", Version = ThisAssembly.Version },
            ServerInstructions = ToolCatalog.Instructions,
            Capabilities = new ServerCapabilities { Tools = new ToolsCapability() },
            Handlers = new McpServerHandlers
            {
                ListToolsHandler = (_, _) => ValueTask.FromResult(listed),
                CallToolHandler = async (ctx, ct) =>
                {
                    var name = ctx.Params?.Name ?? string.Empty;
                    if (!byName.TryGetValue(name, out var tool))
                    {
                        throw new McpProtocolException($"Unknown tool: '{name}'", McpErrorCode.InvalidParams);
                    }

                    var outcome = await ToolRunner.RunAsync(tool, ctx.Params!.Arguments, services, Progress(ctx), ct).ConfigureAwait(false);
                    return ProtocolTools.ToResult(outcome);
                },
            },
        };
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

    public static async Task<int> RunAsync(IReadOnlyList<ToolDefinition> tools, ToolServices services)
    {
        var options = CreateOptions(tools, services);
        using var stop = new CancellationTokenSource();
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Cancel(); });
        using var quit = PosixSignalRegistration.Create(PosixSignal.SIGQUIT, c => { c.Cancel = true; stop.Cancel(); });

        await using var transport = new StdioServerTransport(options);
        // On stdin EOF give running calls a short grace, then cancel them so the process exits promptly.
        _ = transport.MessageReader.Completion.ContinueWith(_ => SafeCancelAfter(stop, DrainGrace), TaskScheduler.Default);
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

    private static void SafeCancelAfter(CancellationTokenSource cts, TimeSpan delay)
    {
        try
        {
            cts.CancelAfter(delay);
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
