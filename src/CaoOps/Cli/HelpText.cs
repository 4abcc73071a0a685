namespace CaoOps.Cli;

/// <summary>The one usage text of every command (<c>--help</c>, and <c>profile --help</c> / <c>install --help</c>).</summary>
internal static class HelpText
{
    public const string Usage = """
        cao-ops — native control plane for CLI Agent Orchestrator (CAO)

        Usage:
          cao-ops mcp [--toolsets a,b] [--read-only] [--tools a,b] [--exclude-tools a,b] [--fleet fleet.json]
                                         Serve the MCP tools over stdio (what an agent spawns).
                                         --toolsets: sessions, profiles, terminals, fleet, flows, workflows;
                                         'default' (the first four) unless given, 'all' for every one.
                                         --fleet: one process for every cao-server of a fleet registry.
          cao-ops serve --http [HOST:PORT] [flags]
                                         Serve the same MCP server over Streamable HTTP at /mcp (default
                                         127.0.0.1:8765); runs cao-ops-http (see cao-ops-http serve --help).
          cao-ops tools [selection flags] Print the selected tools (with their toolset) as JSON.
          cao-ops call <tool> [--arg key=value]... [--json '{...}' | --json @file | --json -] [--pretty]
                                         Run any tool (whatever the selection); its JSON result goes to stdout.
                                         Exit 0 success, 1 tool error, 2 usage/configuration error.
          cao-ops doctor [--json] [--junit FILE] [--fleet fleet.json]
                                         Check the configured cao-server (reachable, healthy, auth),
                                         or every node of a fleet.
          cao-ops doctor --deep [--provider P] [--profile NAME] [--timeout S] [--json] [--junit FILE]
                                         The checks plus a real round trip: a throwaway session with a tiny task,
                                         wait, read the answer, shut down (exit codes as for run).
          cao-ops run --profile NAME (TASK | --task-file FILE | -) [--provider P] [--model M]
                      [--working-directory DIR] [--session-name N] [--timeout S] [--env KEY=VALUE]...
                      [--install] [--keep] [--output last|full] [--json] [--junit FILE] [--cleanup-grace S]
                                         One agent, one task, for CI: launch, wait, print the answer on stdout,
                                         shut the session down on every path (only --keep leaves it). Progress on
                                         stderr (::group:: when GITHUB_ACTIONS=true); GITHUB_STEP_SUMMARY gets a
                                         summary. --timeout default 600; --env values are never printed.
          cao-ops run --plan FILE [--parallel N] [--timeout S] [--env KEY=VALUE]... [report flags as above]
                                         Several runs at once from YAML or JSON (runs: [{name, profile, task,
                                         provider?, model?, working_directory?, timeout?, env?}]); --parallel
                                         default 4; exit code = the worst run's; one JUnit testcase per run.
          cao-ops profile validate <files-or-dirs>... [--json]
                                         Check agent-profile files offline (exit 1 with one line per problem).
          cao-ops profile list [--json] | cao-ops profile show <name>
                                         Profiles on this machine, found as CAO finds them (offline).
          cao-ops install <name|https-url|./file.md> [--provider P] [--env K=V]...
                                         Install a profile on this machine without cao-server.
                                         Profiles are markdown files with YAML frontmatter; ${VAR} placeholders
                                         resolve from CAO's managed .env (install --env K=V writes there first).
          cao-ops --version | --help

        With no command and stdin not a terminal, cao-ops serves MCP (like upstream's cao-ops-mcp-server).

        Exit codes of run and doctor --deep:
          0    the agent completed (doctor: every check and the round trip passed)
          1    the agent ended in error, its terminal vanished, or cao-server refused the launch
          2    usage or configuration error
          3    cao-server unreachable, or it refused the token (401/403)
          4    the agent is left waiting on a question (shown on stderr); upstream folds this into 1
          124  timeout (--timeout), as GNU timeout
          128+N  stopped by signal N after cleanup (130 SIGINT, 143 SIGTERM)
        A plan exits with the worst code of its runs.

        Environment:
          CAO_API_URL                    Whole base URL of cao-server (wins over host/port), e.g. https://cao.example:9889
          CAO_API_HOST, CAO_API_PORT     Host and port (default 127.0.0.1 and 9889), as upstream reads them
          CAO_AUTH_LOCAL_TOKEN           Bearer token for cao-server with auth on (CAO_API_TOKEN also accepted)
          CAO_OPS_TIMEOUT                Seconds per request (default 60)
          CAO_OPS_LAUNCH_TIMEOUT         Seconds for launch_session without initial_message (default 300)
          CAO_OPS_CONNECT_TIMEOUT        Seconds to connect (default 5)
          CAO_OPS_WAIT_OUTAGE            Seconds wait_for_terminal and run ride out cao-server being unreachable (default 30; 0 = fail at once)
          CAO_OPS_NODE_TIMEOUT           Fleet: seconds one node may take in a fleet-wide read (default 5)
          CAO_FLEET                      Path of a fleet.json registry (like --fleet)
          CAO_OPS_TOOLSETS=a,b, CAO_OPS_READ_ONLY=1, CAO_OPS_TOOLS=a,b, CAO_OPS_EXCLUDE_TOOLS=a,b
                                         Tool selection, like the flags (flags win; read-only beats everything)
          CAO_OPS_LOG                    stderr log level: debug, info, warn (default), error, off
        """;
}
