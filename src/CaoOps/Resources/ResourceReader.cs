using System.Text.Json;
using CaoOps.Cao;
using CaoOps.Tools.Sessions;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CaoOps.Resources;

/// <summary>
/// resources/read. JSON resources carry cao-server's own objects (cao://sessions wraps the list as {"sessions": […]});
/// the output resource is the agent's last response with control sequences removed. Failures are JSON-RPC errors
/// whose message says what failed and what to do: not found is -32002 (-32602 from protocol 2026-07-28 on).
/// </summary>
internal static class ResourceReader
{
    /// <summary>The output resource keeps at most this many characters (the end of the response).</summary>
    public const int MaxOutputChars = 20_000;

    /// <summary>When the last response cannot be extracted, this much of the end of the terminal buffer is shown.</summary>
    public const int FallbackChars = 4_000;

    public static async Task<ReadResourceResult> ReadAsync(CaoClient cao, string uri, CaoUri target, string? protocolVersion, CancellationToken ct)
    {
        switch (target.Kind)
        {
            case CaoResourceKind.Sessions:
                var list = Require(await CaoReads.SessionsAsync(cao, null, ct).ConfigureAwait(false), protocolVersion, null);
                if (ListSessionsTool.Normalise(list.Json) is not { } sessions)
                {
                    throw new McpException("List sessions failed: invalid response payload from cao-server.");
                }

                return Json(uri, Results.Of(new SessionsDocument(sessions), ResourcesJsonContext.Default.SessionsDocument));
            case CaoResourceKind.Session:
                return Json(uri, Object(Require(await CaoReads.SessionAsync(cao, target.Id!, null, ct).ConfigureAwait(false), protocolVersion,
                    "cao://sessions lists the sessions that exist")));
            case CaoResourceKind.Terminal:
                return Json(uri, Object(Require(await CaoReads.TerminalAsync(cao, target.Id!, null, ct).ConfigureAwait(false), protocolVersion,
                    "the terminal is gone or the id is wrong; cao://sessions/{session_name} lists a session's terminals")));
            default:
                return new ReadResourceResult
                {
                    Contents = [new TextResourceContents { Uri = uri, MimeType = ResourceCatalog.Text, Text = await OutputTextAsync(cao, target.Id!, protocolVersion, ct).ConfigureAwait(false) }],
                };
        }
    }

    private static async Task<string> OutputTextAsync(CaoClient cao, string id, string? protocolVersion, CancellationToken ct)
    {
        const string hint = "the terminal is gone or the id is wrong; cao://sessions/{session_name} lists a session's terminals";
        var last = await CaoReads.OutputAsync(cao, id, "last", null, ct).ConfigureAwait(false);
        if (last is { Failure: ApiFailure.Http, StatusCode: 500 })
        {
            // Some providers (kiro_cli, opencode_cli) cannot always extract the last response: show the end of the buffer.
            var full = Require(await CaoReads.OutputAsync(cao, id, "full", null, ct).ConfigureAwait(false), protocolVersion, hint);
            var buffer = TerminalText.Tail(TerminalText.Clean(OutputOf(full)), FallbackChars, out _, out _);
            return $"[cao-ops: cao-server could not extract the last response ({last.Detail}); the end of the terminal buffer follows]\n{buffer}";
        }

        var text = TerminalText.Clean(OutputOf(Require(last, protocolVersion, hint)));
        var tail = TerminalText.Tail(text, MaxOutputChars, out var total, out var truncated);
        return truncated ? $"[cao-ops: showing the last {MaxOutputChars} of {total} characters]\n{tail}" : tail;
    }

    private static string OutputOf(ApiResponse response) =>
        TerminalOutput.TryGetOutput(response.Json, out var output) ? output : throw new McpException("Get terminal output failed: invalid response payload from cao-server.");

    private static JsonElement Object(ApiResponse response) =>
        response.Json.ValueKind == JsonValueKind.Object ? response.Json : throw new McpException("cao-server returned an invalid response payload (expected a JSON object).");

    /// <summary>The response when it succeeded; otherwise the error a client should see.</summary>
    private static ApiResponse Require(ApiResponse response, string? protocolVersion, string? notFoundHint)
    {
        if (response.Ok)
        {
            return response;
        }

        if (response is { Failure: ApiFailure.Http, StatusCode: 404 } && response.Detail != "Not Found" && notFoundHint is not null)
        {
            throw new McpProtocolException($"{response.Error} — {notFoundHint}.", NotFound(protocolVersion));
        }

        throw new McpException(response.Error ?? "cao-server request failed");
    }

    /// <summary>The error code for a resource that does not exist, by protocol revision (as the SDK itself does).</summary>
    public static McpErrorCode NotFound(string? protocolVersion) =>
        string.CompareOrdinal(protocolVersion ?? string.Empty, "2026-07-28") >= 0 ? McpErrorCode.InvalidParams : McpErrorCode.ResourceNotFound;

    private static ReadResourceResult Json(string uri, JsonElement body) => new()
    {
        Contents = [new TextResourceContents { Uri = uri, MimeType = ResourceCatalog.Json, Text = JsonBuild.ToText(body) }],
    };
}
