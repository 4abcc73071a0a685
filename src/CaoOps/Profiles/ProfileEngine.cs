using System.Text.Json;
using CaoOps.Profiles.Discovery;
using CaoOps.Profiles.Install;
using CaoOps.Profiles.Model;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles;

/// <summary>
/// Native port of CAO 2.4.1's agent-profile surface: listing (<c>GET /agents/profiles</c>), loading
/// (<c>GET /agents/profiles/{name}</c>) and installing (<c>POST /agents/profiles/install</c>).
/// All file-system locations come from <see cref="ProfilePaths"/>; network access only through
/// <see cref="IProfileDownloader"/>.
/// </summary>
public sealed class ProfileEngine
{
    private readonly ProfilePaths _paths;
    private readonly IProfileEnvironment _environment;
    private readonly InstallService _install;

    /// <param name="paths">Where profiles, the .env, settings and provider outputs live.</param>
    /// <param name="downloader">URL installs go through this (tests pass a fake).</param>
    /// <param name="environment">Process environment (CAO_PROFILE_ALLOWED_HOSTS, PATH, .env interpolation); default: the real one.</param>
    /// <param name="warn">Receives CAO's warnings (invalid frontmatter provider, unknown role, …). Never given secret values.</param>
    public ProfileEngine(ProfilePaths paths, IProfileDownloader downloader, IProfileEnvironment? environment = null, Action<string>? warn = null)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(downloader);
        _paths = paths;
        _environment = environment ?? ProcessProfileEnvironment.Instance;
        _install = new InstallService(paths, downloader, _environment, warn ?? (_ => { }));
    }

    public ProfilePaths Paths => _paths;

    /// <summary>Real HOME, CAO_HOME_DIR, CAO_AGENTS_DIR, CAO_BUILTIN_STORE and the real HTTP downloader.</summary>
    public static ProfileEngine FromEnvironment() => FromEnvironment(null);

    public static ProfileEngine FromEnvironment(Action<string>? warn)
    {
        var env = ProcessProfileEnvironment.Instance;
        return new ProfileEngine(ProfilePaths.FromEnvironment(env), new HttpProfileDownloader(), env, warn);
    }

    /// <summary>The <c>GET /agents/profiles</c> array.</summary>
    /// <exception cref="InvalidOperationException">Listing failed (upstream answers 500 with this message as detail).</exception>
    public JsonElement ListProfiles()
    {
        var result = ListProfilesResult();
        return result.Ok ? result.Json : throw new InvalidOperationException(result.Detail);
    }

    /// <summary><see cref="ListProfiles"/> as a result: 500 <c>Failed to list agent profiles: …</c> on failure.</summary>
    public ProfileResult ListProfilesResult()
    {
        try
        {
            var list = new PyList();
            foreach (var entry in new ProfileDiscovery(_paths, ProfileSettings.Load(_paths)).List())
            {
                list.Add(entry);
            }

            return new ProfileResult(true, PyJson.ToElement(list), 200, null);
        }
        catch (Exception ex) when (ex is ProfileReadException or IOException or UnauthorizedAccessException)
        {
            return Error(500, $"Failed to list agent profiles: {ex.Message}");
        }
    }

    /// <summary><c>GET /agents/profiles/{name}</c>: the resolved profile with null fields omitted, or 400/404/500.</summary>
    public ProfileResult GetProfile(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string raw;
        try
        {
            raw = new ProfileDiscovery(_paths, ProfileSettings.Load(_paths)).ReadSource(name);
        }
        catch (ProfileLookupException ex)
        {
            return ex.Failure switch
            {
                LookupFailure.NotFound => Error(404, ex.Message),
                LookupFailure.Value => Error(400, ex.Message),
                _ => Error(500, $"Failed to load agent profile '{name}': {ex.Message}"),
            };
        }

        try
        {
            var profile = ProfileParser.Parse(EnvPlaceholders.Substitute(raw, LoadEnvValues()), name);
            return new ProfileResult(true, PyJson.ToElement(profile.Dump()), 200, null);
        }
        catch (ProfileParseException ex)
        {
            return ex.Kind is ProfileErrorKind.Validation or ProfileErrorKind.Value
                ? Error(400, ex.Message)
                : Error(500, $"Failed to load agent profile '{name}': {ex.Message}");
        }
        catch (ProfileReadException ex)
        {
            return ex.IsValueError ? Error(400, ex.Message) : Error(500, $"Failed to load agent profile '{name}': {ex.Message}");
        }
    }

    /// <summary>
    /// <c>POST /agents/profiles/install</c>. <paramref name="allowLocalFile"/> enables a local
    /// <c>.md</c> path source (CLI only; never pass true for HTTP/MCP callers).
    /// </summary>
    public async Task<ProfileResult> InstallAsync(
        string source,
        string? provider,
        IReadOnlyDictionary<string, string>? envVars,
        bool allowLocalFile,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(source);
        var result = await _install.InstallAsync(source, provider, envVars, allowLocalFile, ct).ConfigureAwait(false);
        var json = JsonSerializer.SerializeToElement(result, ProfilesJsonContext.Relaxed.InstallResult);
        return result.Success
            ? new ProfileResult(true, json, 200, null)
            : new ProfileResult(false, json, 400, result.Message);
    }

    /// <summary>The managed .env values (<c>load_env_vars</c>): {} when the file is missing.</summary>
    private Dictionary<string, string> LoadEnvValues()
    {
        if (!File.Exists(_paths.EnvFile))
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return DotEnvFile.Values(PathUtil.ReadEnv(_paths.EnvFile), _environment.GetVariables());
    }

    private static ProfileResult Error(int status, string detail)
    {
        using var doc = JsonDocument.Parse("null");
        return new ProfileResult(false, doc.RootElement.Clone(), status, detail);
    }
}
