using System.Text;
using System.Text.Json;
using CaoOps.Profiles;

namespace CaoOps.Tests.Profiles;

/// <summary>A throw-away HOME with CAO's default layout; every path the engine touches is under it.</summary>
internal sealed class ProfileSandbox : IDisposable
{
    public ProfileSandbox(Dictionary<string, string>? env = null, string? builtinStore = null, string? kiroDir = null)
    {
        Root = Path.Combine(Path.GetTempPath(), "cao-prof-" + Guid.NewGuid().ToString("N")[..10]);
        Home = Path.Combine(Root, "home", "u");
        Directory.CreateDirectory(Home);
        Env = env ?? [];
        Env.TryAdd("HOME", Home);
        Env.TryAdd("PATH", "");
        Paths = new ProfilePaths(Home, Path.Combine(Home, ".aws", "cli-agent-orchestrator"), kiroDir, builtinStore);
        Engine = new ProfileEngine(Paths, Downloader, new DictionaryProfileEnvironment(Env), w => Warnings.Add(w));
    }

    public string Root { get; }

    public string Home { get; }

    public Dictionary<string, string> Env { get; }

    public ProfilePaths Paths { get; }

    public FakeDownloader Downloader { get; } = new();

    public List<string> Warnings { get; } = [];

    public ProfileEngine Engine { get; }

    public string CaoHome => Paths.CaoHome;

    public string Store => Paths.LocalStore;

    /// <summary>Writes a file (creating folders), LF newlines as given.</summary>
    public string Write(string relativeOrAbsolute, string content)
    {
        var path = Path.IsPathRooted(relativeOrAbsolute) ? relativeOrAbsolute : Path.Combine(Home, relativeOrAbsolute);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, Encoding.UTF8.GetBytes(content));
        return path;
    }

    public string StoreProfile(string name, string content) => Write(Path.Combine(Store, name + ".md"), content);

    public string Read(string path) => Encoding.UTF8.GetString(File.ReadAllBytes(path));

    /// <summary>Replaces the sandbox home with /home/u, as in the spec's worked examples.</summary>
    public string Normalize(string text) => text.Replace(Home, "/home/u", StringComparison.Ordinal);

    public ProfileResult Install(string source, string? provider = null, Dictionary<string, string>? env = null, bool allowLocalFile = false) =>
        Engine.InstallAsync(source, provider, env, allowLocalFile, CancellationToken.None).GetAwaiter().GetResult();

    public static UnixFileMode Mode(string path) => OperatingSystem.IsWindows() ? default : File.GetUnixFileMode(path);

    public static string? Str(JsonElement e, string key) => e.GetProperty(key).ValueKind == JsonValueKind.Null ? null : e.GetProperty(key).GetString();

    /// <summary>All files under the sandbox, relative, sorted (to prove failed installs write nothing).</summary>
    public List<string> Snapshot() =>
        Directory.EnumerateFileSystemEntries(Root, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(Root, p) + (File.Exists(p) ? ":" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(p))) : "/"))
            .Order(StringComparer.Ordinal)
            .ToList();

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}

internal sealed class FakeDownloader : IProfileDownloader
{
    public List<Uri> Calls { get; } = [];

    public Func<Uri, ProfileDownloadResponse> Respond { get; set; } = _ => new ProfileDownloadResponse(404, "Not Found", false, "");

    public Task<ProfileDownloadResponse> GetAsync(Uri url, CancellationToken cancellationToken)
    {
        Calls.Add(url);
        return Task.FromResult(Respond(url));
    }
}
