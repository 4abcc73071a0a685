using CaoOps.Profiles.Discovery;

namespace CaoOps.Profiles.Install;

/// <summary>CAO's <c>resolve_allowed_tools</c> and the OpenCode <c>permission:</c> translation.</summary>
internal static class AllowedTools
{
    public static readonly IReadOnlyDictionary<string, string[]> RoleDefaults = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["supervisor"] = ["@cao-mcp-server", "fs_read", "fs_list"],
        ["developer"] = ["@builtin", "fs_*", "execute_bash", "web_fetch", "@cao-mcp-server"],
        ["reviewer"] = ["@builtin", "fs_read", "fs_list", "@cao-mcp-server"],
    };

    /// <summary>Explicit list &gt; role (built-in, then settings) &gt; developer defaults; then <c>@server</c> appended unless <c>*</c>.</summary>
    /// <param name="warn">Receives the unknown-role warning.</param>
    public static List<string> Resolve(
        IReadOnlyList<string>? allowedTools,
        string? role,
        IReadOnlyList<string>? mcpServerNames,
        ProfileSettings settings,
        Action<string>? warn = null)
    {
        List<string> allowed;
        if (allowedTools is not null)
        {
            allowed = [.. allowedTools];
        }
        else if (!string.IsNullOrEmpty(role))
        {
            if (RoleDefaults.TryGetValue(role, out var builtIn))
            {
                allowed = [.. builtIn];
            }
            else if (settings.TryGetCustomRole(role, out var custom))
            {
                allowed = custom;
            }
            else
            {
                warn?.Invoke($"Unknown role '{role}' — falling back to unrestricted. Define custom roles in settings.json under 'roles'.");
                allowed = ["*"];
            }
        }
        else
        {
            allowed = [.. RoleDefaults["developer"]];
        }

        if (mcpServerNames is { Count: > 0 } && !allowed.Contains("*"))
        {
            foreach (var server in mcpServerNames)
            {
                var toolRef = "@" + server;
                if (!allowed.Contains(toolRef))
                {
                    allowed.Add(toolRef);
                }
            }
        }

        return allowed;
    }

    private static readonly string[] OpenCodeTools =
        ["read", "write", "edit", "glob", "grep", "bash", "task", "question", "webfetch", "websearch", "codesearch", "skill", "todowrite"];

    private static readonly Dictionary<string, string[]> CategoryMap = new(StringComparer.Ordinal)
    {
        ["execute_bash"] = ["bash"],
        ["fs_read"] = ["read"],
        ["fs_write"] = ["edit", "write"],
        ["fs_list"] = ["glob", "grep"],
        ["fs_*"] = ["read", "edit", "write", "glob", "grep"],
    };

    private static readonly HashSet<string> HardDeny = new(["task", "question", "webfetch", "websearch", "codesearch"], StringComparer.Ordinal);
    private static readonly HashSet<string> HardAllow = new(["todowrite", "skill"], StringComparer.Ordinal);

    /// <summary>All 13 OpenCode tools → "allow"/"deny" (tool vocabulary order).</summary>
    public static List<KeyValuePair<string, string>> OpenCodePermission(IReadOnlyList<string> allowed)
    {
        if (allowed.Contains("*"))
        {
            return OpenCodeTools.Select(t => new KeyValuePair<string, string>(t, "allow")).ToList();
        }

        var permitted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entry in allowed)
        {
            IEnumerable<string> categories = entry == "@builtin"
                ? ["execute_bash", "fs_read", "fs_write", "fs_list"]
                : entry.StartsWith('@') ? [] : [entry];
            foreach (var c in categories)
            {
                if (CategoryMap.TryGetValue(c, out var tools))
                {
                    permitted.UnionWith(tools);
                }
            }
        }

        return OpenCodeTools.Select(t => new KeyValuePair<string, string>(
            t,
            HardDeny.Contains(t) ? "deny" : HardAllow.Contains(t) || permitted.Contains(t) ? "allow" : "deny")).ToList();
    }
}
