namespace CaoOps.Testing.Internal.State;

/// <summary>JSON shapes and derived facts for <see cref="ProfileRecord"/>.</summary>
internal static class ProfileViews
{
    private static readonly string[] DeveloperTools = ["@builtin", "fs_*", "execute_bash", "web_fetch", "@cao-mcp-server"];
    private static readonly string[] ReviewerTools = ["@builtin", "fs_read", "fs_list", "@cao-mcp-server"];
    private static readonly string[] SupervisorTools = ["@cao-mcp-server", "fs_read", "fs_list"];

    /// <summary>An element of <c>GET /agents/profiles</c>.</summary>
    public static JObj ListEntry(ProfileRecord p)
    {
        var labels = p.Labels();
        return new JObj
        {
            { "name", p.Name },
            { "source", labels[0] },
            { "loadable", true },
            { "description", p.Description },
            { "capabilities", p.Capabilities },
            { "tags", p.Tags },
            { "role", p.Role ?? string.Empty },
            { "duplicated_in", labels.Skip(1).ToList() },
        };
    }

    /// <summary><c>GET /agents/profiles/{name}</c>: the model dump with null fields omitted, in model field order.</summary>
    public static JObj Detail(ProfileRecord p)
    {
        var detail = new JObj { { "name", p.Name }, { "description", p.Description } };
        if (p.Provider is not null)
        {
            detail.Add("provider", p.Provider);
        }

        detail.Add("system_prompt", p.SystemPrompt);
        if (p.Role is not null)
        {
            detail.Add("role", p.Role);
        }

        if (p.Capabilities.Count > 0)
        {
            detail.Add("capabilities", p.Capabilities);
        }

        if (p.Tags.Count > 0)
        {
            detail.Add("tags", p.Tags);
        }

        if (p.HasCaoMcpServer)
        {
            detail.Add("mcpServers", new JObj
            {
                { "cao-mcp-server", new JObj { { "type", "stdio" }, { "command", "cao-mcp-server" }, { "args", Array.Empty<string>() } } },
            });
        }

        return detail;
    }

    /// <summary>cao-server's allowed-tools resolution (role bundle, then the MCP server names).</summary>
    public static List<string>? AllowedTools(ProfileRecord? p)
    {
        if (p is null)
        {
            return null;
        }

        var tools = p.Role switch
        {
            null or "" or "developer" => [.. DeveloperTools],
            "reviewer" => [.. ReviewerTools],
            "supervisor" => [.. SupervisorTools],
            _ => new List<string> { "*" },
        };
        if (p.HasCaoMcpServer && !tools.Contains("*") && !tools.Contains("@cao-mcp-server"))
        {
            tools.Add("@cao-mcp-server");
        }

        return tools;
    }

    /// <summary>Provider precedence for a profile: its own valid provider, else the default.</summary>
    public static string ResolveProvider(ProfileRecord? p) =>
        p?.Provider is { } own && Providers.IsValid(own) ? own : Providers.Default;
}
