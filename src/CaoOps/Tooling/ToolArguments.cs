using System.Globalization;
using System.Text.Json;

namespace CaoOps.Tooling;

/// <summary>Validated, typed arguments of one call. Built only by <see cref="Parse"/>.</summary>
internal sealed class ToolArguments
{
    private readonly Dictionary<string, object> _values;

    private ToolArguments(Dictionary<string, object> values) => _values = values;

    public static ToolArguments Empty { get; } = new([]);

    public string? String(string name) => _values.TryGetValue(name, out var v) ? (string)v : null;

    public long? Integer(string name) => _values.TryGetValue(name, out var v) ? (long)v : null;

    public bool? Boolean(string name) => _values.TryGetValue(name, out var v) ? (bool)v : null;

    public IReadOnlyList<string>? StringArray(string name) => _values.TryGetValue(name, out var v) ? (IReadOnlyList<string>)v : null;

    public IReadOnlyDictionary<string, string>? StringMap(string name) =>
        _values.TryGetValue(name, out var v) ? (IReadOnlyDictionary<string, string>)v : null;

    public JsonElement? Object(string name) => _values.TryGetValue(name, out var v) ? (JsonElement)v : null;

    /// <summary>
    /// Checks presence, JSON types, enums, patterns, ranges and unknown keys. JSON null counts as "not given".
    /// Returns null and a message listing every problem when the arguments are not acceptable.
    /// </summary>
    public static ToolArguments? Parse(IReadOnlyList<ToolParameter> parameters, IEnumerable<KeyValuePair<string, JsonElement>>? raw, out string? error)
    {
        var problems = new List<string>();
        var values = new Dictionary<string, object>(StringComparer.Ordinal);
        var given = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var (key, value) in raw ?? [])
        {
            if (parameters.Any(p => p.Name == key))
            {
                given[key] = value;
            }
            else
            {
                problems.Add(parameters.Count == 0
                    ? $"unknown argument '{key}' (this tool takes no arguments)"
                    : $"unknown argument '{key}' (valid: {string.Join(", ", parameters.Select(p => p.Name))})");
            }
        }

        foreach (var p in parameters)
        {
            if (!given.TryGetValue(p.Name, out var element) || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
            {
                if (p.Required)
                {
                    problems.Add($"missing required argument '{p.Name}' ({Describe(p.Kind)})");
                }
                else if (p.DefaultValue is { } fallback)
                {
                    values[p.Name] = fallback;
                }

                continue;
            }

            if (Convert(p, element, out var problem) is { } converted)
            {
                values[p.Name] = converted;
            }
            else if (problem is not null)
            {
                problems.Add(problem);
            }
            else if (p.Required)
            {
                problems.Add($"missing required argument '{p.Name}' ({Describe(p.Kind)}; an empty value does not count)");
            }
        }

        error = problems.Count == 0 ? null : string.Join("; ", problems);
        return problems.Count == 0 ? new ToolArguments(values) : null;
    }

    /// <summary>The typed value of a declared default (checked like an argument, so a bad default fails at start-up tests).</summary>
    internal static object? DefaultOf(ToolParameter p)
    {
        if (p.DefaultJson is not { } json)
        {
            return null;
        }

        using var doc = JsonDocument.Parse(json);
        return Convert(p, doc.RootElement, out var problem) ?? throw new InvalidOperationException($"default of '{p.Name}' is not valid: {problem}");
    }

