using System.Numerics;
using CaoOps.Profiles.Discovery;
using CaoOps.Profiles.Install;
using CaoOps.Profiles.Model;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Validation;

/// <summary>
/// The profile linter behind <c>cao-ops profile validate</c>. Errors: anything that makes CAO's load/install
/// fail (frontmatter/YAML, model validation) plus the rules of CAO's
/// <c>agent_profile.schema.json</c> (what <c>cao profile validate</c> enforces). Warnings: CAO's
/// advisories (deprecated <c>autoApproveTools</c>, unknown <c>allowedTools</c> vocabulary, non-built-in
/// role) and an invalid frontmatter <c>provider</c> (install falls back to kiro_cli).
/// Files are validated as written: no <c>${VAR}</c> resolution, so no secret is ever read.
/// </summary>
internal static class ProfileLinter
{
    private static readonly HashSet<string> SchemaFields = new(
    [
        "name", "description", "capabilities", "tags", "role", "provider", "engine", "allowedTools", "mcpServers", "tools",
        "toolAliases", "toolsSettings", "model", "permissionMode", "native_agent", "codexProfile", "codexConfig", "claudeConfig",
        "hermesProfile", "grokNativeWorkflows", "skills", "container", "provider_init_timeout", "prompt", "resources", "hooks",
        "useLegacyMcpJson",
    ], StringComparer.Ordinal);

    private static readonly HashSet<string> StringFields = new(["name", "description", "role", "provider", "engine", "model", "permissionMode", "native_agent", "codexProfile", "hermesProfile", "prompt"], StringComparer.Ordinal);
    private static readonly HashSet<string> StringListFields = new(["capabilities", "tags", "allowedTools", "tools", "skills", "resources"], StringComparer.Ordinal);
    private static readonly HashSet<string> ObjectFields = new(["mcpServers", "toolAliases", "toolsSettings", "codexConfig", "claudeConfig", "container", "hooks"], StringComparer.Ordinal);
    private static readonly HashSet<string> BoolFields = new(["grokNativeWorkflows", "useLegacyMcpJson"], StringComparer.Ordinal);

