using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Install;

/// <summary>
/// CAO's persisted-mode resolution of the bundled <c>cao-mcp-server</c> command and the Kiro
/// tool-call timeout injection. The port's "interpreter" is the Python environment CAO is
/// installed in (found next to the built-in store), else <c>python3</c>.
/// </summary>
internal sealed class CaoMcpCommand
{
    public const string Command = "cao-mcp-server";
    public const string Module = "cli_agent_orchestrator.mcp_server.server";
    public const long KiroTimeoutMs = 1_200_000;

    private readonly string? _pathVariable;
    private readonly string? _caoEnvBin;

    /// <param name="pathVariable">The process PATH.</param>
    /// <param name="caoEnvBin">The <c>bin</c> folder of the Python environment CAO is installed in, if known.</param>
    public CaoMcpCommand(string? pathVariable, string? caoEnvBin)
    {
        _pathVariable = pathVariable;
        _caoEnvBin = caoEnvBin;
    }

    /// <summary>1. <c>cao-mcp-server</c> on PATH; 2. next to CAO's interpreter; 3. interpreter <c>-m</c> module.</summary>
    public (string Command, PyList Args) Resolve(PyList args)
    {
        if (Which() is { } onPath)
        {
            return (onPath, Copy(args));
        }

        if (_caoEnvBin is not null)
        {
            var sibling = Path.Combine(_caoEnvBin, Command);
            if (File.Exists(sibling))
            {
                return (sibling, Copy(args));
            }
        }

        var interpreter = _caoEnvBin is not null && File.Exists(Path.Combine(_caoEnvBin, "python")) ? Path.Combine(_caoEnvBin, "python") : "python3";
        var moduleArgs = new PyList { "-m", Module };
        moduleArgs.AddRange(args);
        return (interpreter, moduleArgs);
    }

    private static PyList Copy(PyList args)
    {
        var l = new PyList();
        l.AddRange(args);
        return l;
    }

    private string? Which()
    {
        if (string.IsNullOrEmpty(_pathVariable))
        {
            return null;
        }

        foreach (var dir in _pathVariable.Split(':'))
        {
            var candidate = dir.Length == 0 ? Command : dir + "/" + Command;
            try
            {
                if (File.Exists(candidate) && !Directory.Exists(candidate)
                    && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
                {
                    return candidate;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        return null;
    }

    /// <summary><c>resolve_mcp_server_config(dict(cfg), persisted=True)</c> for one entry (already a dict).</summary>
    public PyDict ResolveEntry(PyDict config)
    {
        var resolved = config.ShallowCopy();
        if (!config.TryGetValue("command", out var command))
        {
            return resolved;
        }

        if (command is not string cmd || cmd != Command)
        {
            return resolved; // passthrough: no keys added
        }

        var args = config.GetOrNull("args") is PyList a ? a : [];
        if (config.GetOrNull("args") is not null and not PyList)
        {
            throw new InvalidOperationException($"'{PyText.TypeName(config.GetOrNull("args"))}' object is not iterable");
        }

        var (newCmd, newArgs) = Resolve(args);
        resolved.Set("command", newCmd);
        resolved.Set("args", newArgs);
        return resolved;
    }

    /// <summary><c>_inject_kiro_mcp_timeout</c>: a new mapping; CAO entries without <c>timeout</c> get 1200000 appended.</summary>
    public static PyDict? InjectKiroTimeout(PyDict? servers)
    {
        if (servers is null || servers.Count == 0)
        {
            return servers;
        }

        var result = new PyDict();
        foreach (var e in servers.Entries)
        {
            if (e.Value is not PyDict cfg)
            {
                result.Set(e.Key, e.Value);
                continue;
            }

            var command = cfg.GetOrNull("command");
            var args = cfg.GetOrNull("args") is PyList l ? l : [];
            var isCao = (e.Key as string) == Command
                || (command is string c && c.Contains(Command, StringComparison.Ordinal))
                || args.Any(a => a is string s && (s.Contains(Command, StringComparison.Ordinal) || s == Module));
            if (isCao && !cfg.ContainsKey("timeout"))
            {
                var copy = cfg.ShallowCopy();
                copy.Set("timeout", new System.Numerics.BigInteger(KiroTimeoutMs));
                result.Set(e.Key, copy);
            }
            else
            {
                result.Set(e.Key, cfg);
            }
        }

        return result;
    }
}
