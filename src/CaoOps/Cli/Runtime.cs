using CaoOps.Cao;
using CaoOps.Tools;
using CaoOps.Tools.Fleet;
using CaoOps.Tools.Terminals;

namespace CaoOps.Cli;

/// <summary>
/// What mcp, tools, call and doctor share: the exposed tools and the services they run with, built from flags
/// (--read-only, --tools, --exclude-tools, --fleet) and the environment. Problems stop start-up, one line each.
/// </summary>
internal sealed class Runtime : IDisposable
{
    private readonly IDisposable[] _owned;

    private Runtime(IReadOnlyList<ToolDefinition> tools, ToolServices services, IReadOnlyList<FleetNode>? fleet, CaoSettings settings, IDisposable[] owned)
    {
        Tools = tools;
        Services = services;
        Fleet = fleet;
        Settings = settings;
        _owned = owned;
    }

    public IReadOnlyList<ToolDefinition> Tools { get; }

    public ToolServices Services { get; }

    /// <summary>The fleet's nodes, or null when cao-ops talks to one cao-server.</summary>
    public IReadOnlyList<FleetNode>? Fleet { get; }

    public CaoSettings Settings { get; }

    /// <summary>
    /// Consumes the flags it knows from <paramref name="args"/>; returns null after printing the problems.
    /// With <paramref name="everyToolset"/> (cao-ops call) every toolset is available unless the --toolsets flag says
    /// otherwise (CAO_OPS_TOOLSETS does not narrow it; --read-only, --tools and --exclude-tools and their variables do).
    /// </summary>
    public static Runtime? Create(CliContext cli, List<string> args, bool everyToolset = false)
    {
        var env = ToolSelection.FromEnvironment(cli.Env);
        var readOnly = env.ReadOnly;
        var include = env.Include;
        var exclude = env.Exclude;
        var toolsets = env.Toolsets;
        var toolsetsFlag = false;
        var fleetPath = cli.Env("CAO_FLEET") is { Length: > 0 } f ? f : null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--read-only":
                    readOnly = true;
                    args.RemoveAt(i--);
                    break;
                case "--tools" or "--exclude-tools" or "--toolsets" or "--fleet" when i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal):
                    var value = args[i + 1];
                    switch (args[i])
                    {
                        case "--tools":
                            include = ToolSelection.SplitList(value) ?? [];
                            break;
                        case "--toolsets":
                            toolsets = ToolSelection.SplitList(value) ?? [];
                            toolsetsFlag = true;
                            break;
                        case "--exclude-tools":
                            exclude = ToolSelection.SplitList(value) ?? [];
                            break;
                        default:
                            fleetPath = value;
                            break;
                    }

                    args.RemoveRange(i--, 2);
                    break;
                case "--tools" or "--exclude-tools":
                    cli.Usage($"{args[i]} needs a comma-separated list of tool names");
                    return null;
                case "--toolsets":
                    cli.Usage($"--toolsets needs a comma-separated list of toolsets: {Toolsets.DefaultName}, {Toolsets.AllName}, {string.Join(", ", Toolsets.All)}");
                    return null;
                case "--fleet":
                    cli.Usage("--fleet needs the path of a fleet.json registry");
                    return null;
            }
        }

        var settings = cli.Settings();
        if (settings is null)
        {
            return null;
        }

        IReadOnlyList<ToolDefinition> catalogue;
        ToolServices services;
        IReadOnlyList<FleetNode>? fleet = null;
        IDisposable[] owned;
        if (fleetPath is not null)
        {
            fleet = FleetRegistry.Load(fleetPath, settings, cli.Env, out var problems);
            foreach (var problem in problems)
            {
                cli.Error.WriteLine($"cao-ops: fleet registry error: {problem}");
            }

            if (fleet is null)
            {
                return null;
            }

            catalogue = FleetTools.Decorate(ToolCatalog.All, fleet);
            services = fleet[0].Services;
            owned = [.. fleet];
        }
        else
        {
            var client = new CaoClient(settings);
            catalogue = ToolCatalog.All;
            services = new ToolServices(client);
            owned = [client];
        }

        // CAO_OPS_TOOLSETS chooses what an agent's context loads; it does not limit what a script can call.
        if (everyToolset && !toolsetsFlag)
        {
            toolsets = [Toolsets.AllName];
        }

        var tools = new ToolSelection(readOnly, include, exclude, toolsets).Apply(catalogue, out var error);
        if (error is not null)
        {
            cli.Usage(error);
            foreach (var d in owned)
            {
                d.Dispose();
            }

            return null;
        }

        return new Runtime(tools, services, fleet, settings, owned);
    }

    public void Dispose()
    {
        foreach (var d in _owned)
        {
            d.Dispose();
        }
    }
}
