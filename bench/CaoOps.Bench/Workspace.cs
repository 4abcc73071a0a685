using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CaoOps.Bench;

/// <summary>Where things are: the repository, the published cao-ops binary and the AOT echo floor (published on demand).</summary>
internal static class Workspace
{
    public static string Root { get; } = FindRoot();

    public static string Rid => RuntimeInformation.RuntimeIdentifier;

    public static string CaoOpsBinary =>
        Environment.GetEnvironmentVariable("CAO_OPS_BIN") is { Length: > 0 } explicitPath
            ? explicitPath
            : Path.Combine(Root, "dist", Rid, "cao-ops");

    public static string FloorProject => Path.Combine(Root, "bench", "EchoFloor", "EchoFloor.csproj");

    public static string FloorBinary => Path.Combine(Root, "bench", "EchoFloor", "bin", "publish", Rid, "echo-floor");

    private static string FindRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "cao-ops.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("cannot find the repository root (cao-ops.sln) above " + AppContext.BaseDirectory);
    }

    /// <summary>Publishes bench/EchoFloor (Native AOT) when its binary is missing or older than its sources.</summary>
    public static string EnsureFloor(TextWriter log)
    {
        var sources = Directory.EnumerateFiles(Path.GetDirectoryName(FloorProject)!, "*.*", SearchOption.TopDirectoryOnly)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".csproj", StringComparison.Ordinal))
            .Append(Path.Combine(Root, "bench", "Directory.Build.props"))
            .Append(Path.Combine(Root, "Directory.Build.props"));
        var newest = sources.Max(File.GetLastWriteTimeUtc);
        if (File.Exists(FloorBinary) && File.GetLastWriteTimeUtc(FloorBinary) >= newest)
        {
            return FloorBinary;
        }

        log.WriteLine($"Publishing the AOT echo floor ({Rid}) into {Path.GetRelativePath(Root, Path.GetDirectoryName(FloorBinary)!)}/ (first run only, ~30-60 s) ...");
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "publish", FloorProject, "-c", "Release", "-r", Rid, "-o", Path.GetDirectoryName(FloorBinary)!, "-nologo", "-warnaserror" })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        p.WaitForExit();
        if (p.ExitCode != 0 || !File.Exists(FloorBinary))
        {
            throw new InvalidOperationException($"publishing the echo floor failed ({p.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
        }

        File.SetLastWriteTimeUtc(FloorBinary, DateTime.UtcNow);
        return FloorBinary;
    }
}
