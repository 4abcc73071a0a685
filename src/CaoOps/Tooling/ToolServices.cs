using CaoOps.Cao;
using CaoOps.Profiles;

namespace CaoOps.Tooling;

/// <summary>What tool handlers may use. One instance per process (per node in a fleet); everything in it is thread-safe.</summary>
internal sealed class ToolServices(CaoClient cao, TimeProvider? time = null, Func<ProfileEngine>? profiles = null)
{
    private readonly Lazy<ProfileEngine> _profiles = new(profiles ?? (() => ProfileEngine.FromEnvironment(Log.Warn)), LazyThreadSafetyMode.ExecutionAndPublication);

    public CaoClient Cao { get; } = cao;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;

    /// <summary>cao-ops' own profile engine, built on first use (only when a server lacks the profile routes).</summary>
    public ProfileEngine Profiles => _profiles.Value;
}
