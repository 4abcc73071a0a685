using CaoOps.Testing.Internal.Workflows;

namespace CaoOps.Testing;

/// <summary>Seeding and inspection of flows and workflows.</summary>
public sealed partial class CaoApiDouble
{
    /// <summary>Adds (or replaces) a script workflow in <c>&lt;CAO_HOME&gt;/workflows</c>.</summary>
    public void SeedWorkflow(WorkflowSeed workflow)
    {
        ArgumentNullException.ThrowIfNull(workflow);
        ArgumentException.ThrowIfNullOrEmpty(workflow.Name);
        lock (_state.Gate)
        {
            _state.Workflows.Specs[workflow.Name] = workflow;
        }
    }

    /// <summary>A run's state (<c>running</c>, <c>completed</c>, <c>failed</c>, <c>cancelled</c>), or null when there is no such run.</summary>
    public string? GetWorkflowRunState(string runId)
    {
        lock (_state.Gate)
        {
            return _state.Workflows.Runs.TryGetValue(runId, out var run) ? run.State : null;
        }
    }

    /// <summary>
    /// Performs the run's next transition that waits for the test (a null <see cref="WorkflowSeed.StartDelay"/> or
    /// step <see cref="WorkflowStepSeed.Duration"/>), polling until the run reaches one; throws at the deadline.
    /// </summary>
    public async Task AdvanceWorkflowRunAsync(string runId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            lock (_state.Gate)
            {
                if (!_state.Workflows.Runs.TryGetValue(runId, out var run))
                {
                    throw new KeyNotFoundException($"Workflow run '{runId}' not found");
                }

                if (WorkflowEngine.TryAdvanceLocked(run))
                {
                    return;
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Workflow run '{runId}' did not reach a step that waits for AdvanceWorkflowRunAsync");
            }

            await Task.Delay(10).ConfigureAwait(false);
        }
    }

    /// <summary>The flow file as cao-server left it on disk (files outlive deleted flows), or null.</summary>
    public FlowFileInfo? GetFlowFile(string name)
    {
        lock (_state.Gate)
        {
            return _state.Flows.Files.GetValueOrDefault(name);
        }
    }
}
