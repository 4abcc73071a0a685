using System.Globalization;
using System.Numerics;
using System.Text;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Profiles.Model;

/// <summary>
/// Emulates pydantic v2 (lax, python mode) validation of the <c>AgentProfile</c> model: strict
/// strings (no number→string coercion), lists and mappings of strings, lax ints/bools, the
/// <c>engine</c> enum and <c>permissionMode</c> literal. Error text follows pydantic's report.
/// </summary>
internal sealed class AgentProfileValidator
{
    private const string DocsBase = "https://errors.pydantic.dev/2.13/v/";

    private static readonly string[] PermissionModes = ["default", "acceptEdits", "plan", "auto", "bypassPermissions"];

    private readonly List<FieldError> _errors = [];
    private readonly int _lineOffset;

    private AgentProfileValidator(int lineOffset) => _lineOffset = lineOffset;

    /// <summary>Validates frontmatter metadata (with system_prompt/name/description already filled in).</summary>
    /// <param name="meta">The metadata mapping; its lines are relative to the YAML text.</param>
    /// <param name="lineOffset">Added to YAML lines to get file lines.</param>
    public static AgentProfile Validate(PyDict meta, int lineOffset)
    {
        var v = new AgentProfileValidator(lineOffset);
        var profile = v.Build(meta);
        if (v._errors.Count > 0)
        {
            throw new ProfileParseException(ProfileErrorKind.Validation, Render("AgentProfile", v._errors), v._errors[0].Line, v._errors);
        }

        return profile!;
    }

    public static string Render(string model, IReadOnlyList<FieldError> errors)
    {
        var sb = new StringBuilder();
        sb.Append(errors.Count.ToString(CultureInfo.InvariantCulture))
          .Append(errors.Count == 1 ? " validation error for " : " validation errors for ")
          .Append(model);
        foreach (var e in errors)
        {
            sb.Append('\n').Append(e.Location)
              .Append("\n  ").Append(e.Message)
              .Append(" [type=").Append(e.Type)
              .Append(", input_value=").Append(e.InputRepr)
              .Append(", input_type=").Append(e.InputType).Append(']')
              .Append("\n    For further information visit ").Append(DocsBase).Append(e.Type);
        }

        return sb.ToString();
    }

    private int L(int yamlLine) => yamlLine > 0 ? yamlLine + _lineOffset : 0;

    private void Error(string loc, string msg, string type, object? input, int line) =>
        _errors.Add(new FieldError(loc, msg, type, TruncatedRepr(input), PyText.TypeName(input), line));

    private static string TruncatedRepr(object? input)
    {
        var r = PyText.Repr(input);
        return r.Length > 50 ? string.Concat(r.AsSpan(0, 25), "...", r.AsSpan(r.Length - 24)) : r;
    }

