namespace CaoOps.Testing.Internal.Flows;

/// <summary>Flows: the database rows (insertion order, like SQLite's rowid) and the files on "disk". Guarded by <c>CaoState.Gate</c>.</summary>
internal sealed class FlowState
{
    public const string FlowSessionPrefix = "cao-flow-";

    public List<FlowRecord> Rows { get; } = [];

    /// <summary>Flow files by flow name; they outlive their rows (DELETE and a failed create leave them behind).</summary>
    public Dictionary<string, FlowFileInfo> Files { get; } = new(StringComparer.Ordinal);

    public static string FilePath(string name) => $"{CaoPaths.CaoHome}/flows/{name}.flow.md";

    public FlowRecord? Find(string name) => Rows.Find(r => r.Name == name);
}
