using ModelContextProtocol.Protocol;

namespace CaoOps.Resources;

/// <summary>What resources/list and resources/templates/list show.</summary>
internal static class ResourceCatalog
{
    public const string Json = "application/json";
    public const string Text = "text/plain";

    /// <summary>Entries beyond this are left out of resources/list (the templates still reach them).</summary>
    public const int MaxListed = 300;

    public static Resource SessionList => new()
    {
        Uri = CaoUri.SessionsUri,
        Name = "sessions",
        Title = "CAO sessions",
        Description = "Every CAO session: name, status, working directory, agent profile. Subscribe to hear when sessions come and go.",
        MimeType = Json,
    };

    public static ListResourceTemplatesResult Templates() => new()
    {
        ResourceTemplates =
        [
            new ResourceTemplate
            {
                UriTemplate = CaoUri.SessionTemplate,
                Name = "session",
                Title = "CAO session",
                Description = "One session and its terminals (agents) with live status and last activity.",
                MimeType = Json,
            },
            new ResourceTemplate
            {
                UriTemplate = CaoUri.TerminalTemplate,
                Name = "terminal",
                Title = "CAO terminal",
                Description = "One agent's terminal: provider, profile, live status, last activity. Subscribe to hear when its status or activity changes.",
                MimeType = Json,
            },
            new ResourceTemplate
            {
                UriTemplate = CaoUri.OutputTemplate,
                Name = "terminal_output",
                Title = "Agent's last response",
                Description = "The agent's last response as plain text, terminal control sequences removed.",
                MimeType = Text,
            },
        ],
    };

    /// <summary>cao://sessions first, then every live session, terminal and terminal output (when the overview is known).</summary>
    public static ListResourcesResult List(Overview? view)
    {
        var result = new ListResourcesResult { Resources = [SessionList] };
        foreach (var session in view?.Sessions ?? [])
        {
            result.Resources.Add(new Resource
            {
                Uri = CaoUri.Session(session.Name).ToString(),
                Name = session.Name,
                Title = $"Session {session.Name}",
                Description = $"{Plural(session.Terminals.Count, "terminal")}, {session.Status ?? "status unknown"}"
                    + (session.WorkingDirectory is { } d ? $", in {d}" : string.Empty),
                MimeType = Json,
            });
            foreach (var t in session.Terminals)
            {
                var who = t.AgentProfile ?? t.Provider ?? "agent";
                result.Resources.Add(new Resource
                {
                    Uri = CaoUri.Terminal(t.Id).ToString(),
                    Name = t.Id,
                    Title = $"{who} {t.Id} ({session.Name})",
                    Description = $"Terminal {t.Id} of {session.Name}: {t.Status ?? "unknown"}",
                    MimeType = Json,
                });
                result.Resources.Add(new Resource
                {
                    Uri = CaoUri.Output(t.Id).ToString(),
                    Name = $"{t.Id}-output",
                    Title = $"Last response of {who} {t.Id}",
                    Description = $"What {who} in {session.Name} answered last, as plain text",
                    MimeType = Text,
                });
            }

            if (result.Resources.Count >= MaxListed)
            {
                break;
            }
        }

        return result;
    }

    private static string Plural(int n, string word) => n == 1 ? $"1 {word}" : $"{n} {word}s";
}