    private AgentProfile? Build(PyDict meta)
    {
        object? Get(string key, out int line)
        {
            line = L(meta.LineOf(key));
            return meta.GetOrNull(key);
        }

        var name = Str("name", Get("name", out var ln), ln, required: true);
        var description = Str("description", Get("description", out ln), ln, required: true);
        var provider = Str("provider", Get("provider", out ln), ln);
        var systemPrompt = Str("system_prompt", Get("system_prompt", out ln), ln);
        var role = Str("role", Get("role", out ln), ln);
        var engine = Choice("engine", Get("engine", out ln), ln, ["v2", "kas"], "enum", "Input should be 'v2' or 'kas'");
        var skills = StrList("skills", Get("skills", out ln), ln);
        var capabilities = StrList("capabilities", Get("capabilities", out ln), ln);
        var tags = StrList("tags", Get("tags", out ln), ln);
        var container = Container(Get("container", out ln), ln);
        var timeout = Int("provider_init_timeout", Get("provider_init_timeout", out ln), ln);
        var prompt = Str("prompt", Get("prompt", out ln), ln);
        var mcp = AnyDict("mcpServers", Get("mcpServers", out ln), ln);
        var tools = StrList("tools", Get("tools", out ln), ln);
        var aliases = StrDict("toolAliases", Get("toolAliases", out ln), ln);
        var allowed = StrList("allowedTools", Get("allowedTools", out ln), ln);
        var toolsSettings = AnyDict("toolsSettings", Get("toolsSettings", out ln), ln);
        var resources = StrList("resources", Get("resources", out ln), ln);
        var hooks = AnyDict("hooks", Get("hooks", out ln), ln);
        var legacy = Bool("useLegacyMcpJson", Get("useLegacyMcpJson", out ln), ln);
        var model = Str("model", Get("model", out ln), ln);
        var permissionMode = Choice(
            "permissionMode",
            Get("permissionMode", out ln),
            ln,
            PermissionModes,
            "literal_error",
            "Input should be 'default', 'acceptEdits', 'plan', 'auto' or 'bypassPermissions'");
        var nativeAgent = Str("native_agent", Get("native_agent", out ln), ln);
        var codexProfile = Str("codexProfile", Get("codexProfile", out ln), ln, minLength: 1);
        var codexConfig = AnyDict("codexConfig", Get("codexConfig", out ln), ln);
        var hermesProfile = Str("hermesProfile", Get("hermesProfile", out ln), ln, minLength: 1);
        var claudeConfig = AnyDict("claudeConfig", Get("claudeConfig", out ln), ln);
        var grok = Bool("grokNativeWorkflows", Get("grokNativeWorkflows", out ln), ln);

        if (_errors.Count > 0)
        {
            return null;
        }

        return new AgentProfile
        {
            Name = name!,
            Description = description!,
            Provider = provider,
            SystemPrompt = systemPrompt,
            Role = role,
            Engine = engine,
            Skills = skills,
            Capabilities = capabilities,
            Tags = tags,
            Container = container,
            ProviderInitTimeout = timeout,
            Prompt = prompt,
            McpServers = mcp,
            Tools = tools,
            ToolAliases = aliases,
            AllowedTools = allowed,
            ToolsSettings = toolsSettings,
            Resources = resources,
            Hooks = hooks,
            UseLegacyMcpJson = legacy,
            Model = model,
            PermissionMode = permissionMode,
            NativeAgent = nativeAgent,
            CodexProfile = codexProfile,
            CodexConfig = codexConfig,
            HermesProfile = hermesProfile,
            ClaudeConfig = claudeConfig,
            GrokNativeWorkflows = grok,
        };
    }

    private string? Str(string loc, object? v, int line, bool required = false, int minLength = 0)
    {
        if (v is null && !required)
        {
            return null;
        }

        if (v is not string s)
        {
            Error(loc, "Input should be a valid string", "string_type", v, line);
            return null;
        }

        if (minLength > 0 && PyText.CodePointLength(s) < minLength)
        {
            Error(loc, $"String should have at least {minLength} character{(minLength == 1 ? "" : "s")}", "string_too_short", v, line);
            return null;
        }

        return s;
    }

    private string? Choice(string loc, object? v, int line, string[] allowed, string type, string msg)
    {
        if (v is null)
        {
            return null;
        }

        if (v is string s && allowed.Contains(s, StringComparer.Ordinal))
        {
            return s;
        }

        Error(loc, msg, type, v, line);
        return null;
    }

