using System.Text.Json;

namespace CaoOps.Tooling;

/// <summary>What a tool answers: a JSON object (the complete answer) and whether it is a failure.</summary>
internal readonly record struct ToolOutcome(JsonElement Result, bool IsError)
{
    public static ToolOutcome Success(JsonElement result) => new(result, false);

    public static ToolOutcome Error(JsonElement result) => new(result, true);
}
