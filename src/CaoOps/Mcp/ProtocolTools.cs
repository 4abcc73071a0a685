using CaoOps.Tools.Profiles;
using CaoOps.Tools.Sessions;
using CaoOps.Tools.Terminals;
using ModelContextProtocol.Protocol;

namespace CaoOps.Mcp;

/// <summary>Turns tool definitions and outcomes into MCP protocol objects.</summary>
internal static class ProtocolTools
{
    public static Tool ToProtocol(ToolDefinition tool) => new()
    {
        Name = tool.Name,
        Title = tool.Title,
        Description = tool.Description,
        InputSchema = tool.InputSchema(),
        OutputSchema = tool.OutputSchema,
        Annotations = new ToolAnnotations
        {
            ReadOnlyHint = tool.Hints.ReadOnly,
            DestructiveHint = tool.Hints.Destructive,
            IdempotentHint = tool.Hints.Idempotent,
            OpenWorldHint = tool.Hints.OpenWorld,
        },
    };

    /// <summary>structuredContent is the complete answer; the text block carries the same JSON for clients that ignore it.</summary>
    public static CallToolResult ToResult(ToolOutcome outcome) => new()
    {
        StructuredContent = outcome.Result,
        Content = [new TextContentBlock { Text = JsonBuild.ToText(outcome.Result) }],
        IsError = outcome.IsError,
    };
}
