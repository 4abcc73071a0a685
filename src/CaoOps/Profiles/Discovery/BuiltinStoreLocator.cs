namespace CaoOps.Profiles.Discovery;

/// <summary>
/// Finds CAO's packaged <c>cli_agent_orchestrator/agent_store</c> when the CAO Python package is
/// installed (uv tool, pipx, pip --user, a venv, system site-packages). Profiles are never bundled.
/// </summary>
internal static class BuiltinStoreLocator
{
    private const string Package = "cli-agent-orchestrator";
    private const string StoreTail = "cli_agent_orchestrator/agent_store";

    public static string? Find(string home, IProfileEnvironment env)
    {
        if (env.GetVariable("CAO_BUILTIN_STORE") is { Length: > 0 } explicitStore)
        {
            return PathUtil.ExpandUser(explicitStore, home);
        }

        var venvs = new List<string>();
        if (env.GetVariable("UV_TOOL_DIR") is { Length: > 0 } uvTools)
        {
            venvs.Add(PathUtil.Join(uvTools, Package));
        }

        var xdgData = env.GetVariable("XDG_DATA_HOME") is { Length: > 0 } x ? x : PathUtil.Join(home, ".local", "share");
        venvs.Add(PathUtil.Join(xdgData, "uv", "tools", Package));
        if (env.GetVariable("PIPX_HOME") is { Length: > 0 } pipxHome)
        {
            venvs.Add(PathUtil.Join(pipxHome, "venvs", Package));
        }

        venvs.Add(PathUtil.Join(home, ".local", "pipx", "venvs", Package));
        venvs.Add(PathUtil.Join(xdgData, "pipx", "venvs", Package));
        if (env.GetVariable("VIRTUAL_ENV") is { Length: > 0 } venv)
        {
            venvs.Add(venv);
        }

        venvs.Add(PathUtil.Join(home, ".local"));
        venvs.Add("/usr/local");
        venvs.Add("/usr");

        foreach (var root in venvs)
        {
            var lib = PathUtil.Join(root, "lib");
            if (!Directory.Exists(lib))
            {
                continue;
            }

            string[] pythons;
            try
            {
                pythons = Directory.GetDirectories(lib, "python3*");
            }
            catch (IOException)
            {
                continue;
            }
            catch (UnauthorizedAccessException)
            {
                continue;
            }

            Array.Sort(pythons, StringComparer.Ordinal);
            foreach (var py in pythons.Reverse())
            {
                foreach (var sp in new[] { "site-packages", "dist-packages" })
                {
                    var store = PathUtil.Join(py, sp, StoreTail);
                    if (Directory.Exists(store))
                    {
                        return store;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>The <c>bin</c> folder of the Python environment that holds <paramref name="store"/>, if it has one.</summary>
    public static string? EnvironmentBin(string? store)
    {
        if (store is null)
        {
            return null;
        }
        // <env>/lib/python3.X/site-packages/cli_agent_orchestrator/agent_store
        var dir = new DirectoryInfo(store);
        var env = dir.Parent?.Parent?.Parent?.Parent?.Parent;
        if (env is null)
        {
            return null;
        }

        var bin = Path.Combine(env.FullName, "bin");
        return Directory.Exists(bin) ? bin : null;
    }
}
