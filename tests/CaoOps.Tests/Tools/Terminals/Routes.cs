using System.Net;
using CaoOps.Tests.Support;

namespace CaoOps.Tests.Tools.Terminals;

/// <summary>A tiny stub server: answers by method and path (query ignored); unknown routes are the generic 404.</summary>
internal sealed class Routes
{
    private readonly Dictionary<string, Func<HttpRequestMessage, HttpResponseMessage>> _routes = new(StringComparer.Ordinal);

    public Routes On(string method, string path, HttpStatusCode status, string json)
    {
        _routes[$"{method} {path}"] = _ => StubHandler.Json(status, json);
        return this;
    }

    public Routes On(string method, string path, Func<HttpRequestMessage, HttpResponseMessage> respond)
    {
        _routes[$"{method} {path}"] = respond;
        return this;
    }

    /// <summary>GET /terminals/{id} answering a terminal in <paramref name="status"/>.</summary>
    public Routes Terminal(string id, string status, string provider = "mock_cli", string session = "cao-work") =>
        On("GET", $"/terminals/{id}", HttpStatusCode.OK,
            $"{{\"id\":\"{id}\",\"name\":\"developer-1a2b\",\"provider\":\"{provider}\",\"session_name\":\"{session}\",\"agent_profile\":\"developer\",\"status\":\"{status}\",\"last_active\":\"2026-11-30T02:37:05\"}}");

    /// <summary>GET /terminals/{id}/output answering <paramref name="output"/> (any mode).</summary>
    public Routes Output(string id, string output) =>
        On("GET", $"/terminals/{id}/output", HttpStatusCode.OK, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["output"] = output, ["mode"] = "full" }));

    public HttpResponseMessage Respond(HttpRequestMessage request) =>
        _routes.TryGetValue($"{request.Method.Method} {request.RequestUri!.AbsolutePath}", out var respond)
            ? respond(request)
            : StubHandler.Json(HttpStatusCode.NotFound, "{\"detail\":\"Not Found\"}");
}
