using System.Security.Claims;

namespace CaoOps.Http;

/// <summary>
/// What a bearer token's scopes (CAO's names) allow: cao:read the read-only tools, cao:write also the tools that change
/// state, cao:admin also the destructive ones (shutdown, delete). Without authorization every selected tool is allowed.
/// </summary>
internal sealed class ScopePolicy(IReadOnlyList<ToolDefinition> tools)
{
    public const string Read = "cao:read";
    public const string Write = "cao:write";
    public const string Admin = "cao:admin";

    public static readonly IReadOnlyList<string> All = [Read, Write, Admin];

    /// <summary>The claim type the validated token's scopes are put under (space-separated, as in the token).</summary>
    public const string ClaimType = "scope";

    private readonly Dictionary<string, ToolDefinition> _byName = tools.ToDictionary(t => t.Name, StringComparer.Ordinal);

    public static string Needed(ToolDefinition tool) => tool.Hints.ReadOnly ? Read : tool.Hints.Destructive ? Admin : Write;

    /// <summary>The tools the caller may list and call (all of them when the request was not authenticated: no auth configured).</summary>
    public IReadOnlyList<ToolDefinition> Visible(ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated != true ? tools : [.. tools.Where(t => Allows(user, Needed(t)))];

    /// <summary>The scope a call of <paramref name="toolName"/> needs and this caller lacks; null when allowed or the tool is unknown.</summary>
    public string? Missing(ClaimsPrincipal user, string toolName) =>
        user.Identity?.IsAuthenticated == true && _byName.TryGetValue(toolName, out var tool) && !Allows(user, Needed(tool)) ? Needed(tool) : null;

    /// <summary>True when the token carries at least one of CAO's scopes.</summary>
    public static bool HasAny(ClaimsPrincipal user) => Allows(user, Read);

    /// <summary>cao:admin includes cao:write, which includes cao:read.</summary>
    public static bool Allows(ClaimsPrincipal user, string needed)
    {
        var rank = Rank(needed);
        foreach (var claim in user.FindAll(ClaimType))
        {
            foreach (var scope in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Rank(scope) >= rank)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static int Rank(string scope) => scope switch
    {
        Read => 1,
        Write => 2,
        Admin => 3,
        _ => 0,
    };
}
