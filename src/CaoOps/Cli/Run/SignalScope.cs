using System.Runtime.InteropServices;

namespace CaoOps.Cli.Run;

/// <summary>
/// SIGINT, SIGTERM and SIGHUP for the lifetime of a run: the first one cancels <see cref="Token"/> (the run stops waiting
/// and cleans up) instead of ending the process; <see cref="ExitCode"/> is then 128 + its number. Only the run and
/// doctor --deep commands create one, so nothing of it runs on the mcp path.
/// </summary>
internal sealed class SignalScope : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _number;

    private SignalScope()
    {
    }

    public CancellationToken Token => _cts.Token;

    /// <summary>The number of the first signal received (2 SIGINT, 15 SIGTERM, 1 SIGHUP), or 0.</summary>
    public int Number => Volatile.Read(ref _number);

    public bool Signaled => Number != 0;

    /// <summary>128 + the signal's number, or null when no signal arrived.</summary>
    public int? ExitCode => Signaled ? RunExit.Signal(Number) : null;

    public static SignalScope Create()
    {
        var scope = new SignalScope();
        scope.Register(PosixSignal.SIGINT, 2);
        scope.Register(PosixSignal.SIGTERM, 15);
        if (!OperatingSystem.IsWindows())
        {
            scope.Register(PosixSignal.SIGHUP, 1);
        }

        return scope;
    }

    /// <summary>For tests: behave as if the signal arrived.</summary>
    public void Raise(int number)
    {
        if (Interlocked.CompareExchange(ref _number, number, 0) == 0)
        {
            _cts.Cancel();
        }
    }

    private void Register(PosixSignal signal, int number)
    {
        try
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true; // the run exits itself once cleanup is done
                Raise(number);
            }));
        }
        catch (PlatformNotSupportedException)
        {
            // not on this platform: the default handling stays
        }
    }

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _cts.Dispose();
    }
}
