namespace CaoOps.E2E.Tests.Interop;

/// <summary>
/// Where the interop suite lives (tests/Interop: Node test files driving the published binary with MCP clients that
/// are not ours) and what it needs: its node_modules (<c>npm ci --prefix tests/Interop</c>) with the Node 22 that the
/// npm package <c>node</c> provides.
/// </summary>
internal static class InteropSuite
{
    public const string InstallHint = "run `npm ci --prefix tests/Interop` first";

    public static string Directory { get; } = Locate();

    public static string NodeModules => Path.Combine(Directory, "node_modules");

    public static bool Installed => System.IO.Directory.Exists(NodeModules) && Node is not null;

    /// <summary>The Node 22 binary of the <c>node</c> npm package (the Inspector and Claude Code need Node ≥ 22).</summary>
    public static string? Node { get; } = new[]
    {
        Path.Combine(NodeModules, "node", "bin", "node"),
        Path.Combine(NodeModules, "node", "bin", "node.exe"),
        Path.Combine(NodeModules, ".bin", "node"),
    }.FirstOrDefault(File.Exists);

    /// <summary>The test files (<c>*.test.mjs</c>), by file name.</summary>
    public static IEnumerable<string> TestFiles() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.EnumerateFiles(Directory, "*.test.mjs").Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)
            : [];

    private static string Locate()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "cao-ops.sln")))
        {
            dir = dir.Parent;
        }

        return Path.Combine(dir?.FullName ?? AppContext.BaseDirectory, "tests", "Interop");
    }
}
