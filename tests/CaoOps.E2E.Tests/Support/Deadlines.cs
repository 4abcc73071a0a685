using System.Globalization;

namespace CaoOps.E2E.Tests.Support;

/// <summary>
/// The harness's start-up and per-call deadlines. CAO_OPS_E2E_TIME_SCALE (1 to 20, default 1) multiplies them when the
/// binary runs under emulation (.ci/arm64 runs linux-arm64 under qemu-user, where a process start costs seconds, not
/// milliseconds). Assertions about how fast something must be (exit within 1 s, a hung node costs its own timeout) are
/// not scaled: they are what the tests check.
/// </summary>
internal static class Deadlines
{
    public static double Scale { get; } =
        double.TryParse(Environment.GetEnvironmentVariable("CAO_OPS_E2E_TIME_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s)
            ? Math.Clamp(s, 1, 20)
            : 1;

    public static TimeSpan Seconds(double seconds) => TimeSpan.FromSeconds(seconds * Scale);
}
