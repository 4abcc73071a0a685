using System.Text.Json;

namespace CaoOps.Tools;

/// <summary>
/// A tool carries its own metadata (name, title, description, parameters, output schema, annotations),
/// its handler, and the shape of its failure answer. Both faces (MCP and CLI) run tools through
/// <see cref="ToolRunner"/>, so validation and results are identical.
/// </summary>
internal sealed class ToolDefinition
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    public IReadOnlyList<ToolParameter> Parameters { get; init; } = [];

    /// <summary>The outputSchema, as JSON text.</summary>
    public required string OutputSchema { get; init; }

    public required ToolHints Hints { get; init; }

    public required Func<ToolCall, CancellationToken, Task<ToolOutcome>> Handler { get; init; }

    /// <summary>Builds the failure answer for a message (tools keep upstream's failure shapes). Gets the arguments when they were valid.</summary>
    public Func<string, ToolArguments?, JsonElement> Failure { get; init; } = (message, _) => Results.Failure(message);
}
