using CaoOps.Testing.Internal.Auth;
using CaoOps.Testing.Internal.State;

namespace CaoOps.Testing.Internal;

/// <summary>What route handlers share: options, state, and the address the double is bound to.</summary>
internal sealed class ServerContext
{
    public ServerContext(CaoApiDoubleOptions options, CaoState state, CancellationToken stopping)
    {
        Options = options;
        State = state;
        Stopping = stopping;
        Auth = new BearerAuth(options, () => BaseAddress);
        Workflows = new Workflows.WorkflowEngine(this);
    }

    public BearerAuth Auth { get; }

    /// <summary>Drives workflow runs (shared by the run routes and the seeding API).</summary>
    public Workflows.WorkflowEngine Workflows { get; }

    public CaoApiDoubleOptions Options { get; }

    public CaoState State { get; }

    public CancellationToken Stopping { get; }

    public string BaseAddress { get; set; } = string.Empty;
}
