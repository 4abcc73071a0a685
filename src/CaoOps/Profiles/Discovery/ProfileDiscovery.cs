using CaoOps.Profiles.Model;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Discovery;

/// <summary>
/// CAO 2.4.1 profile discovery: lookup by name (<c>_read_agent_profile_source</c>) and listing
/// (<c>list_agent_profiles</c>) over the local store, provider dirs, extra dirs, and the built-in store.
/// </summary>
internal sealed class ProfileDiscovery
{
    private readonly ProfilePaths _paths;
    private readonly ProfileSettings _settings;

    public ProfileDiscovery(ProfilePaths paths, ProfileSettings settings)
    {
        _paths = paths;
        _settings = settings;
    }

    private HashSet<string> Disabled() =>
        _settings.DisabledDirs().Select(d => PathUtil.RealPath(PathUtil.ExpandUser(d, _paths.Home))).ToHashSet(StringComparer.Ordinal);

    private string Norm(string p) => PathUtil.RealPath(PathUtil.ExpandUser(p, _paths.Home));

    /// <summary>Locates a profile and returns its raw text (universal newlines).</summary>
    /// <param name="name">Lookup name; rejected if it contains '/', '\' or '..'.</param>
    /// <param name="overlay">Pending writes (resolved path → text) that count as existing files.</param>
    public string ReadSource(string name, IReadOnlyDictionary<string, string>? overlay = null)
    {
        if (name.Contains('/', StringComparison.Ordinal) || name.Contains('\\', StringComparison.Ordinal) || name.Contains("..", StringComparison.Ordinal))
        {
            throw new ProfileLookupException(LookupFailure.Value, $"Invalid agent name '{name}': must not contain '/', '\\', or '..'");
        }

        var disabled = Disabled();

        bool Exists(string resolved) => (overlay?.ContainsKey(resolved) ?? false) || File.Exists(resolved) || Directory.Exists(resolved);

        string Read(string resolved)
        {
            if (overlay is not null && overlay.TryGetValue(resolved, out var pending))
            {
                return pending;
            }

            try
            {
                return PathUtil.ReadProfile(resolved);
            }
            catch (ProfileReadException ex)
            {
                throw new ProfileLookupException(ex.IsValueError ? LookupFailure.Value : LookupFailure.OS, ex.Message);
            }
        }

        if (!disabled.Contains(Norm(_paths.LocalStore)))
        {
            var local = PathUtil.SafeJoin(_paths.LocalStore, name + ".md");
            if (local is not null && Exists(local))
            {
                return Read(local);
            }
        }

        string? LookupIn(string dir)
        {
            if (!Directory.Exists(dir) && !File.Exists(dir))
            {
                return null;
            }

            var flat = PathUtil.SafeJoin(dir, name + ".md");
            if (flat is not null && Exists(flat))
            {
                return Read(flat);
            }

            var nested = PathUtil.SafeJoin(dir, name, "agent.md");
            if (nested is not null && Exists(nested))
            {
                return Read(nested);
            }

            return null;
        }

        foreach (var (_, dir) in _settings.AgentDirs())
        {
            if (disabled.Contains(Norm(dir)))
            {
                continue;
            }

            if (LookupIn(dir) is { } found)
            {
                return found;
            }
        }

        foreach (var dir in _settings.ExtraAgentDirs())
        {
            if (disabled.Contains(Norm(dir)))
            {
                continue;
            }

            if (LookupIn(dir) is { } found)
            {
                return found;
            }
        }

        if (_paths.BuiltinStore is { } store)
        {
            var builtIn = Path.Combine(store, name + ".md");
            if (File.Exists(builtIn))
            {
                return Read(builtIn);
            }
        }

        throw new ProfileLookupException(LookupFailure.NotFound, $"Agent profile not found: {name}");
    }

    private static readonly Dictionary<string, string> ProviderLabels = new(StringComparer.Ordinal)
    {
        ["kiro_cli"] = "kiro",
        ["claude_code"] = "claude_code",
        ["codex"] = "codex",
        ["cao_installed"] = "installed",
    };

