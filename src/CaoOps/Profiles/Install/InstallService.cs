using System.Numerics;
using CaoOps.Cao;
using CaoOps.Profiles.Discovery;
using CaoOps.Profiles.Model;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Install;

/// <summary>
/// CAO 2.4.1 <c>install_agent(source, provider, env_vars)</c>.
///
/// Transactional by design (deliberate difference from CAO): CAO writes <c>env_vars</c> to the
/// managed .env BEFORE reading/parsing the profile and leaves the .env, a downloaded store copy,
/// the context file and an OpenCode agent file behind when a later step fails. Here every write is
/// planned first and published at the end (atomic temp+rename per file, rolled back as a whole on
/// an I/O error). The supplied env vars are applied to an in-memory copy of the .env before the
/// profile is parsed, so <c>${VAR}</c> resolution, <c>unresolved_vars</c> and all outputs of a
/// successful install equal CAO's; a failed install changes nothing (no .env change, no files).
/// </summary>
internal sealed class InstallService
{
    private readonly ProfilePaths _paths;
    private readonly IProfileDownloader _downloader;
    private readonly IProfileEnvironment _environment;
    private readonly Action<string> _warn;

    public InstallService(ProfilePaths paths, IProfileDownloader downloader, IProfileEnvironment environment, Action<string> warn)
    {
        _paths = paths;
        _downloader = downloader;
        _environment = environment;
        _warn = warn;
    }

    /// <summary>An install step failed; <see cref="Exception.Message"/> is the full InstallResult message.</summary>
    private sealed class InstallFailure(string message) : Exception(message);

    private static InstallResult Fail(string message) => new(false, message);

    public async Task<InstallResult> InstallAsync(
        string source,
        string? provider,
        IReadOnlyDictionary<string, string>? envVars,
        bool allowLocalFile,
        CancellationToken cancellationToken)
    {
        var secrets = new List<string>();
        try
        {
            var result = await InstallCoreAsync(source, provider, envVars, allowLocalFile, secrets, cancellationToken).ConfigureAwait(false);
            return result.Success ? result : Fail(Redact(result.Message, secrets));
        }
        catch (InstallFailure f)
        {
            return Fail(Redact(f.Message, secrets));
        }
        catch (UnsafePathException ex)
        {
            return Fail(Redact("Failed to install agent: " + ex.Message, secrets));
        }
    }

    /// <summary>
    /// Failure texts can quote resolved profile values (e.g. a validation error's input_value);
    /// env values (supplied and from the .env) of 4+ characters are masked so secrets never leak.
    /// </summary>
    private static string Redact(string message, List<string> secrets) => SecretText.Mask(message, secrets, minLength: 4);

