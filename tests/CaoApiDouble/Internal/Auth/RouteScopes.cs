namespace CaoOps.Testing.Internal.Auth;

/// <summary>
/// Which scopes a gated route accepts (cao-api-control.md §14): reads take any scope, writes need
/// <c>cao:write</c> or <c>cao:admin</c>, and deleting a session, terminal, flow or workflow needs <c>cao:admin</c>.
/// </summary>
internal static class RouteScopes
{
    private static readonly IReadOnlyList<string> Read = ["cao:read", "cao:write", "cao:admin"];
    private static readonly IReadOnlyList<string> Write = ["cao:write", "cao:admin"];
    private static readonly IReadOnlyList<string> Admin = ["cao:admin"];

    public static IReadOnlyList<string> Required(string method, string template)
    {
        var segments = template.Trim('/').Split('/');
        return method switch
        {
            "GET" => Read,
            "POST" when template == "/workflows/validate" => Read,
            // DELETE /sessions/{n}, /terminals/{id}, /flows/{n}, /workflows/{n}; DELETE /workflows/runs/{id} needs only write.
            "DELETE" when segments.Length == 2 => Admin,
            _ => Write,
        };
    }

    /// <summary>The 403 detail: Python's repr of the list, e.g. <c>Forbidden: requires one of ['cao:admin']</c>.</summary>
    public static string Forbidden(IReadOnlyList<string> required) =>
        $"Forbidden: requires one of [{string.Join(", ", required.Select(s => $"'{s}'"))}]";
}
