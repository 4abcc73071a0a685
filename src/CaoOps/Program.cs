using CaoOps;
using CaoOps.Cli;
using CaoOps.Mcp;

return await Entry.MainAsync(args).ConfigureAwait(false);

namespace CaoOps
{
    /// <summary>Dispatches to a face: MCP over stdio, or a CLI command. stdout carries only JSON-RPC or the command's output.</summary>
    internal static class Entry
    {
        public static async Task<int> MainAsync(string[] args)
        {
            var command = args.Length > 0 ? args[0] : Console.IsInputRedirected ? "mcp" : "--help";
            var rest = args.Skip(1).ToList();
            var cli = new CliContext(rest, Console.Out, Console.Error, Environment.GetEnvironmentVariable);
            using var cancel = new CancellationTokenSource();
            switch (command)
            {
                case "mcp":
                    return await ServeAsync(cli).ConfigureAwait(false);
                case "serve":
                    return ServeCommand.Run(cli);
                case "tools":
                    return ToolsCommand.Run(cli);
                case "call":
                    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
                    return await CallCommand.RunAsync(cli, () => Console.In, cancel.Token).ConfigureAwait(false);
                case "profile":
                    return ProfileCommand.Run(cli);
                case "install":
                    Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
                    return await InstallCommand.RunAsync(cli, cancel.Token).ConfigureAwait(false);
                case "doctor":
                    return await DoctorCommand.RunAsync(cli, cancel.Token).ConfigureAwait(false);
                case "run":
                    return await Cli.Run.RunCommand.RunAsync(cli, () => Console.In).ConfigureAwait(false);
                case "--version" or "-V" or "version":
                    cli.Out.WriteLine(ThisAssembly.Version);
                    return CliContext.ExitOk;
                case "--help" or "-h" or "help":
                    cli.Out.WriteLine(HelpText.Usage);
                    return CliContext.ExitOk;
                default:
                    return cli.Usage($"unknown command '{command}'");
            }
        }

        private static async Task<int> ServeAsync(CliContext cli)
        {
            var rest = cli.Args.ToList();
            using var runtime = Runtime.Create(cli, rest);
            if (runtime is null)
            {
                return CliContext.ExitUsage;
            }

            if (rest.Count > 0)
            {
                return cli.Usage($"mcp: unexpected argument '{rest[0]}'");
            }

            Log.Info(runtime.Fleet is { } fleet
                ? $"serving {runtime.Tools.Count} tools over stdio for a fleet of {fleet.Count} nodes"
                : $"serving {runtime.Tools.Count} tools over stdio; cao-server at {runtime.Settings.BaseAddress}");
            return await McpStdioServer.RunAsync(runtime.Tools, runtime.Services, promptsAndResources: runtime.Fleet is not { Count: > 1 }).ConfigureAwait(false);
        }
    }
}