    /// <summary>The <c>GET /agents/profiles</c> entries, sorted by name.</summary>
    /// <exception cref="ProfileReadException">A configured directory cannot be listed (HTTP 500 upstream).</exception>
    public List<PyDict> List()
    {
        var profiles = new Dictionary<string, PyDict>(StringComparer.Ordinal);
        var nameSources = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var disabled = Disabled();
        var scanned = new HashSet<string>(StringComparer.Ordinal);

        var localNorm = Norm(_paths.LocalStore);
        if (!disabled.Contains(localNorm))
        {
            ScanDirectory(_paths.LocalStore, "local", profiles, nameSources, dirProfilesLoadable: false);
            scanned.Add(localNorm);
        }

        foreach (var (provider, dir) in _settings.AgentDirs())
        {
            var norm = Norm(dir);
            if (disabled.Contains(norm) || scanned.Contains(norm))
            {
                continue;
            }

            ScanDirectory(dir, ProviderLabels.GetValueOrDefault(provider, provider), profiles, nameSources, dirProfilesLoadable: true);
            scanned.Add(norm);
        }

        foreach (var dir in _settings.ExtraAgentDirs())
        {
            var norm = Norm(dir);
            if (disabled.Contains(norm) || scanned.Contains(norm))
            {
                continue;
            }

            ScanDirectory(dir, "custom", profiles, nameSources, dirProfilesLoadable: true);
            scanned.Add(norm);
        }

        if (_paths.BuiltinStore is { } store)
        {
            try
            {
                foreach (var item in Directory.EnumerateFileSystemEntries(store))
                {
                    var fileName = Path.GetFileName(item);
                    if (!fileName.EndsWith(".md", StringComparison.Ordinal))
                    {
                        continue;
                    }

                    var profileName = fileName[..^3];
                    Sources(nameSources, profileName).Add("built-in");
                    if (profiles.ContainsKey(profileName))
                    {
                        continue;
                    }

                    profiles[profileName] = Entry(profileName, "built-in", ScanSource(item, profileName));
                }
            }
            catch (IOException)
            {
                // Errors while scanning the built-in store are swallowed, like upstream.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        var result = new List<PyDict>();
        foreach (var name in profiles.Keys.Order(PyText.CodePointComparer))
        {
            var entry = profiles[name];
            var dup = new PyList();
            var srcs = nameSources.GetValueOrDefault(name) ?? [];
            foreach (var s in srcs.Skip(1))
            {
                dup.Add(s);
            }

            entry.Set("duplicated_in", dup);
            result.Add(entry);
        }

        return result;
    }

    private static List<string> Sources(Dictionary<string, List<string>> map, string name)
    {
        if (!map.TryGetValue(name, out var l))
        {
            l = [];
            map[name] = l;
        }

        return l;
    }

    private static PyDict Entry(string name, string label, (PyDict Fields, bool Loadable) scan)
    {
        var d = new PyDict();
        d.Set("name", name);
        d.Set("source", label);
        d.Set("loadable", scan.Loadable);
        foreach (var e in scan.Fields.Entries)
        {
            d.Set(e.Key, e.Value);
        }

        return d;
    }

    private static void ScanDirectory(
        string directory,
        string label,
        Dictionary<string, PyDict> profiles,
        Dictionary<string, List<string>> nameSources,
        bool dirProfilesLoadable)
    {
        if (!Directory.Exists(directory))
        {
            if (File.Exists(directory))
            {
                throw new ProfileReadException($"[Errno 20] Not a directory: '{directory}'", isValueError: false);
            }

            return;
        }

        var seenHere = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<string> items;
        try
        {
            items = Directory.EnumerateFileSystemEntries(directory).ToList();
        }
        catch (UnauthorizedAccessException)
        {
            throw new ProfileReadException($"[Errno 13] Permission denied: '{directory}'", isValueError: false);
        }

        foreach (var item in items)
        {
            var fileName = Path.GetFileName(item);
            string profileName;
            (PyDict, bool) scan;
            if (Directory.Exists(item))
            {
                profileName = fileName;
                var agentMd = Path.Combine(item, "agent.md");
                if (File.Exists(agentMd) || Directory.Exists(agentMd))
                {
                    var (fields, loadable) = ScanSource(agentMd, profileName);
                    scan = (fields, loadable && dirProfilesLoadable);
                }
                else
                {
                    scan = (DiscoveryFields(new PyDict()), false);
                }
            }
            else
            {
                var (stem, suffix) = PathUtil.SplitName(fileName);
                if (suffix != ".md" || !File.Exists(item))
                {
                    continue;
                }

                profileName = stem;
                scan = ScanSource(item, profileName);
            }

            if (seenHere.Add(profileName))
            {
                Sources(nameSources, profileName).Add(label);
            }

            if (!profiles.ContainsKey(profileName))
            {
                profiles[profileName] = Entry(profileName, label, scan);
            }
        }
    }

    /// <summary><c>_scan_profile_source</c>: discovery fields and whether the profile would load (no env resolution).</summary>
    private static (PyDict Fields, bool Loadable) ScanSource(string path, string profileName)
    {
        FrontmatterDocument doc;
        try
        {
            doc = Frontmatter.Parse(PathUtil.ReadProfile(path));
        }
        catch (ProfileReadException)
        {
            return (DiscoveryFields(new PyDict()), false);
        }
        catch (ProfileParseException)
        {
            return (DiscoveryFields(new PyDict()), false);
        }

        var fields = DiscoveryFields(doc.Metadata);
        try
        {
            ProfileParser.FromDocument(doc, profileName);
        }
        catch (ProfileParseException)
        {
            return (fields, false);
        }

        return (fields, true);
    }

    private static PyDict DiscoveryFields(PyDict metadata)
    {
        var d = new PyDict();
        d.Set("description", metadata.GetOrNull("description") is string desc ? PyText.TakeCodePoints(desc, 1024) : "");
        var caps = new PyList();
        if (metadata.GetOrNull("capabilities") is PyList capList)
        {
            foreach (var c in capList.Take(32))
            {
                caps.Add(PyText.TakeCodePoints(PyText.Str(c), 128));
            }
        }

        d.Set("capabilities", caps);
        var tags = new PyList();
        if (metadata.GetOrNull("tags") is PyList tagList)
        {
            foreach (var t in tagList.Take(32))
            {
                var s = PyText.Str(t);
                if (ProfileNames.IsValid(s))
                {
                    tags.Add(s);
                }
            }
        }

        d.Set("tags", tags);
        d.Set("role", metadata.GetOrNull("role") as string ?? "");
        return d;
    }
}
