using System.Text.Json;

namespace CaoOps.Tooling;

/// <summary>Validates arguments and runs a tool; the single path both faces use.</summary>
internal static class ToolRunner
{
    /// <summary>Runs the tool; the answer never holds a null member (see <see cref="JsonBuild.WithoutNulls"/>).</summary>
    public static async Task<ToolOutcome> RunAsync(
        ToolDefinition tool,
        IEnumerable<KeyValuePair<string, JsonElement>>? arguments,
        ToolServices services,
        ProgressReporter? progress,
        CancellationToken cancellationToken)
    {
        var outcome = await RunCoreAsync(tool, arguments, services, progress, cancellationToken).ConfigureAwait(false);
        return outcome with { Result = JsonBuild.WithoutNulls(outcome.Result) };
    }

    private static async Task<ToolOutcome> RunCoreAsync(
        ToolDefinition tool,
        IEnumerable<KeyValuePair<string, JsonElement>>? arguments,
        ToolServices services,
        ProgressReporter? progress,
        CancellationToken cancellationToken)
    {
        ToolArguments? args = null;
        try
        {
            args = ToolArguments.Parse(tool.Parameters, arguments, out var problem);
            if (args is null)
            {
                return ToolOutcome.Error(tool.Failure($"Invalid arguments for {tool.Name}: {problem}.", null));
            }

            return await tool.Handler(new ToolCall(args, services, progress), cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // a tool failure must become an isError result, whatever it is
        catch (Exception ex)
#pragma warning restore CA1031
        {
            Log.Error($"{tool.Name} failed unexpectedly: {ex}");
            return ToolOutcome.Error(tool.Failure($"{tool.Name} failed unexpectedly ({ex.GetType().Name}: {ex.Message}). This is a cao-ops bug; please report it with the stderr log.", args));
        }
    }
}
