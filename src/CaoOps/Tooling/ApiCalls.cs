using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tooling;

/// <summary>The request patterns the tools share.</summary>
internal static class ApiCalls
{
    /// <summary>Calls the API and hands back its JSON object unchanged (upstream's pass-through tools).</summary>
    public static async Task<ToolOutcome> ObjectAsync(ToolCall call, ApiRequest request, string invalidPayloadMessage, CancellationToken ct, Func<ApiResponse, string>? hint = null) =>
        (await ObjectOrFallbackAsync(call, request, invalidPayloadMessage, hint, fallback: null, ct).ConfigureAwait(false))!.Value;

    /// <summary>As above, but null when <paramref name="fallback"/> says the caller should answer another way.</summary>
    public static async Task<ToolOutcome?> ObjectOrFallbackAsync(ToolCall call, ApiRequest request, string invalidPayloadMessage, Func<ApiResponse, string>? hint, Func<ApiResponse, bool>? fallback, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(request, ct).ConfigureAwait(false);
        if (fallback?.Invoke(response) == true)
        {
            return null;
        }

        if (!response.Ok)
        {
            return ToolOutcome.Error(Results.Failure(response.Error + (hint?.Invoke(response) ?? string.Empty)));
        }

        return response.Json.ValueKind == JsonValueKind.Object
            ? ToolOutcome.Success(response.Json)
            : ToolOutcome.Error(Results.Failure(invalidPayloadMessage));
    }

    /// <summary>" — list_sessions shows …" for a 404 on a session.</summary>
    public static string NotFoundHint(ApiResponse response, string hint) =>
        response.Failure == ApiFailure.Http && response.StatusCode == 404 && response.Detail != "Not Found" ? " — " + hint : string.Empty;
}