    /// <summary>
    /// Validates files and folders (a folder's profiles in both layouts, <c>*.md</c> and <c>*/agent.md</c>, sorted).
    /// Null, with <paramref name="missing"/> set, when an input is neither a file nor a folder.
    /// </summary>
    public static IReadOnlyList<ValidationReport>? ValidateAll(IEnumerable<string> inputs, out string? missing)
    {
        missing = null;
        var files = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                files.AddRange(ProfileFilesIn(input));
            }
            else if (File.Exists(input))
            {
                files.Add(input);
            }
            else
            {
                missing = input;
                return null;
            }
        }

        return [.. files.Select(Validate)];
    }

    private static List<string> ProfileFilesIn(string dir)
    {
        var found = new List<string>();
        foreach (var f in Directory.EnumerateFiles(dir, "*.md"))
        {
            if (Path.GetExtension(f) == ".md")
            {
                found.Add(f);
            }
        }

        foreach (var d in Directory.EnumerateDirectories(dir))
        {
            var nested = Path.Combine(d, "agent.md");
            if (File.Exists(nested))
            {
                found.Add(nested);
            }
        }

        found.Sort(StringComparer.Ordinal);
        return found;
    }

    public static ValidationReport Validate(string path)
    {
        var findings = new List<ValidationFinding>();
        void Err(string field, int line, string msg) => findings.Add(new ValidationFinding("error", field, line, msg));
        void Warn(string field, int line, string msg) => findings.Add(new ValidationFinding("warning", field, line, msg));

        string text;
        try
        {
            text = PathUtil.ReadProfile(path);
        }
        catch (ProfileReadException ex)
        {
            Err("(file)", 0, ex.Message);
            return new ValidationReport(path, false, findings);
        }

        FrontmatterDocument doc;
        try
        {
            doc = Frontmatter.Parse(text);
        }
        catch (ProfileParseException ex)
        {
            Err("(frontmatter)", ex.Line, OneLine(ex.Message));
            return new ValidationReport(path, false, findings);
        }

        var meta = doc.Metadata;
        int LineOf(string key) => meta.LineOf(key) is var l && l > 0 ? l + doc.LineOffset : Math.Max(1, doc.LineOffset);

        var lookupName = LookupName(path);
        var modelFields = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            ProfileParser.FromDocument(doc, lookupName);
        }
        catch (ProfileParseException ex)
        {
            foreach (var e in ex.Errors)
            {
                modelFields.Add(e.Location.Split('.')[0]);
                Err(e.Location, e.Line > 0 ? e.Line : LineOf(e.Location.Split('.')[0]), $"{e.Message} [type={e.Type}, input_value={e.InputRepr}, input_type={e.InputType}]");
            }
        }

        if (meta.ContainsKey("autoApproveTools"))
        {
            Warn("autoApproveTools", LineOf("autoApproveTools"), "'autoApproveTools' is deprecated and rejected by CAO 2.2+. Use 'allowedTools' instead.");
        }

        foreach (var (field, line, message) in SchemaErrors(meta, LineOf).OrderBy(e => e.Field, StringComparer.Ordinal))
        {
            if (!modelFields.Contains(field.Split('.')[0]))
            {
                Err(field, line, message);
            }
        }

        if (meta.GetOrNull("allowedTools") is PyList allowed)
        {
            var vocabulary = AllowedTools.RoleDefaults.Values.SelectMany(v => v).ToHashSet(StringComparer.Ordinal);
            foreach (var tool in allowed)
            {
                if (tool is not string s || !vocabulary.Contains(s))
                {
                    Warn("allowedTools", LineOf("allowedTools"), $"allowedTools entry '{PyText.Str(tool)}' is not in CAO's recognized vocabulary. It may be silently ignored by some providers.");
                }
            }
        }

        if (meta.GetOrNull("role") is { } role && (role is not string rs || (rs.Length > 0 && !AllowedTools.RoleDefaults.ContainsKey(rs))))
        {
            Warn("role", LineOf("role"), $"role '{PyText.Str(role)}' is not a built-in CAO role (developer, reviewer, supervisor). Ensure it is defined in your settings.json custom roles.");
        }

        if (meta.GetOrNull("provider") is string provider && provider.Length > 0 && !ProviderIds.IsValid(provider))
        {
            Warn("provider", LineOf("provider"), $"provider '{provider}' is not a valid provider; install falls back to '{ProviderIds.Default}'. Valid providers: {string.Join(", ", ProviderIds.All)}");
        }

        return new ValidationReport(path, findings.All(f => f.Severity != "error"), findings);
    }

    /// <summary>The name CAO would look the file up by: the folder for <c>&lt;dir&gt;/agent.md</c>, else the stem.</summary>
    private static string LookupName(string path)
    {
        var file = Path.GetFileName(path);
        return file == "agent.md" ? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(path))!) : PathUtil.SplitName(file).Stem;
    }

    private static string OneLine(string message) =>
        string.Join("; ", message.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static bool IsInteger(object? v) => v is BigInteger || (v is double d && Math.Floor(d) == d && !double.IsInfinity(d));

    private static List<(string Field, int Line, string Message)> SchemaErrors(PyDict meta, Func<string, int> lineOf)
    {
        var errors = new List<(string, int, string)>();
        if (!meta.ContainsKey("name"))
        {
            errors.Add(("(root)", lineOf("name"), "'name' is a required property"));
        }

        foreach (var entry in meta.Entries)
        {
            var key = (string)entry.Key!;
            var v = entry.Value;
            var line = lineOf(key);
            void E(string msg, string? sub = null) => errors.Add((sub is null ? key : key + "." + sub, line, msg));
            if (!SchemaFields.Contains(key))
            {
                E($"Additional properties are not allowed ('{key}' was unexpected)");
                continue;
            }

            if (StringFields.Contains(key) && v is not string)
            {
                E($"{PyText.Repr(v)} is not of type 'string'");
                continue;
            }

            if (StringListFields.Contains(key) && v is not PyList)
            {
                E($"{PyText.Repr(v)} is not of type 'array'");
                continue;
            }

            if (ObjectFields.Contains(key) && v is not PyDict)
            {
                E($"{PyText.Repr(v)} is not of type 'object'");
                continue;
            }

            if (BoolFields.Contains(key) && v is not bool)
            {
                E($"{PyText.Repr(v)} is not of type 'boolean'");
                continue;
            }

            switch (key)
            {
                case "name" when !ProfileNames.IsValid((string)v!):
                    E($"{PyText.Repr(v)} does not match '{ProfileNames.Pattern}': install writes files named after it, so it must be 1-64 letters, digits, '_' or '-'");
                    break;
                case "description" when PyText.CodePointLength((string)v!) > 1024:
                    E("description is too long (maximum 1024 characters)");
                    break;
                case "engine" when (string)v! is not ("v2" or "kas"):
                    E($"{PyText.Repr(v)} is not one of ['v2', 'kas']");
                    break;
                case "permissionMode" when (string)v! is not ("default" or "acceptEdits" or "plan" or "auto" or "bypassPermissions"):
                    E($"{PyText.Repr(v)} is not one of ['default', 'acceptEdits', 'plan', 'auto', 'bypassPermissions']");
                    break;
                case "codexProfile" or "hermesProfile" when ((string)v!).Length == 0:
                    E("'' should be non-empty");
                    break;
                case "provider_init_timeout":
                    if (!IsInteger(v) || v is bool)
                    {
                        E($"{PyText.Repr(v)} is not of type 'integer'");
                    }
                    else if ((v is BigInteger bi ? bi : new BigInteger((double)v!)) < 1)
                    {
                        E($"{PyText.Repr(v)} is less than the minimum of 1");
                    }

                    break;
                case "capabilities" or "tags" or "allowedTools" or "tools" or "skills" or "resources":
                    var list = (PyList)v!;
                    if (key is "capabilities" or "tags" && list.Count > 32)
                    {
                        E($"{key} is too long (maximum 32 items)");
                    }

                    for (var i = 0; i < list.Count; i++)
                    {
                        if (list[i] is not string s)
                        {
                            E($"{PyText.Repr(list[i])} is not of type 'string'", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else if (key == "capabilities" && PyText.CodePointLength(s) > 128)
                        {
                            E($"{PyText.Repr(s)} is too long (maximum 128 characters)", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }
                        else if (key == "tags" && !ProfileNames.IsValid(s))
                        {
                            E($"{PyText.Repr(s)} does not match '^[A-Za-z0-9_-]{{1,64}}$'", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
                        }
                    }

                    break;
                case "toolAliases":
                    foreach (var a in ((PyDict)v!).Entries.Where(a => a.Value is not string))
                    {
                        E($"{PyText.Repr(a.Value)} is not of type 'string'", PyText.Str(a.Key));
                    }

                    break;
                case "mcpServers":
                    foreach (var s in ((PyDict)v!).Entries)
                    {
                        McpServerErrors(PyText.Str(s.Key), s.Value, E);
                    }

                    break;
                case "container":
                    if (((PyDict)v!).GetOrNull("path_maps") is { } maps)
                    {
                        if (maps is not PyList ml)
                        {
                            E($"{PyText.Repr(maps)} is not of type 'array'", "path_maps");
                            break;
                        }

                        for (var i = 0; i < ml.Count; i++)
                        {
                            var sub = "path_maps." + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            if (ml[i] is not PyDict pm)
                            {
                                E($"{PyText.Repr(ml[i])} is not of type 'object'", sub);
                                continue;
                            }

                            foreach (var k in new[] { "host", "guest" })
                            {
                                if (!pm.TryGetValue(k, out var hv))
                                {
                                    E($"'{k}' is a required property", sub);
                                }
                                else if (hv is not string hs)
                                {
                                    E($"{PyText.Repr(hv)} is not of type 'string'", sub + "." + k);
                                }
                                else if (hs.Length == 0)
                                {
                                    E("'' should be non-empty", sub + "." + k);
                                }
                            }
                        }
                    }

                    break;
            }
        }

        return errors;
    }

    private static void McpServerErrors(string name, object? server, Action<string, string?> error)
    {
        if (server is not PyDict s)
        {
            error($"{PyText.Repr(server)} is not of type 'object'", name);
            return;
        }

        if (!s.ContainsKey("command"))
        {
            error("'command' is a required property", name);
        }

        foreach (var k in new[] { "type", "command" })
        {
            if (s.TryGetValue(k, out var v) && v is not string)
            {
                error($"{PyText.Repr(v)} is not of type 'string'", name + "." + k);
            }
        }

        if (s.TryGetValue("args", out var args))
        {
            if (args is not PyList al)
            {
                error($"{PyText.Repr(args)} is not of type 'array'", name + ".args");
            }
            else if (al.Any(a => a is not string))
            {
                error("args items must be strings", name + ".args");
            }
        }

        if (s.TryGetValue("env", out var env))
        {
            if (env is not PyDict ed)
            {
                error($"{PyText.Repr(env)} is not of type 'object'", name + ".env");
            }
            else
            {
                foreach (var e in ed.Entries.Where(e => e.Value is not string))
                {
                    error($"{PyText.TypeName(e.Value)} value is not of type 'string'", name + ".env." + PyText.Str(e.Key));
                }
            }
        }

        if (s.TryGetValue("timeout", out var t) && (!IsInteger(t) || t is bool))
        {
            error($"{PyText.Repr(t)} is not of type 'integer'", name + ".timeout");
        }
    }
}