    private List<string>? StrList(string loc, object? v, int line)
    {
        if (v is null)
        {
            return null;
        }

        if (v is not PyList list)
        {
            Error(loc, "Input should be a valid list", "list_type", v, line);
            return null;
        }

        var result = new List<string>(list.Count);
        var ok = true;
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is string s)
            {
                result.Add(s);
            }
            else
            {
                var itemLine = L(list.LineAt(i));
                Error($"{loc}.{i}", "Input should be a valid string", "string_type", list[i], itemLine == 0 ? line : itemLine);
                ok = false;
            }
        }

        return ok ? result : null;
    }

    private PyDict? AnyDict(string loc, object? v, int line) => Dict(loc, v, line, valuesMustBeStrings: false);

    private PyDict? StrDict(string loc, object? v, int line) => Dict(loc, v, line, valuesMustBeStrings: true);

    private PyDict? Dict(string loc, object? v, int line, bool valuesMustBeStrings)
    {
        if (v is null)
        {
            return null;
        }

        if (v is not PyDict dict)
        {
            Error(loc, "Input should be a valid dictionary", "dict_type", v, line);
            return null;
        }

        var ok = true;
        foreach (var e in dict.Entries)
        {
            var entryLine = L(e.Line) == 0 ? line : L(e.Line);
            if (e.Key is not string)
            {
                Error($"{loc}.{PyText.Str(e.Key)}.[key]", "Input should be a valid string", "string_type", e.Key, entryLine);
                ok = false;
            }

            if (valuesMustBeStrings && e.Value is not string)
            {
                Error($"{loc}.{PyText.Str(e.Key)}", "Input should be a valid string", "string_type", e.Value, entryLine);
                ok = false;
            }
        }

        return ok ? dict : null;
    }

    private BigInteger? Int(string loc, object? v, int line)
    {
        switch (v)
        {
            case null:
                return null;
            case BigInteger i:
                return i;
            case bool b:
                return b ? BigInteger.One : BigInteger.Zero;
            case double d when double.IsNaN(d) || double.IsInfinity(d):
                Error(loc, "Input should be a finite number", "finite_number", v, line);
                return null;
            case double d when Math.Floor(d) == d:
                return new BigInteger(d);
            case double:
                Error(loc, "Input should be a valid integer, got a number with a fractional part", "int_from_float", v, line);
                return null;
            case string s:
                var t = PyText.Strip(s).Replace("_", "", StringComparison.Ordinal);
                if (t.Length > 0 && BigInteger.TryParse(t, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed)
                    && !s.StartsWith('_') && !s.EndsWith('_') && !s.Contains("__", StringComparison.Ordinal))
                {
                    return parsed;
                }

                Error(loc, "Input should be a valid integer, unable to parse string as an integer", "int_parsing", v, line);
                return null;
            default:
                Error(loc, "Input should be a valid integer", "int_type", v, line);
                return null;
        }
    }

    private bool? Bool(string loc, object? v, int line)
    {
        switch (v)
        {
            case null:
                return null;
            case bool b:
                return b;
            case BigInteger i when i.IsZero || i.IsOne:
                return i.IsOne;
            case double d when d is 0 or 1:
                return d == 1;
            case string s:
                switch (s.ToLowerInvariant())
                {
                    case "0" or "off" or "f" or "false" or "n" or "no":
                        return false;
                    case "1" or "on" or "t" or "true" or "y" or "yes":
                        return true;
                }

                break;
            case BigInteger or double:
                break;
            default:
                Error(loc, "Input should be a valid boolean", "bool_type", v, line);
                return null;
        }

        Error(loc, "Input should be a valid boolean, unable to interpret input", "bool_parsing", v, line);
        return null;
    }

    private PyDict? Container(object? v, int line)
    {
        if (v is null)
        {
            return null;
        }

        if (v is not PyDict dict)
        {
            Error("container", "Input should be a valid dictionary or instance of ContainerConfig", "model_type", v, line);
            return null;
        }

        var result = new PyDict();
        var maps = dict.GetOrNull("path_maps");
        if (maps is null)
        {
            return result;
        }

        var mapsLine = L(dict.LineOf("path_maps")) is var ml && ml > 0 ? ml : line;
        if (maps is not PyList list)
        {
            Error("container.path_maps", "Input should be a valid list", "list_type", maps, mapsLine);
            return null;
        }

        var outList = new PyList();
        var ok = true;
        for (var i = 0; i < list.Count; i++)
        {
            var itemLine = L(list.LineAt(i)) is var il && il > 0 ? il : mapsLine;
            if (list[i] is not PyDict pm)
            {
                Error($"container.path_maps.{i}", "Input should be a valid dictionary or instance of ContainerPathMap", "model_type", list[i], itemLine);
                ok = false;
                continue;
            }

            var normalized = new PyDict();
            foreach (var key in new[] { "host", "guest" })
            {
                if (!pm.TryGetValue(key, out var hv))
                {
                    Error($"container.path_maps.{i}.{key}", "Field required", "missing", pm, itemLine);
                    ok = false;
                }
                else if (hv is not string hs)
                {
                    Error($"container.path_maps.{i}.{key}", "Input should be a valid string", "string_type", hv, L(pm.LineOf(key)) is var kl && kl > 0 ? kl : itemLine);
                    ok = false;
                }
                else
                {
                    normalized.Set(key, hs);
                }
            }

            outList.Add(normalized);
        }

        if (!ok)
        {
            return null;
        }

        result.Set("path_maps", outList);
        return result;
    }
}
