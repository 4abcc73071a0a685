using CaoOps.Cao;
using CaoOps.Tools.Terminals;
using ModelContextProtocol.Protocol;

namespace CaoOps.Prompts;

/// <summary>What a prompt is built from: its validated arguments, the tools this server exposes, and cao-server.</summary>
internal sealed record PromptRequest(ToolArguments Args, IReadOnlySet<string> Tools, CaoClient Cao, TimeProvider Time);

/// <summary>
/// One MCP prompt: name, title, description, arguments (declared like tool parameters, so they are validated the same
/// way), the tools its instructions need (hidden tools hide the prompt), and how its messages are built.
/// </summary>
internal sealed record PromptDefinition
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public IReadOnlyList<ToolParameter> Arguments { get; init; } = [];

    /// <summary>Tools the instructions cannot do without; the prompt is listed only when all are exposed.</summary>
    public required IReadOnlyList<string> Requires { get; init; }

    public required Func<PromptRequest, CancellationToken, Task<GetPromptResult>> Build { get; init; }

    public Prompt ToProtocol() => new()
    {
        Name = Name,
        Title = Title,
        Description = Description,
        Arguments = [.. Arguments.Select(a => new PromptArgument { Name = a.Name, Description = a.Description, Required = a.Required })],
    };

    /// <summary>A result with one user message.</summary>
    public static GetPromptResult UserMessage(string description, string text) => new()
    {
        Description = description,
        Messages = [new PromptMessage { Role = Role.User, Content = new TextContentBlock { Text = text } }],
    };
}
