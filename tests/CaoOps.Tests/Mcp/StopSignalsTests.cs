using System.Runtime.InteropServices;
using CaoOps.Mcp;

namespace CaoOps.Tests.Mcp;

public class StopSignalsTests
{
    private sealed class Registration(List<PosixSignal> disposed, PosixSignal signal) : IDisposable
    {
        public void Dispose() => disposed.Add(signal);
    }

    [Fact]
    public void Each_signal_stops_the_server_and_is_handled()
    {
        var handlers = new Dictionary<PosixSignal, Action<PosixSignalContext>>();
        var disposed = new List<PosixSignal>();
        var stops = 0;
        using (StopSignals.Register(() => stops++, (s, h) => { handlers[s] = h; return new Registration(disposed, s); }))
        {
            Assert.Equal(StopSignals.Signals, handlers.Keys);
            foreach (var (signal, handler) in handlers)
            {
                var context = new PosixSignalContext(signal);
                handler(context);
                Assert.True(context.Cancel); // the runtime does not terminate the process: the server ends itself with exit 0
            }
        }

        Assert.Equal(StopSignals.Signals.Length, stops);
        Assert.Contains(PosixSignal.SIGHUP, StopSignals.Signals); // the terminal or parent went away: end like SIGTERM
        Assert.Equal(StopSignals.Signals, disposed);
    }

    [Fact]
    public void A_signal_the_platform_refuses_is_skipped_not_fatal()
    {
        // Windows maps only SIGINT/SIGQUIT/SIGTERM/SIGHUP and needs SetConsoleCtrlHandler; other platforms may refuse any.
        var disposed = new List<PosixSignal>();
        var registered = new List<PosixSignal>();
        using (StopSignals.Register(() => { }, (s, _) =>
        {
            if (s == PosixSignal.SIGQUIT)
            {
                throw new PlatformNotSupportedException();
            }

            if (s == PosixSignal.SIGTERM)
            {
                throw new System.ComponentModel.Win32Exception(6, "The handle is invalid.");
            }

            registered.Add(s);
            return new Registration(disposed, s);
        }))
        {
            Assert.Equal(StopSignals.Signals.Except([PosixSignal.SIGQUIT, PosixSignal.SIGTERM]), registered);
        }

        Assert.Equal(StopSignals.Signals.Except([PosixSignal.SIGQUIT, PosixSignal.SIGTERM]), disposed);
    }
}