    private async Task<InstallResult> InstallCoreAsync(
        string source,
        string? provider,
        IReadOnlyDictionary<string, string>? envVars,
        bool allowLocalFile,
        List<string> secrets,
        CancellationToken cancellationToken)
    {
        // 1. An explicit provider is validated before any download or env write.
        if (provider is not null && !ProviderIds.IsValid(provider))
        {
            return Fail($"Invalid provider '{provider}'. Valid providers: {string.Join(", ", ProviderIds.All)}");
        }

        var settings = ProfileSettings.Load(_paths);
        var discovery = new ProfileDiscovery(_paths, settings);
        var tx = new FileTransaction();
        var overlay = new Dictionary<string, string>(StringComparer.Ordinal);

        // 2. Classify the source.
        string agentName;
        string sourceKind;
        if (source.StartsWith("http://", StringComparison.Ordinal) || source.StartsWith("https://", StringComparison.Ordinal))
        {
            var (stem, text) = await DownloadAsync(source, cancellationToken).ConfigureAwait(false);
            PlanStoreWrite(tx, overlay, stem, text);
            agentName = stem;
            sourceKind = "url";
        }
        else if (allowLocalFile && source.EndsWith(".md", StringComparison.Ordinal))
        {
            // CLI only (never HTTP/MCP): copy a local .md into the store, then install by stem.
            var path = PathUtil.ExpandUser(source, _paths.Home);
            if (!File.Exists(path) && !Directory.Exists(path))
            {
                return Fail($"File not found: {source}");
            }

            var stem = PathUtil.SplitName(Path.GetFileName(path.TrimEnd('/'))).Stem;
            if (!ProfileNames.IsValid(stem))
            {
                return Fail($"Profile filename stem '{stem}' must match [A-Za-z0-9_-]{{1,64}}.");
            }

            string text;
            try
            {
                text = PathUtil.ReadProfile(path);
            }
            catch (ProfileReadException ex)
            {
                return Fail(ex.IsNotFound ? ex.Message : "Failed to install agent: " + ex.Message);
            }

            PlanStoreWrite(tx, overlay, stem, text);
            agentName = stem;
            sourceKind = "file";
        }
        else
        {
            if (!ProfileNames.IsValid(source))
            {
                return Fail(
                    $"Invalid profile name '{source}'. Expected a name matching [A-Za-z0-9_-]{{1,64}}, an https:// URL, or (CLI only) a local .md file path.");
            }

            agentName = source;
            sourceKind = "name";
        }

        // 3. Env vars: applied to an in-memory .env first (see the class comment), persisted at commit.
        var envText = ReadEnvFile();
        if (envVars is { Count: > 0 })
        {
            var updated = envText ?? "";
            foreach (var (key, value) in envVars)
            {
                updated = DotEnvFile.SetKey(updated, key, value);
            }

            tx.Write(_paths.CaoHome, ".env", ".env file", updated, createMode: UnixFileMode.UserRead | UnixFileMode.UserWrite);
            envText = updated;
        }

        Dictionary<string, string> envValues;
        try
        {
            envValues = envText is null
                ? new Dictionary<string, string>(StringComparer.Ordinal)
                : DotEnvFile.Values(envText, _environment.GetVariables());
        }
        catch (ProfileParseException ex)
        {
            throw new InstallFailure("Failed to install agent: " + ex.Message);
        }

        secrets.AddRange(envValues.Values);
        if (envVars is not null)
        {
            secrets.AddRange(envVars.Values);
        }

        // 4. Read, resolve, parse.
        string raw;
        try
        {
            raw = discovery.ReadSource(agentName, overlay);
        }
        catch (ProfileLookupException ex)
        {
            throw new InstallFailure(ex.Failure == LookupFailure.NotFound ? ex.Message : "Failed to install agent: " + ex.Message);
        }

        string resolved;
        AgentProfile profile;
        try
        {
            resolved = EnvPlaceholders.Substitute(raw, envValues);
            profile = ProfileParser.Parse(resolved, agentName);
        }
        catch (ProfileParseException ex)
        {
            throw new InstallFailure("Failed to install agent: " + ex.Message);
        }

        // Deliberate difference from CAO (which uses the name raw, so "../../x" wrote outside its folders): every file
        // install writes is named after the profile, so the name must pass the same rule as install names.
        if (!ProfileNames.IsValid(profile.Name))
        {
            throw new InstallFailure(
                $"Failed to install agent: profile name {ProfileNames.Quote(profile.Name)} is not allowed: install writes files named after it (agent-context/<name>.md and the provider's agent file), so it must match {ProfileNames.Pattern} (1-64 letters, digits, '_' or '-'). Change the frontmatter 'name' ('cao-ops profile validate <file>' checks it); nothing was written.");
        }

        // 5. Provider precedence: explicit > valid frontmatter > kiro_cli.
        if (provider is null)
        {
            if (!string.IsNullOrEmpty(profile.Provider) && ProviderIds.IsValid(profile.Provider))
            {
                provider = profile.Provider;
            }
            else
            {
                if (!string.IsNullOrEmpty(profile.Provider))
                {
                    _warn($"Agent profile '{profile.Name}' has invalid provider '{profile.Provider}'. Valid providers: {ProviderIds.PythonListRepr}. Falling back to '{ProviderIds.Default}'.");
                }

                provider = ProviderIds.Default;
            }
        }

        // 6. Make the bundled cao-mcp-server command PATH-independent (every entry must be a mapping).
        var mcpCommand = new CaoMcpCommand(_environment.GetVariable("PATH"), BuiltinStoreLocator.EnvironmentBin(_paths.BuiltinStore));
        PyDict? mcpServers = null;
        if (profile.McpServers is { Count: > 0 } servers)
        {
            mcpServers = new PyDict();
            foreach (var e in servers.Entries)
            {
                try
                {
                    mcpServers.Set(e.Key, mcpCommand.ResolveEntry(AsDict(e.Value)));
                }
                catch (InvalidOperationException ex)
                {
                    throw new InstallFailure("Failed to install agent: " + ex.Message);
                }
            }
        }
        else
        {
            mcpServers = profile.McpServers;
        }

        // 7. Unresolved placeholders (anywhere in the resolved text).
        var unresolved = EnvPlaceholders.Unresolved(resolved);

        // 8. Context file: the raw, unresolved text, named by the (validated) frontmatter name.
        var contextFile = tx.Write(_paths.ContextDir, profile.Name + ".md", "context file", raw);

        // 9. Allowed tools.
        var serverNames = mcpServers is { Count: > 0 } ? mcpServers.Entries.Select(e => PyText.Str(e.Key)).ToList() : null;
        List<string> allowed;
        try
        {
            allowed = AllowedTools.Resolve(profile.AllowedTools, profile.Role, serverNames, settings, _warn);
        }
        catch (InvalidOperationException ex)
        {
            throw new InstallFailure("Failed to install agent: " + ex.Message);
        }

        // 10–11. Provider outputs (CAO replaces '/' by "__"; a valid name has none).
        var safeName = profile.Name;
        string? agentFile = null;
        switch (provider)
        {
            case "kiro_cli":
                agentFile = PlanKiro(tx, profile, mcpServers, allowed, contextFile, safeName);
                break;
            case "copilot_cli":
                agentFile = PlanCopilot(tx, profile, settings, safeName);
                break;
            case "opencode_cli":
                agentFile = PlanOpenCode(tx, profile, mcpServers, allowed, safeName);
                break;
        }

        tx.Verify();
        try
        {
            // CAO creates its home owner-only (0700) at import; do the same before the first write.
            if (!Directory.Exists(_paths.CaoHome))
            {
                if (OperatingSystem.IsWindows())
                {
                    Directory.CreateDirectory(_paths.CaoHome);
                }
                else
                {
                    Directory.CreateDirectory(_paths.CaoHome, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            tx.Commit(_paths.LocksDir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InstallFailure("Failed to install agent: " + ex.Message);
        }

        return new InstallResult(
            true,
            $"Agent '{profile.Name}' installed successfully",
            profile.Name,
            contextFile,
            agentFile,
            unresolved,
            sourceKind,
            provider);
    }

    private string? ReadEnvFile()
    {
        if (!File.Exists(_paths.EnvFile))
        {
            return null;
        }

        try
        {
            return PathUtil.ReadEnv(_paths.EnvFile);
        }
        catch (ProfileReadException ex)
        {
            throw new InstallFailure("Failed to install agent: " + ex.Message);
        }
    }

    /// <summary>Python <c>dict(cfg)</c> for an MCP entry.</summary>
    private static PyDict AsDict(object? value) => value switch
    {
        PyDict d => d,
        string s when s.Length > 0 => throw new InstallFailure("Failed to install agent: dictionary update sequence element #0 has length 1; 2 is required"),
        string or PyList { Count: 0 } => new PyDict(),
        PyList => throw new InstallFailure("Failed to install agent: cannot convert dictionary update sequence element #0 to a sequence"),
        _ => throw new InstallFailure($"Failed to install agent: '{PyText.TypeName(value)}' object is not iterable"),
    };

    /// <summary><c>profile_store.write_profile(stem, text, overwrite=True)</c>, planned.</summary>
    private void PlanStoreWrite(FileTransaction tx, Dictionary<string, string> overlay, string stem, string text)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(text) > ProfileLimits.MaxProfileBytes)
        {
            throw new InstallFailure(
                $"Failed to install agent: the profile is larger than {ProfileLimits.Size(ProfileLimits.MaxProfileBytes)}, the limit for an agent profile, so one file cannot exhaust memory; shorten it. Nothing was written.");
        }

        var path = tx.Write(_paths.LocalStore, stem + ".md", "agent store file", text, caoLock: true);
        overlay[PathUtil.RealPath(path)] = PyText.NormalizeNewlines(text);
    }

    private async Task<(string Stem, string Text)> DownloadAsync(string source, CancellationToken cancellationToken)
    {
        Uri url;
        string stem;
        try
        {
            (url, stem) = ProfileUrl.Validate(source, _environment.GetVariable("CAO_PROFILE_ALLOWED_HOSTS"));
        }
        catch (ArgumentException ex)
        {
            throw new InstallFailure("Failed to install agent: " + ex.Message);
        }

        ProfileDownloadResponse response;
        try
        {
            response = await _downloader.GetAsync(url, cancellationToken).ConfigureAwait(false);
        }
        catch (ProfileDownloadException ex)
        {
            throw new InstallFailure("Failed to download agent: " + ex.Message);
        }

        if (response.HasLocation && response.StatusCode is 301 or 302 or 303 or 307 or 308)
        {
            throw new InstallFailure("Failed to install agent: Redirects are not allowed for profile downloads.");
        }

        if (response.StatusCode is >= 400 and < 600)
        {
            var kind = response.StatusCode < 500 ? "Client Error" : "Server Error";
            throw new InstallFailure($"Failed to download agent: {response.StatusCode} {kind}: {response.ReasonPhrase} for url: {ConfigText.MaskUrl(url.OriginalString)}");
        }

        return (stem, response.Body);
    }

    private string PlanKiro(FileTransaction tx, AgentProfile profile, PyDict? mcpServers, List<string> allowed, string contextFile, string safeName)
    {
        if (profile.Engine == "kas")
        {
            throw new InstallFailure(
                "Failed to install agent: Kiro KAS profiles cannot be installed in Phase 0: CAO cannot render KAS profiles or translate allowedTools/toolsSettings to Cedar. Set engine: v2 or wait for a later migration phase.");
        }

        var json = new PyDict();
        json.Set("name", profile.Name);
        json.Set("description", profile.Description);
        json.Set("tools", ToPyList(profile.Tools ?? ["*"]));
        json.Set("allowedTools", ToPyList(allowed));
        json.Set("useLegacyMcpJson", false);
        json.Set("resources", ToPyList(["file://" + PathUtil.Absolute(contextFile), "skill://" + _paths.SkillsDir + "/**/SKILL.md"]));
        if (profile.Prompt is { } p && PyText.Strip(p).Length > 0)
        {
            json.Set("prompt", PyText.Strip(p));
        }

        if (CaoMcpCommand.InjectKiroTimeout(mcpServers) is { } injected)
        {
            json.Set("mcpServers", injected);
        }

        if (profile.ToolAliases is { } aliases)
        {
            json.Set("toolAliases", aliases);
        }

        if (profile.ToolsSettings is { } ts)
        {
            json.Set("toolsSettings", ts);
        }

        if (profile.Hooks is { } hooks)
        {
            json.Set("hooks", hooks);
        }

        if (profile.Model is { } model)
        {
            json.Set("model", model);
        }

        return tx.Write(_paths.KiroAgentsDir, safeName + ".json", "Kiro agent file", Serialize(json, PyJsonStyle.Pydantic));
    }

    private string PlanCopilot(FileTransaction tx, AgentProfile profile, ProfileSettings settings, string safeName)
    {
        var systemPrompt = PyText.Strip(profile.SystemPrompt ?? "");
        var basePrompt = systemPrompt.Length > 0 ? systemPrompt : PyText.Strip(profile.Prompt ?? "");
        if (basePrompt.Length == 0)
        {
            throw new InstallFailure(
                $"Failed to install agent: Agent '{profile.Name}' has no usable prompt content for Copilot (both system_prompt and prompt are empty or whitespace)");
        }

        var prompt = SkillCatalog.Compose(basePrompt, SkillCatalog.Build(_paths, settings)) ?? basePrompt;
        var meta = new PyDict();
        meta.Set("name", profile.Name);
        meta.Set("description", profile.Description);
        return tx.Write(_paths.CopilotAgentsDir, safeName + ".agent.md", "Copilot agent file", FrontmatterDocumentText(meta, PyText.RStrip(prompt)));
    }

    private string PlanOpenCode(FileTransaction tx, AgentProfile profile, PyDict? mcpServers, List<string> allowed, string agentId)
    {
        PlanSkillsSymlink(tx);
        var body = !string.IsNullOrEmpty(profile.SystemPrompt) ? profile.SystemPrompt : !string.IsNullOrEmpty(profile.Prompt) ? profile.Prompt : "";
        var permission = new PyDict();
        foreach (var (tool, decision) in AllowedTools.OpenCodePermission(allowed))
        {
            permission.Set(tool, decision);
        }

        var meta = new PyDict();
        meta.Set("description", profile.Description);
        meta.Set("mode", "all");
        meta.Set("permission", permission);
        var agentFile = tx.Write(_paths.OpenCodeAgentsDir, agentId + ".md", "OpenCode agent file", FrontmatterDocumentText(meta, body.Length > 0 ? PyText.RStrip(body) : ""));

        var configPath = _paths.OpenCodeConfigFile;
        if (mcpServers is { Count: > 0 })
        {
            var data = ReadOpenCodeConfig(configPath) ?? SchemaSkeleton();
            var mcpSection = Section(data, "mcp");
            var toolsSection = Section(data, "tools");
            var agentTools = new PyDict();
            foreach (var e in mcpServers.Entries)
            {
                var name = PyText.Str(e.Key);
                mcpSection.Set(name, TranslateMcp(AsDict(e.Value)));
                toolsSection.Set(name + "*", false);
                agentTools.Set(name + "*", true);
            }

            var agentSection = Section(data, "agent");
            var entry = agentSection.TryGetValue(agentId, out var existing) ? existing : null;
            if (entry is null && !agentSection.ContainsKey(agentId))
            {
                entry = new PyDict();
                agentSection.Set(agentId, entry);
            }

            if (entry is not PyDict entryDict)
            {
                throw new InstallFailure($"Failed to install agent: '{PyText.TypeName(entry)}' object does not support item assignment");
            }

            entryDict.Set("tools", agentTools);
            tx.Write(_paths.OpenCodeConfigDir, "opencode.json", "OpenCode config", Serialize(data, PyJsonStyle.PythonIndented) + "\n");
        }
        else if (File.Exists(configPath))
        {
            var data = ReadOpenCodeConfig(configPath)!;
            if (data.GetOrNull("agent") is PyDict agents && agents.ContainsKey(agentId))
            {
                agents.Remove(agentId);
                tx.Write(_paths.OpenCodeConfigDir, "opencode.json", "OpenCode config", Serialize(data, PyJsonStyle.PythonIndented) + "\n");
            }
        }

        return agentFile;
    }

    private static PyDict SchemaSkeleton()
    {
        var d = new PyDict();
        d.Set("$schema", "https://opencode.ai/config.json");
        return d;
    }

    /// <summary><c>data.setdefault(key, {})</c>, failing like Python when the value is not a dict.</summary>
    private static PyDict Section(PyDict data, string key)
    {
        if (!data.TryGetValue(key, out var value))
        {
            var created = new PyDict();
            data.Set(key, created);
            return created;
        }

        return value switch
        {
            PyDict d => d,
            PyList => throw new InstallFailure("Failed to install agent: list indices must be integers or slices, not str"),
            _ => throw new InstallFailure($"Failed to install agent: '{PyText.TypeName(value)}' object does not support item assignment"),
        };
    }

    private static PyDict? ReadOpenCodeConfig(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        string text;
        try
        {
            text = PathUtil.ReadText(path);
        }
        catch (ProfileReadException ex)
        {
            throw new InstallFailure("Failed to install agent: " + ex.Message);
        }

        object? parsed;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(text);
            parsed = PyJson.FromElement(doc.RootElement);
        }
        catch (System.Text.Json.JsonException ex)
        {
            throw new InstallFailure($"Failed to install agent: invalid JSON in {path}: {ex.Message}");
        }

        return parsed as PyDict
            ?? throw new InstallFailure($"Failed to install agent: '{PyText.TypeName(parsed)}' object has no attribute 'setdefault'");
    }

    /// <summary><c>translate_mcp_server_config</c>: <c>{type: local, command: [cmd, *args], enabled: true[, environment]}</c>.</summary>
    private static PyDict TranslateMcp(PyDict cfg)
    {
        var command = cfg.GetOrNull("command") ?? "";
        var argsValue = cfg.GetOrNull("args");
        var args = argsValue switch
        {
            null => [],
            PyList l => l.ToList(),
            string s => s.EnumerateRunes().Select(r => (object?)r.ToString()).ToList(),
            PyDict d => d.Entries.Select(e => e.Key).ToList(),
            _ => throw new InstallFailure($"Failed to install agent: '{PyText.TypeName(argsValue)}' object is not iterable"),
        };
        var full = new PyList();
        if (IsTruthy(command))
        {
            full.Add(command);
        }

        full.AddRange(args);
        var result = new PyDict();
        result.Set("type", "local");
        result.Set("command", full);
        result.Set("enabled", true);
        if (cfg.TryGetValue("env", out var env))
        {
            result.Set("environment", env);
        }

        return result;
    }

    private static bool IsTruthy(object? v) => v switch
    {
        null => false,
        string s => s.Length > 0,
        bool b => b,
        BigInteger i => !i.IsZero,
        double d => d != 0,
        PyList l => l.Count > 0,
        PyDict d => d.Count > 0,
        _ => true,
    };

    private void PlanSkillsSymlink(FileTransaction tx)
    {
        var target = PathUtil.Join(_paths.OpenCodeConfigDir, "skills");
        string? linkTarget = null;
        try
        {
            linkTarget = new FileInfo(target).LinkTarget;
        }
        catch (IOException)
        {
        }

        if (linkTarget is not null)
        {
            if (PathUtil.RealPath(target) != PathUtil.RealPath(_paths.SkillsDir))
            {
                _warn($"opencode skills symlink at {target} points to {PathUtil.RealPath(target)} instead of {PathUtil.RealPath(_paths.SkillsDir)} — skipping");
            }

            return;
        }

        if (File.Exists(target) || Directory.Exists(target))
        {
            _warn($"opencode skills target {target} exists but is not a symlink — skipping");
            return;
        }

        tx.Symlink(_paths.OpenCodeConfigDir, "skills", "OpenCode skills link", _paths.SkillsDir);
    }

    /// <summary>python-frontmatter <c>dumps(Post(body, **meta))</c>.</summary>
    private static string FrontmatterDocumentText(PyDict meta, string body) =>
        PyText.Strip("---\n" + PyText.Strip(PyYamlDumper.Dump(meta)) + "\n---\n\n" + body + "\n");

    private static string Serialize(PyDict value, PyJsonStyle style)
    {
        try
        {
            return PyJson.Write(value, style);
        }
        catch (InvalidOperationException ex)
        {
            throw new InstallFailure("Failed to install agent: " + ex.Message);
        }
    }

    private static PyList ToPyList(IEnumerable<string> items)
    {
        var l = new PyList();
        foreach (var i in items)
        {
            l.Add(i);
        }

        return l;
    }
}
