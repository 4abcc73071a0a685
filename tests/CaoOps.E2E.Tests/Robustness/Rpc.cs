namespace CaoOps.E2E.Tests.Robustness;

/// <summary>JSON-RPC request lines built by plain concatenation (the pieces are already JSON).</summary>
internal static class Rpc
{
    public static string Request(string id, string method, string? paramsJson = null) =>
        "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"method\":\"" + method + "\"" + (paramsJson is null ? string.Empty : ",\"params\":" + paramsJson) + "}";

    /// <summary>tools/call params; <paramref name="nameJson"/> is the JSON for "name" (normally a quoted string).</summary>
    public static string ToolCallParams(string nameJson, string argumentsJson) => "{\"name\":" + nameJson + ",\"arguments\":" + argumentsJson + "}";

    public static string ToolCall(string id, string tool, string argumentsJson) => Request(id, "tools/call", ToolCallParams("\"" + tool + "\"", argumentsJson));
}
