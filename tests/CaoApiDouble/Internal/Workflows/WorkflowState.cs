namespace CaoOps.Testing.Internal.Workflows;

/// <summary>Seeded workflow specs and the run journal. Guarded by <c>CaoState.Gate</c>.</summary>
internal sealed class WorkflowState
{
    public const string Directory = CaoPaths.CaoHome + "/workflows";

    public Dictionary<string, WorkflowSeed> Specs { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, WorkflowRun> Runs { get; } = new(StringComparer.Ordinal);

    public static string SourcePath(string name) => $"{Directory}/{name}.py";

    /// <summary><c>get_workflow(name_or_path)</c>: a name, <c>name.py</c>, or the spec's path.</summary>
    public WorkflowSeed? Resolve(string nameOrPath)
    {
        if (Specs.TryGetValue(nameOrPath, out var spec))
        {
            return spec;
        }

        var stem = nameOrPath.StartsWith(Directory + "/", StringComparison.Ordinal) ? nameOrPath[(Directory.Length + 1)..] : nameOrPath;
        return stem.EndsWith(".py", StringComparison.Ordinal) && Specs.TryGetValue(stem[..^3], out spec) ? spec : null;
    }
}
