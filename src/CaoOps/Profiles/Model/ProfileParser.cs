
namespace CaoOps.Profiles.Model;

/// <summary>CAO's <c>parse_agent_profile_text</c>: frontmatter + body → validated <see cref="AgentProfile"/>.</summary>
internal static class ProfileParser
{
    /// <exception cref="ProfileParseException">Bad YAML, bad keys or failed model validation.</exception>
    public static AgentProfile Parse(string text, string lookupName)
    {
        var doc = Frontmatter.Parse(text);
        return FromDocument(doc, lookupName);
    }

    public static AgentProfile FromDocument(FrontmatterDocument doc, string lookupName)
    {
        // Only ABSENT keys get defaults; a present null fails validation.
        var meta = doc.Metadata.ShallowCopy();
        meta.Set("system_prompt", doc.Content);
        if (!meta.ContainsKey("name"))
        {
            meta.Set("name", lookupName);
        }

        if (!meta.ContainsKey("description"))
        {
            meta.Set("description", "");
        }

        return AgentProfileValidator.Validate(meta, doc.LineOffset);
    }
}
