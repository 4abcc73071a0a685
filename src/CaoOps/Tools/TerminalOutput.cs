using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools;

/// <summary>Reads GET /terminals/{id}/output, shared by get_terminal_output and read_session_output.</summary>
internal static class TerminalOutput
{
    public static readonly string[] Modes = ["full", "last"];

    public static ApiRequest Request(string terminalId, string mode, string operation) =>
        new(HttpMethod.Get, CaoPath.Of("terminals", terminalId, "output"), operation) { Query = [new("mode", mode)] };

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
