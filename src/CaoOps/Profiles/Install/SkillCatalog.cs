using CaoOps.Profiles.Discovery;
using CaoOps.Profiles.Model;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Install;

/// <summary>CAO's <c>build_skill_catalog()</c> (unfiltered) and <c>compose_agent_prompt</c>.</summary>
internal static class SkillCatalog
{
    public const string Instruction =
        "The following skills are available exclusively in this CAO orchestration context. " +
        "To load a skill's full content, use the `mcp__cao-mcp-server__load_skill` tool (NOT the Skill command). " +
        "These skills are not accessible through provider-native skill commands or directories.";

    public static string Build(ProfilePaths paths, ProfileSettings settings)
    {
        var skills = new Dictionary<string, string>(StringComparer.Ordinal);
        var dirs = new List<string> { paths.SkillsDir };
        dirs.AddRange(settings.ExtraSkillDirs());
        foreach (var dir in dirs)
        {
            if (!Directory.Exists(dir))
            {
                continue;
            }

            List<string> items;
            try
            {
                items = Directory.EnumerateDirectories(dir).ToList();
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var item in items)
            {
                var folder = Path.GetFileName(item);
                if (skills.ContainsKey(folder))
                {
                    continue;
                }

                var skillFile = Path.Combine(item, "SKILL.md");
                if (!File.Exists(skillFile))
                {
                    continue;
                }

                if (TryLoad(skillFile, folder) is { } description)
                {
                    skills[folder] = description;
                }
            }
        }

        if (skills.Count == 0)
        {
            return "";
        }

        var lines = new List<string> { "## Available Skills", "", Instruction, "" };
        foreach (var name in skills.Keys.Order(PyText.CodePointComparer))
        {
            lines.Add($"- **{name}**: {skills[name]}");
        }

        return string.Join('\n', lines);
    }

    /// <summary>The trimmed description of a valid skill whose name equals its folder, else null.</summary>
    private static string? TryLoad(string skillFile, string folder)
    {
        try
        {
            var meta = Frontmatter.Parse(PathUtil.ReadText(skillFile, ProfileLimits.MaxProfileBytes, "a skill file")).Metadata;
            if (meta.GetOrNull("name") is not string name || meta.GetOrNull("description") is not string desc)
            {
                return null;
            }

            name = PyText.Strip(name);
            desc = PyText.Strip(desc);
            return name.Length > 0 && desc.Length > 0 && name == folder ? desc : null;
        }
        catch (ProfileReadException)
        {
            return null;
        }
        catch (ProfileParseException)
        {
            return null;
        }
    }

    /// <summary><c>compose_agent_prompt(profile, base_prompt)</c>: base (trimmed) and catalog joined by a blank line.</summary>
    public static string? Compose(string basePrompt, string catalog)
    {
        var parts = new List<string>();
        var effective = PyText.Strip(basePrompt);
        if (effective.Length > 0)
        {
            parts.Add(effective);
        }

        if (catalog.Length > 0)
        {
            parts.Add(catalog);
        }

        return parts.Count == 0 ? null : string.Join("\n\n", parts);
    }
}