    /// <summary>Returns the typed value; null with a problem when invalid, null without one when it counts as absent.</summary>
    private static object? Convert(ToolParameter p, JsonElement e, out string? problem)
    {
        problem = null;
        switch (p.Kind)
        {
            case ParamKind.String:
                if (e.ValueKind != JsonValueKind.String)
                {
                    problem = $"'{p.Name}' must be a string, got {Kind(e)}";
                    return null;
                }

                if (!TryGetString(e, out var s))
                {
                    problem = $"'{p.Name}' contains invalid Unicode (an unpaired surrogate escape)";
                    return null;
                }

                if (ArgumentLimits.For(p) is var limit && s.Length > limit.Length)
                {
                    problem = ArgumentLimits.TooLong($"'{p.Name}'", s.Length, limit);
                    return null;
                }

                if (s.Length == 0 && (p.EmptyIsAbsent || p.Enum is not null))
                {
                    return null;
                }

                if (p.Enum is { } allowed)
                {
                    var match = allowed.FirstOrDefault(a => string.Equals(a, s, StringComparison.OrdinalIgnoreCase));
                    if (match is null)
                    {
                        problem = p.EnumError?.Invoke(s) ?? $"'{p.Name}' must be one of {string.Join(", ", allowed.Select(a => $"'{a}'"))}; got '{s}'";
                    }

                    return match;
                }

                if (p.Rule is { } rule && !rule.Pattern.IsMatch(s))
                {
                    problem = $"invalid {p.Name} '{Shorten(s)}': {rule.Explanation}";
                    return null;
                }

                if (p.ForAgent && AgentText.Problem(p.Name, s) is { } control)
                {
                    problem = control;
                    return null;
                }

                return s;

            case ParamKind.Integer:
                if (e.ValueKind != JsonValueKind.Number || !e.TryGetInt64(out var n))
                {
                    problem = e.ValueKind == JsonValueKind.Number
                        ? $"'{p.Name}' must be a whole number, got {e.GetRawText()}"
                        : $"'{p.Name}' must be an integer, got {Kind(e)}";
                    return null;
                }

                if (n < p.Minimum || n > p.Maximum)
                {
                    problem = $"'{p.Name}' must be between {p.Minimum?.ToString(CultureInfo.InvariantCulture) ?? "-∞"} and {p.Maximum?.ToString(CultureInfo.InvariantCulture) ?? "∞"}, got {n.ToString(CultureInfo.InvariantCulture)}";
                    return null;
                }

                return n;

            case ParamKind.Boolean:
                if (e.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
                {
                    problem = $"'{p.Name}' must be true or false, got {Kind(e)}";
                    return null;
                }

                return e.GetBoolean();

            case ParamKind.StringArray:
                if (e.ValueKind != JsonValueKind.Array || e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String))
                {
                    problem = $"'{p.Name}' must be an array of strings, got {Kind(e)}";
                    return null;
                }

                var list = new List<string>();
                foreach (var item in e.EnumerateArray())
                {
                    if (!TryGetString(item, out var text))
                    {
                        problem = $"'{p.Name}' contains invalid Unicode (an unpaired surrogate escape)";
                        return null;
                    }

                    list.Add(text);
                }

                if ((TooMany(p, list.Count) ?? TooLongItem(p, list, "item")) is { } listProblem)
                {
                    problem = listProblem;
                    return null;
                }

                if (p.Rule is { } itemRule && list.FirstOrDefault(x => !itemRule.Pattern.IsMatch(x)) is { } bad)
                {
                    problem = $"invalid {p.Name} item '{Shorten(bad)}': {itemRule.Explanation}";
                    return null;
                }

                return list;

            case ParamKind.StringMap:
                if (e.ValueKind != JsonValueKind.Object || e.EnumerateObject().Any(x => x.Value.ValueKind != JsonValueKind.String))
                {
                    problem = $"'{p.Name}' must be an object whose values are strings, got {Kind(e)}";
                    return null;
                }

                var map = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var prop in e.EnumerateObject())
                {
                    if (!TryGetString(prop.Value, out var value))
                    {
                        problem = $"'{p.Name}' contains invalid Unicode (an unpaired surrogate escape)";
                        return null;
                    }

                    map[prop.Name] = value;
                }

                if ((TooMany(p, map.Count) ?? TooLongItem(p, map.Keys, "key") ?? TooLongItem(p, map.Values, "value", ArgumentLimits.MapValue)) is { } mapProblem)
                {
                    problem = mapProblem;
                    return null;
                }

                if (p.Rule is { } keyRule && map.Keys.FirstOrDefault(k => !keyRule.Pattern.IsMatch(k)) is { } badKey)
                {
                    problem = $"invalid {p.Name} key '{Shorten(badKey)}': {keyRule.Explanation}";
                    return null;
                }

                return map;

            case ParamKind.Object:
                if (e.ValueKind != JsonValueKind.Object)
                {
                    problem = $"'{p.Name}' must be an object, got {Kind(e)}";
                    return null;
                }

                return e.Clone();

            default:
                throw new InvalidOperationException($"unhandled parameter kind {p.Kind}");
        }
    }

    private static string? TooMany(ToolParameter p, int count) => count > ArgumentLimits.Items
        ? $"'{p.Name}' has {count.ToString(CultureInfo.InvariantCulture)} entries; the limit is {ArgumentLimits.Items.ToString(CultureInfo.InvariantCulture)}"
        : null;

    private static string? TooLongItem(ToolParameter p, IEnumerable<string> items, string what, int? defaultLength = null)
    {
        (int Length, string? Why) limit = p.MaxLength is null && defaultLength is { } d ? (d, null) : ArgumentLimits.For(p);
        return items.FirstOrDefault(x => x.Length > limit.Length) is { } bad ? ArgumentLimits.TooLong($"a '{p.Name}' {what}", bad.Length, limit) : null;
    }

    /// <summary>JSON allows escapes of lone surrogates ("\ud800"), which no .NET string can hold: refuse them politely.</summary>
    private static bool TryGetString(JsonElement e, out string value)
    {
        try
        {
            value = e.GetString()!;
            return true;
        }
        catch (InvalidOperationException)
        {
            value = string.Empty;
            return false;
        }
    }

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {Shorten(e.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Array => e.EnumerateArray().Any(x => x.ValueKind != JsonValueKind.String) ? "an array with non-string items" : "an array",
        JsonValueKind.Object => e.EnumerateObject().Any(x => x.Value.ValueKind != JsonValueKind.String) ? "an object with non-string values" : "an object",
        _ => "null",
    };

    private static string Describe(ParamKind kind) => kind switch
    {
        ParamKind.String => "a string",
        ParamKind.Integer => "an integer",
        ParamKind.Boolean => "a boolean",
        ParamKind.StringArray => "an array of strings",
        ParamKind.Object => "an object",
        _ => "an object of strings",
    };

    private static string Shorten(string s) => s.Length <= 80 ? s : string.Concat(s.AsSpan(0, 77), "...");
}
