using System.Runtime.InteropServices;

namespace CaoOps.E2E.Tests.Support;

/// <summary>Finds the AOT-published binary that ./publish.sh wrote (or CAO_OPS_BIN).</summary>
internal static class PublishedBinary
{
    public static string Path { get; } = Locate();

    private static string Locate()
    {
        if (Environment.GetEnvironmentVariable("CAO_OPS_BIN") is { Length: > 0 } explicitPath)
        {
            return File.Exists(explicitPath) ? explicitPath : throw new FileNotFoundException($"CAO_OPS_BIN points to {explicitPath}, which does not exist.");
        }

        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(System.IO.Path.Combine(dir.FullName, "cao-ops.sln")))
        {
            dir = dir.Parent;
        }

        if (dir is null)
        {
            throw new DirectoryNotFoundException("cannot find the repository root (cao-ops.sln) above " + AppContext.BaseDirectory);
        }

        var name = OperatingSystem.IsWindows() ? "cao-ops.exe" : "cao-ops";
        var path = System.IO.Path.Combine(dir.FullName, "dist", RuntimeInformation.RuntimeIdentifier, name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The end-to-end tests run the published binary, but {path} does not exist. Run ./publish.sh (or publish.ps1) first.");
    }
}
