using System.Text.Json;
using CaoOps.Tools;

namespace CaoOps.Cli;

/// <summary><c>cao-ops tools</c>: the tool catalogue (name, title, annotations, input and output schema) as JSON.</summary>
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

        var json = JsonBuild.Write(w =>
        {
            w.WriteStartArray();
            foreach (var tool in tools)
            {
                                w.WriteStartObject();
                w.WriteString("name", tool.Name);
                w.WriteString("title", tool.Title);
                w.WriteString("toolset", tool.Toolset);
                w.WriteString("description", tool.Description);
                w.WriteStartObject("annotations");
                w.WriteBoolean("readOnlyHint", tool.Hints.ReadOnly);
                w.WriteBoolean("destructiveHint", tool.Hints.Destructive);
                w.WriteBoolean("idempotentHint", tool.Hints.Idempotent);
                w.WriteBoolean("openWorldHint", tool.Hints.OpenWorld);
                w.WriteEndObject();
                w.WritePropertyName("inputSchema");
                tool.InputSchema().WriteTo(w);
                w.WritePropertyName("outputSchema");
                tool.OutputSchema.WriteTo(w);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        });
        cli.Out.WriteLine(JsonBuild.ToText(json, indented: true));
        return CliContext.ExitOk;
    }
}
