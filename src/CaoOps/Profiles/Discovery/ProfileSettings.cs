using System.Text.Json;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Discovery;

/// <summary>
/// The parts of <c>CAO_HOME/settings.json</c> profiles depend on (HEAD: nested keys first, legacy
/// flat keys as fallback). An unreadable or non-object file reads as {}. Paths are returned as stored.
/// </summary>
internal sealed class ProfileSettings
{
    private readonly PyDict _root;
    private readonly ProfilePaths _paths;

    private ProfileSettings(PyDict root, ProfilePaths paths)
    {
        _root = root;
        _paths = paths;
    }

    public static ProfileSettings Load(ProfilePaths paths)
    {
        var root = new PyDict();
        try
        {
            if (File.Exists(paths.SettingsFile))
            {
                using var doc = JsonDocument.Parse(File.ReadAllBytes(paths.SettingsFile));
                if (PyJson.FromElement(doc.RootElement) is PyDict d)
                {
                    root = d;
                }
            }
        }
        catch (JsonException)
        {
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        return new ProfileSettings(root, paths);
    }

    private PyDict? Nested(string section) => _root.GetOrNull(section) as PyDict;

    /// <summary>Provider dirs: defaults (kiro_cli, claude_code, codex, cao_installed) with stored overrides applied.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AgentDirs()
    {
        var result = new PyDict();
        result.Set("kiro_cli", _paths.KiroDiscoveryDir);
        result.Set("claude_code", _paths.LocalStore);
        result.Set("codex", _paths.LocalStore);
        result.Set("cao_installed", _paths.ContextDir);
        var nested = Nested("agents");
        var saved = nested is not null && nested.GetOrNull("dirs") is PyDict nd ? nd : _root.GetOrNull("agent_dirs") as PyDict;
        if (saved is not null)
        {
            foreach (var e in saved.Entries)
            {
                result.Set(e.Key, e.Value);
            }
        }
        // Non-string keys or paths would make CAO fail with a TypeError; they are skipped here.
        return result.Entries
            .Where(e => e.Key is string && e.Value is string)
            .Select(e => new KeyValuePair<string, string>((string)e.Key!, (string)e.Value!))
            .ToList();
    }

    public IReadOnlyList<string> ExtraAgentDirs() => StringList("agents", "extra_dirs", "extra_agent_dirs", skipBlank: false);

    public IReadOnlyList<string> DisabledDirs() => StringList("agents", "disabled_dirs", "disabled_agent_dirs", skipBlank: true);

    public IReadOnlyList<string> ExtraSkillDirs() =>
        StringList("skills", "extra_dirs", "extra_skill_dirs", skipBlank: true).Select(s => s.Trim()).ToList();

    private List<string> StringList(string section, string nestedKey, string flatKey, bool skipBlank)
    {
        var nested = Nested(section);
        var value = nested is not null && nested.GetOrNull(nestedKey) is PyList nl ? nl : _root.GetOrNull(flatKey) as PyList;
        if (value is null)
        {
            return [];
        }

        return value.OfType<string>().Where(s => !skipBlank || s.Trim().Length > 0).ToList();
    }

    /// <summary>
    /// A custom role's tool list (<c>agents.roles</c> when it is a mapping, else flat <c>roles</c>).
    /// Returns false when the role is not defined. A string value becomes its characters, a mapping its keys.
    /// </summary>
    /// <exception cref="InvalidOperationException">The stored value is not iterable or holds non-strings.</exception>
    public bool TryGetCustomRole(string role, out List<string> tools)
    {
        tools = [];
        var nested = Nested("agents");
        var roles = nested is not null && nested.GetOrNull("roles") is PyDict nr ? nr : _root.GetOrNull("roles") as PyDict;
        if (roles is null || !roles.TryGetValue(role, out var value))
        {
            return false;
        }

        switch (value)
        {
            case PyList list when list.All(i => i is string):
                tools = list.Cast<string>().ToList();
                return true;
            case string s:
                tools = s.EnumerateRunes().Select(r => r.ToString()).ToList();
                return true;
            case PyDict d when d.Entries.All(e => e.Key is string):
                tools = d.Entries.Select(e => (string)e.Key!).ToList();
                return true;
            case PyList:
                throw new InvalidOperationException($"custom role '{role}' in settings.json must list strings");
            default:
                throw new InvalidOperationException($"'{PyText.TypeName(value)}' object is not iterable");
        }
    }
}
