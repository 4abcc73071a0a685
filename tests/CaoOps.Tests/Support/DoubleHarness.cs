using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Testing;
using CaoOps.Testing.Schemas;
using CaoOps.Tools;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Support;

/// <summary>
/// Runs tools in-process against a CAO API double (real HTTP on loopback); every result is checked against the tool's
/// outputSchema and every progress notification is kept.
/// </summary>
internal sealed class DoubleHarness : IAsyncDisposable
{
    private readonly CaoClient _client;
    private readonly List<(double Progress, double? Total, string Message)> _progress = [];

    private DoubleHarness(CaoApiDouble api)
    {
        Api = api;
        _client = new CaoClient(new CaoSettings { BaseUrl = api.BaseUrl });
        Services = new ToolServices(_client);
    }

    public CaoApiDouble Api { get; }

    public ToolServices Services { get; }

    public IReadOnlyList<(double Progress, double? Total, string Message)> Progress
    {
        get
        {
            lock (_progress)
            {
                return [.. _progress];
            }
        }
    }

    public static async Task<DoubleHarness> StartAsync(CaoApiDoubleOptions? options = null) =>
        new(await CaoApiDouble.StartAsync(options ?? new CaoApiDoubleOptions { CreateDelay = TimeSpan.FromMilliseconds(10), WorkerDelay = TimeSpan.FromMilliseconds(10) }));

    public async Task<ToolOutcome> CallAsync(string tool, string argumentsJson = "{}")
    {
        var definition = ToolCatalog.All.Single(t => t.Name == tool);
        using var doc = JsonDocument.Parse(argumentsJson);
        var args = doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value.Clone())).ToList();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var outcome = await ToolRunner.RunAsync(definition, args, Services, Report, timeout.Token);
        SchemaAssert.Matches(definition.OutputSchema, outcome.Result, tool);
        return outcome;
    }

    /// <summary>The requests the tools sent, as "METHOD /path".</summary>
    public IReadOnlyList<string> Sent => [.. Api.Requests.Select(r => $"{r.Method} {r.Path}")];

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await Api.DisposeAsync();
    }

    private ValueTask Report(double progress, double? total, string message)
    {
        lock (_progress)
        {
            _progress.Add((progress, total, message));
        }

        return ValueTask.CompletedTask;
    }
}
