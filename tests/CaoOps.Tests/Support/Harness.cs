using System.Net;
using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Testing.Schemas;
using CaoOps.Tools;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Support;

/// <summary>Runs a tool in-process against a stubbed cao-server; every result is checked against the tool's outputSchema.</summary>
internal sealed class Harness : IDisposable
{
    public static readonly CaoSettings DefaultSettings = new() { BaseUrl = new Uri("http://127.0.0.1:9889") };

    private readonly CaoClient _client;

    public Harness(Func<HttpRequestMessage, HttpResponseMessage> respond, CaoSettings? settings = null)
    {
        Stub = new StubHandler(respond);
        _client = new CaoClient(settings ?? DefaultSettings, Stub);
        Services = new ToolServices(_client);
    }

    /// <summary>A harness whose server always answers <paramref name="status"/> with <paramref name="json"/>.</summary>
    public Harness(HttpStatusCode status, string json) : this(_ => StubHandler.Json(status, json))
    {
    }

    public StubHandler Stub { get; }

    public ToolServices Services { get; }

    public async Task<ToolOutcome> CallAsync(string tool, string argumentsJson = "{}")
    {
        var definition = ToolCatalog.All.Single(t => t.Name == tool);
        using var doc = JsonDocument.Parse(argumentsJson);
        var args = doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value.Clone())).ToList();
        var outcome = await ToolRunner.RunAsync(definition, args, Services, null, CancellationToken.None);
        SchemaAssert.Matches(definition.OutputSchema, outcome.Result, tool);
        return outcome;
    }

    public void Dispose() => _client.Dispose();
}

internal static class JsonAssert
{
    public static string Str(this ToolOutcome outcome, string key) => outcome.Result.GetProperty(key).GetString()!;

    public static string Message(this ToolOutcome outcome) => outcome.Str("message");

    public static string Text(this ToolOutcome outcome) => JsonBuild.ToText(outcome.Result);
}
