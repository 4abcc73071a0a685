using System.Runtime.InteropServices;

namespace CaoOps.Mcp;

/// <summary>
/// SIGTERM, SIGINT, SIGQUIT and SIGHUP end <c>cao-ops mcp</c> promptly with exit 0, and so do SIGUSR1 and SIGUSR2 on
/// Linux and macOS: they mean nothing to cao-ops, and their default action is to terminate, so whoever sends one expects
/// the process to end (cleanly, rather than killed mid-write). On Windows the runtime maps them to console
/// control events (Ctrl+C, Ctrl+Break, shutdown) through SetConsoleCtrlHandler; a signal the platform cannot register
/// (PlatformNotSupportedException) or a failing registration is skipped with a debug line rather than failing start-up:
/// stdin EOF still ends the server everywhere.
/// </summary>
internal static class StopSignals
{
    internal static readonly PosixSignal[] Signals =
    [
        PosixSignal.SIGTERM, PosixSignal.SIGINT, PosixSignal.SIGQUIT, PosixSignal.SIGHUP,
        .. OperatingSystem.IsMacOS() ? [(PosixSignal)30, (PosixSignal)31] : OperatingSystem.IsLinux() ? new[] { (PosixSignal)10, (PosixSignal)12 } : [],
    ];

    public static IDisposable Register(Action stop) => Register(stop, PosixSignalRegistration.Create);

    /// <param name="create">The registration seam (<see cref="PosixSignalRegistration.Create"/> outside tests).</param>
    internal static IDisposable Register(Action stop, Func<PosixSignal, Action<PosixSignalContext>, IDisposable> create)
    {
        var registrations = new List<IDisposable>(Signals.Length);
        foreach (var signal in Signals)
        {
            try
            {
                registrations.Add(create(signal, c => { c.Cancel = true; stop(); }));
            }
            catch (Exception ex) when (ex is PlatformNotSupportedException or IOException or UnauthorizedAccessException or System.ComponentModel.Win32Exception)
            {
                Log.Debug($"{signal} handler not registered on this platform ({ex.GetType().Name}: {ex.Message}); stdin EOF still stops the server");
            }
        }

        return new Registrations(registrations);
    }

    private sealed class Registrations(List<IDisposable> items) : IDisposable
    {
        public void Dispose()
        {
            foreach (var item in items)
            {
                item.Dispose();
            }
        }
    }
}
