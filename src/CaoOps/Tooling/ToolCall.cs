namespace CaoOps.Tooling;

/// <summary>Reports progress of a long call (MCP notifications/progress); a no-op when the caller asked for none.</summary>
internal delegate ValueTask ProgressReporter(double progress, double? total, string message);

/// <summary>One invocation: validated arguments, the shared services, and a progress sink.</summary>
internal sealed record ToolCall(ToolArguments Args, ToolServices Services, ProgressReporter? Progress = null)
{
    public ValueTask ReportAsync(double progress, double? total, string message) =>
        Progress is null ? ValueTask.CompletedTask : Progress(progress, total, message);
}
