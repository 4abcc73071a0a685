namespace CaoOps.Testing.Internal.State;

/// <summary>An agent profile known to the double (built-in, or added to the local store).</summary>
internal sealed class ProfileRecord
{
    public required string Name { get; init; }

    public string Description { get; set; } = string.Empty;

    public string? Provider { get; set; }

    public string SystemPrompt { get; set; } = string.Empty;

    public string? Role { get; set; }

    public List<string> Capabilities { get; init; } = [];

    public List<string> Tags { get; init; } = [];

    /// <summary>Declares the bundled <c>cao-mcp-server</c> MCP server (as every built-in does).</summary>
    public bool HasCaoMcpServer { get; set; }

    public bool BuiltIn { get; set; }

    public bool Local { get; set; }

    public bool Installed { get; set; }

    /// <summary>Directory labels holding this name, in cao-server's scan order.</summary>
    public IReadOnlyList<string> Labels()
    {
        var labels = new List<string>(3);
        if (Local)
        {
            labels.Add("local");
        }

        if (Installed)
        {
            labels.Add("installed");
        }

        if (BuiltIn)
        {
            labels.Add("built-in");
        }

        return labels;
    }
}
