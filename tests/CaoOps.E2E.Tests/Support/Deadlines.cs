using System.Globalization;

namespace CaoOps.E2E.Tests.Support;

/// <summary>
/// The harness's start-up and per-call deadlines. CAO_OPS_E2E_TIME_SCALE (1 to 20, default 1) multiplies them when the
/// binary runs under emulation (.ci/arm64 runs linux-arm64 under qemu-user, where a process start costs seconds, not
/// milliseconds). The lifecycle tests' "exits within 1 s" bound scales too (under qemu the emulated runtime's shutdown
/// alone can take a second on a loaded machine; 3 s still tells a prompt exit from a hung call's 60 s). Other speed
/// assertions (a hung fleet node costs its own timeout, a launch does not wait for the agent) are not scaled.
/// </summary>
internal static class Deadlines
{
    public static double Scale { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("CAO_OPS_E2E_TIME_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
            ? Math.Clamp(s, 1, 20)
            : 1;

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds * Scale);
}
