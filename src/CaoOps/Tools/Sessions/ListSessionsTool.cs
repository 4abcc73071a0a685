using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Sessions;

internal static class ListSessionsTool
{
    private static readonly string[] DeclaredKeys = ["id", "name", "status", "working_directory", "agent_profile"];

    public static readonly ToolDefinition Definition = new()
    {
        Name = "list_sessions",
        Title = "List sessions",
        Toolset = Toolsets.Sessions,
        Description = "List CAO sessions. get_session_info shows a session's terminals.",
        Hints = ToolHints.Read,
        Output = OutputSchemas.Parse("""
            {"type":"object","properties":{
              "success":{"type":"boolean"},"message":{"type":"string"},
              "sessions":{"type":"array","items":{"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"status":{"type":"string"},"working_directory":{"type":"string"},"agent_profile":{"type":"string"}}}}},
             "required":["success","sessions"]}
            """),
        Failure = (message, _) => SessionResults.Of(new SessionListResult(false, message, JsonBuild.EmptyArray)),
        Handler = RunAsync,
    };

    private static async Task<ToolOutcome> RunAsync(ToolCall call, CancellationToken ct)
    {
        var response = await call.Services.Cao.SendAsync(new ApiRequest(HttpMethod.Get, "/sessions", "List sessions"), ct).ConfigureAwait(false);
        if (!response.Ok)
        {
            return ToolOutcome.Error(Definition.Failure(response.Error!, call.Args));
        }

        if (Normalise(response.Json) is not { } sessions)
        {
            return ToolOutcome.Error(Definition.Failure("List sessions failed: invalid response payload", call.Args));
        }

        return ToolOutcome.Success(SessionResults.Of(new SessionListResult(true, null, sessions)));
    }

    /// <summary>Every entry gets the declared keys first (a null one is then left out of the result), then any extra keys unchanged.</summary>
    internal static JsonElement? Normalise(JsonElement array)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var entry in array.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            foreach (var key in DeclaredKeys)
            {
                if (entry.TryGetProperty(key, out var v) && v.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
                {
                    return null;
                }
            }
        }

        return JsonBuild.Write(w =>
        {
            w.WriteStartArray();
            foreach (var entry in array.EnumerateArray())
            {
                w.WriteStartObject();
                foreach (var key in DeclaredKeys)
                {
                    w.WritePropertyName(key);
                    if (entry.TryGetProperty(key, out var v))
                    {
                        v.WriteTo(w);
                    }
                    else
                    {
                        w.WriteNullValue();
                    }
                }

                foreach (var prop in entry.EnumerateObject())
                {
                    if (!DeclaredKeys.Contains(prop.Name))
                    {
                        prop.WriteTo(w);
                    }
                }

                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
    }
}
