namespace CaoOps.Testing.Internal;

/// <summary>The (fictitious) server-side paths reported by the double.</summary>
internal static class CaoPaths
{
    public const string Home = "/home/user";
    public const string CaoHome = Home + "/.aws/cli-agent-orchestrator";

    public static string ContextFile(string name) => $"{CaoHome}/agent-context/{name}.md";
}
