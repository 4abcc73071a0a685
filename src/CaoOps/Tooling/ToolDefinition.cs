using System.Text.Json;

namespace CaoOps.Tooling;

/// <summary>
/// A tool carries its own metadata (name, title, description, toolset, parameters, output schema, annotations),
/// its handler, and the shape of its failure answer. Both faces (MCP and CLI) run tools through
/// <see cref="ToolRunner"/>, so validation and results are identical. A record, so a wrapper (fleet mode) changes
/// what it means to with <c>tool with { … }</c> and keeps every other field.
/// </summary>
internal sealed record ToolDefinition
{
    public required string Name { get; init; }

    public required string Title { get; init; }

    public required string Description { get; init; }

    /// <summary>The toolset the tool belongs to (one of <see cref="Toolsets"/>' names).</summary>
    public required string Toolset { get; init; }

    public IReadOnlyList<ToolParameter> Parameters { get; init; } = [];

    /// <summary>The outputSchema: from the result record (<see cref="OutputSchemas.For{T}"/>) or, for pass-through JSON, parsed text; built on first use.</summary>
    public required DeferredSchema Output { get; init; }

    /// <summary>The outputSchema as JSON.</summary>
    public JsonElement OutputSchema => Output.Value;

    public required ToolHints Hints { get; init; }

    public required Func<ToolCall, CancellationToken, Task<ToolOutcome>> Handler { get; init; }

    /// <summary>Builds the failure answer for a message (tools keep upstream's failure shapes). Gets the arguments when they were valid.</summary>
    public Func<string, ToolArguments?, JsonElement> Failure { get; init; } = (message, _) => Results.Failure(message);

    /// <summary>The JSON Schema of the arguments, generated from <see cref="Parameters"/>.</summary>
    public JsonElement InputSchema() => Tooling.InputSchema.For(Parameters);
}
