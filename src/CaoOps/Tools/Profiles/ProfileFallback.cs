using System.Net;
using System.Text.Json;
using CaoOps.Cao;

namespace CaoOps.Tools.Profiles;

/// <summary>
/// An older cao-server lacks the profile routes (they arrived with CAO PR #166) and answers the generic
/// 404 {"detail":"Not Found"} or 405. The profile tools then use cao-ops' own engine — but only when cao-server runs
/// on this machine, because profiles are read and installed where the server's agents run.
/// </summary>
internal static class ProfileFallback
{
    public const string Note = "cao-server has no profile routes (it predates CAO PR #166); cao-ops answered from this machine's profile stores";

    public static bool RouteMissing(ApiResponse response) =>
        response.Failure == ApiFailure.Http && (response.StatusCode == 405 || (response.StatusCode == 404 && response.Detail == "Not Found"));

    /// <summary>Null when the local engine may stand in; otherwise why it may not.</summary>
    public static string? Refusal(CaoClient cao, string operation)
    {
        var host = cao.Settings.BaseUrl.Host;
        var local = host is "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
        return local
            ? null
            : $"{operation} failed: cao-server at {cao.BaseAddress} has no profile routes (it predates CAO PR #166), and cao-ops can only stand in for a server on this machine. Upgrade cao-server, or run cao-ops on the server's machine.";
    }

    /// <summary>The object with "source": "local" added.</summary>
    public static JsonElement MarkLocal(JsonElement obj) => JsonBuild.Write(w =>
    {
        w.WriteStartObject();
        foreach (var prop in obj.EnumerateObject())
        {
            if (prop.Name != "source")
            {
                prop.WriteTo(w);
            }
        }

        w.WriteString("source", "local");
        w.WriteEndObject();
    });
}
