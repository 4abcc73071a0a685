using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tooling;

/// <summary>Reads GET /terminals/{id}/output, shared by get_terminal_output and read_session_output.</summary>
internal static class TerminalOutput
{
    public static readonly string[] Modes = ["full", "last"];

    /// <summary>How much of the full output replaces a failed <c>mode=last</c> when max_chars is not given.</summary>
    public const int FallbackChars = 4000;

    public static ApiRequest Request(string terminalId, string mode, string operation) =>
        new(HttpMethod.Get, CaoPath.Of("terminals", terminalId, "output"), operation) { Query = [new("mode", mode)] };

    /// <summary>
    /// Reads the output. For <c>mode=last</c>, when cao-server answers 500 because the provider could not extract the
    /// last message (kiro_cli, opencode_cli), reads <c>mode=full</c> instead and returns the 500's detail as the reason.
    /// </summary>
    public static async Task<(ApiResponse Response, string? FallbackReason)> ReadAsync(ToolCall call, string terminalId, string mode, string operation, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(Request(terminalId, mode, operation), ct).ConfigureAwait(false);
        if (mode == "last" && response.Failure == ApiFailure.Http && response.StatusCode == 500)
        {
            var full = await call.Services.Cao.SendAsync(Request(terminalId, "full", operation), ct).ConfigureAwait(false);
            if (full.Ok && TryGetOutput(full.Json, out _))
            {
                return (full, response.Detail);
            }
        }

        return (response, null);
    }

    /// <summary>What a fallback result says.</summary>
    public static string FallbackMessage(string reason, bool truncated) =>
        $"cao-server could not extract the agent's last message ({reason}); this is the {(truncated ? "end" : "whole")} of its full output instead.";

    /// <summary>The output text, optionally cleaned of control sequences, then tail-capped.</summary>
    public static string Shape(string output, bool clean, long? maxChars, out int totalChars, out bool truncated)
    {
        var text = clean ? TerminalText.Clean(output) : output;
        return TerminalText.Tail(text, (int)Math.Min(maxChars ?? 0, int.MaxValue), out totalChars, out truncated);
    }

    public static bool TryGetOutput(JsonElement payload, out string output)
    {
        output = string.Empty;
        if (payload.ValueKind != JsonValueKind.Object || !payload.TryGetProperty("output", out var o) || o.ValueKind != JsonValueKind.String)
        {
            return false;
        }

        output = o.GetString()!;
        return true;
    }
}
