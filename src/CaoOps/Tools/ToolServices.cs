using CaoOps.Cao;

namespace CaoOps.Tools;

/// <summary>What tool handlers may use. One instance per process; everything in it is thread-safe.</summary>
internal sealed class ToolServices(CaoClient cao, TimeProvider? time = null)
{
    public CaoClient Cao { get; } = cao;

    public TimeProvider Time { get; } = time ?? TimeProvider.System;
}
