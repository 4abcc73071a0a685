using CaoOps.Tools.Terminals;

namespace CaoOps.Cli;

/// <summary><c>cao-ops tools</c>: the selected tools (name, title, toolset, annotations, input and output schema) as JSON.</summary>
internal static class ToolsCommand
{
    public static int Run(CliContext cli)
    {
        var args = cli.Args.ToList();
        using var runtime = Runtime.Create(cli, args);
        if (runtime is null)
        {
            return CliContext.ExitUsage;
        }

        if (args.Count > 0)
        {
            return cli.Usage($"tools: unexpected argument '{args[0]}'");
        }

        var tools = runtime.Tools;

        IReadOnlyList<ToolListing> listing = [.. tools.Select(t => new ToolListing(
            t.Name,
            t.Title,
            t.Toolset,
            t.Description,
            new ToolAnnotationFlags(t.Hints.ReadOnly, t.Hints.Destructive, t.Hints.Idempotent, t.Hints.OpenWorld),
            t.InputSchema(),
            t.OutputSchema))];
        cli.Out.WriteLine(JsonBuild.ToText(Results.Of(listing, CliJsonContext.Default.IReadOnlyListToolListing), indented: true));
        return CliContext.ExitOk;
    }
}
