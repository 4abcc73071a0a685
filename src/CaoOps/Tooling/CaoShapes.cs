namespace CaoOps.Tooling;

/// <summary>
/// Declared shapes of the JSON cao-server answers with, for the output schemas of tools that pass it through. Fields as
/// the captures of cao-server 2.4.1 show them; more fields are allowed (no <c>additionalProperties: false</c>), because
/// newer servers add some. Null members never reach a client (<see cref="JsonBuild.WithoutNulls"/>), so a field that
/// the server may send as null is simply optional here: one <c>type</c> each, never a type array.
/// </summary>
internal static class CaoShapes
{
    /// <summary>A terminal (GET /terminals/{id}).</summary>
    public const string Terminal = """
        {"type":"object","properties":{"id":{"type":"string"},"name":{"type":"string"},"session_name":{"type":"string"},
        "provider":{"type":"string"},"agent_profile":{"type":"string"},"status":{"type":"string"},"last_active":{"type":"string"},
        "caller_id":{"type":"string"},"allowed_tools":{"type":"array","items":{"type":"string"}},"engine":{"type":"string"},
        "shell_command":{"type":"string"},"group":{"type":"array","items":{"type":"string"}},"metadata":{"type":"object"}}}
        """;

    /// <summary>The fields of <see cref="Terminal"/> an agent reads after a wait (the others are there too).</summary>
    public const string TerminalSummary = """
        {"type":"object","properties":{"id":{"type":"string"},"session_name":{"type":"string"},"provider":{"type":"string"},
        "agent_profile":{"type":"string"},"status":{"type":"string"},"last_active":{"type":"string"}}}
        """;

    /// <summary>Inbox messages, oldest first (GET /terminals/{id}/inbox/messages).</summary>
    public const string InboxMessages = """
        {"type":"array","items":{"type":"object","properties":{"id":{"type":"integer"},"sender_id":{"type":"string"},
        "message":{"type":"string"},"status":{"type":"string"},"created_at":{"type":"string"}}}}
        """;

    /// <summary>Provider CLIs (GET /agents/providers).</summary>
    public const string Providers = """
        {"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"binary":{"type":"string"},"installed":{"type":"boolean"}}}}
        """;

    /// <summary>Profile search hits, best first (GET /agents/profiles/search).</summary>
    public const string ProfileHits = """
        {"type":"array","items":{"type":"object","properties":{"name":{"type":"string"},"description":{"type":"string"},
        "role":{"type":"string"},"tags":{"type":"array","items":{"type":"string"}},"score":{"type":"number"}}}}
        """;

    /// <summary>cao-server's GET /health answer.</summary>
    public const string Health = """{"type":"object","properties":{"status":{"type":"string"}}}""";

    /// <summary>A workflow input's default: a value of the input's declared type.</summary>
    public const string InputDefault = """{"anyOf":[{"type":"string"},{"type":"number"},{"type":"boolean"}]}""";

    /// <summary>What a workflow script passed to emit_output: any JSON value but null.</summary>
    public const string Emitted = """
        {"anyOf":[{"type":"object"},{"type":"array"},{"type":"string"},{"type":"number"},{"type":"boolean"}]}
        """;
}
