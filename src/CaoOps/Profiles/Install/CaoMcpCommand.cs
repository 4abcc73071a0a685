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
    private readonly bool _windows;
    private readonly string? _pathExt;

    /// <param name="pathVariable">The process PATH.</param>
    /// <param name="caoEnvBin">The <c>bin</c> folder of the Python environment CAO is installed in, if known.</param>
    /// <param name="windows">Windows lookup rules (';'-separated PATH, PATHEXT suffixes); the host's unless a test says.</param>
    /// <param name="pathExt">PATHEXT on Windows (default ".COM;.EXE;.BAT;.CMD").</param>
    public CaoMcpCommand(string? pathVariable, string? caoEnvBin, bool? windows = null, string? pathExt = null)
    {
        _pathVariable = pathVariable;
        _caoEnvBin = caoEnvBin;
        _windows = windows ?? OperatingSystem.IsWindows();
        _pathExt = pathExt;
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

        // shutil.which: POSIX PATH is ':'-separated and needs an execute bit; Windows PATH is ';'-separated and the command is
        // found with one of the PATHEXT suffixes (cao-mcp-server.exe from pip), there being no execute bit.
        string[] suffixes = _windows ? (string.IsNullOrWhiteSpace(_pathExt) ? ".COM;.EXE;.BAT;.CMD" : _pathExt).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [""];
        foreach (var dir in _pathVariable.Split(_windows ? ';' : ':'))
        {
            foreach (var suffix in suffixes)
            {
                var name = Command + suffix.ToLowerInvariant();
                var candidate = dir.Length == 0 ? name : (_windows ? dir.TrimEnd('/', '\\') : dir) + "/" + name;
                try
                {
                    if (File.Exists(candidate) && !Directory.Exists(candidate)
                        && (_windows || OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0))
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
