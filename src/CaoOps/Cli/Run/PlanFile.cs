using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CaoOps.Profiles.Yaml;

namespace CaoOps.Cli.Run;

/// <summary>
/// A plan for <c>cao-ops run --plan FILE</c>: YAML (loaded as PyYAML's safe loader does, through the project's event-model
/// loader) or JSON, with a top-level <c>runs:</c> list of <c>{name, profile, task, provider?, model?,
/// working_directory?, timeout?, env?}</c>. Unknown keys are errors (a typo must not silently drop a setting); every
/// problem is reported, with its line for YAML. Bounded: the file size, the number of runs, the task size, env entries.
/// </summary>
internal static partial class PlanFile
{
    private static readonly string[] RunKeys = ["name", "profile", "task", "provider", "model", "working_directory", "timeout", "env"];

    /// <summary>Reads and parses a plan file; null (with problems) when it cannot be used.</summary>
    public static IReadOnlyList<RunSpec>? Load(string path, RunSpec defaults, out IReadOnlyList<string> problems)
    {
        string text;
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                problems = [$"plan file '{path}' does not exist"];
                return null;
            }

            if (info.Length > RunLimits.MaxPlanBytes)
            {
                problems = [$"plan file '{path}' is {info.Length} bytes; at most {RunLimits.MaxPlanBytes} are read"];
                return null;
            }

            text = File.ReadAllText(path, Encoding.UTF8);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problems = [$"cannot read plan file '{path}': {ex.Message}"];
            return null;
        }

        var baseDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Environment.CurrentDirectory;
        return Parse(text, path.EndsWith(".json", StringComparison.OrdinalIgnoreCase), baseDirectory, defaults, out problems);
    }

    /// <summary>
    /// Parses plan text. <paramref name="json"/> picks the JSON reader (also used when the text starts with '{').
    /// Relative working directories resolve against <paramref name="baseDirectory"/>; unset fields take
    /// <paramref name="defaults"/>' values (the command line's --timeout, --provider, --env, and the current directory).
    /// </summary>
    public static IReadOnlyList<RunSpec>? Parse(string text, bool json, string baseDirectory, RunSpec defaults, out IReadOnlyList<string> problems)
    {
        var errors = new List<string>();
        problems = errors;
        if (Encoding.UTF8.GetByteCount(text) > RunLimits.MaxPlanBytes)
        {
            errors.Add($"the plan is larger than {RunLimits.MaxPlanBytes} bytes");
            return null;
        }

        object? root;
        try
        {
            root = json || text.TrimStart().StartsWith('{') ? PyJson.FromElement(JsonBuild.Parse(text)) : PyYamlLoader.Load(text);
        }
        catch (JsonException ex)
        {
            errors.Add($"the plan is not valid JSON: {ex.Message}");
            return null;
        }
        catch (YamlLoadException ex)
        {
            errors.Add($"the plan is not valid YAML{(ex.Line > 0 ? $" (line {ex.Line})" : string.Empty)}: {ex.Message.ReplaceLineEndings(" ")}");
            return null;
        }

        if (root is not PyDict top || !top.TryGetValue("runs", out var runsValue))
        {
            errors.Add("the plan needs a top-level 'runs:' list, e.g. runs: [{name: lint, profile: developer, task: \"fix the lint errors\"}]");
            return null;
        }

        foreach (var entry in top.Entries.Where(e => e.Key as string != "runs"))
        {
            errors.Add($"{At(entry.Line)}unknown top-level key '{Show(entry.Key)}' (a plan has only 'runs')");
        }

        if (runsValue is not PyList runs || runs.Count == 0)
        {
            errors.Add($"{At(top.LineOf("runs"))}'runs' must be a non-empty list of runs");
            return null;
        }

        if (runs.Count > RunLimits.MaxRuns)
        {
            errors.Add($"the plan has {runs.Count} runs; at most {RunLimits.MaxRuns} are allowed");
            return null;
        }

        var specs = new List<RunSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < runs.Count; i++)
        {
            var where = $"runs[{i.ToString(CultureInfo.InvariantCulture)}]";
            var line = runs.LineAt(i);
            if (runs[i] is not PyDict run)
            {
                errors.Add($"{At(line)}{where}: each run must be a mapping with name, profile and task");
                continue;
            }

            if (ParseRun(run, where, line, baseDirectory, defaults, errors) is { } spec)
            {
                if (!names.Add(spec.Name))
                {
                    errors.Add($"{At(line)}{where}: the name '{spec.Name}' is used twice; run names must be unique (they name the JUnit testcases)");
                }

                specs.Add(spec);
            }
        }

        return errors.Count == 0 ? specs : null;
    }

    private static RunSpec? ParseRun(PyDict run, string where, int line, string baseDirectory, RunSpec defaults, List<string> errors)
    {
        var before = errors.Count;
        var name = Text(run, "name", At(line) + where, errors, required: true);
        if (name is not null && !NameRegex().IsMatch(name))
        {
            errors.Add($"{At(line)}{where}: name '{Truncate(name)}' must be 1-{RunLimits.MaxNameChars} letters, digits, '.', '_' or '-'");
        }

        var named = name is null ? where : $"{where} ({Truncate(name)})";
        foreach (var entry in run.Entries)
        {
            if (entry.Key is not string key || !RunKeys.Contains(key))
            {
                errors.Add($"{At(entry.Line > 0 ? entry.Line : line)}{named}: unknown key '{Show(entry.Key)}' (a run has {string.Join(", ", RunKeys)})");
            }
        }

        var label = At(line) + named;
        var profile = Text(run, "profile", label, errors, required: true);
        var task = Text(run, "task", label, errors, required: true);
        if (task is not null && RunArguments.TaskProblem(task) is { } taskProblem)
        {
            errors.Add($"{label}: task {taskProblem}");
        }

        var provider = Text(run, "provider", label, errors) ?? defaults.Provider;
        var model = Text(run, "model", label, errors) ?? defaults.Model;
        var directory = Text(run, "working_directory", label, errors);
        var timeout = defaults.Timeout;
        if (run.TryGetValue("timeout", out var t) && t is not null)
        {
            if (t is BigInteger n && n >= 1 && n <= RunLimits.MaxTimeoutSeconds)
            {
                timeout = TimeSpan.FromSeconds((double)n);
            }
            else
            {
                errors.Add($"{label}: timeout must be a whole number of seconds from 1 to {RunLimits.MaxTimeoutSeconds}, got {Show(t)}");
            }
        }

        var env = new Dictionary<string, string>(defaults.Env, StringComparer.Ordinal);
        if (run.TryGetValue("env", out var e) && e is not null)
        {
            if (e is not PyDict map)
            {
                errors.Add($"{label}: env must be a mapping of NAME: value");
            }
            else
            {
                foreach (var item in map.Entries)
                {
                    if (item.Key is not string key || item.Value is PyDict or PyList or null)
                    {
                        // Never echo a value: it may be a secret.
                        errors.Add($"{At(item.Line > 0 ? item.Line : line)}{named}: env entries must be NAME: value with a string, number or boolean value");
                        continue;
                    }

                    env[key] = Scalar(item.Value);
                }

                if (env.Count > RunLimits.MaxEnvVars)
                {
                    errors.Add($"{label}: env has {env.Count} entries; at most {RunLimits.MaxEnvVars}");
                }
            }
        }

        if (errors.Count > before)
        {
            return null;
        }

        return new RunSpec(name!, profile!, task!)
        {
            Provider = provider,
            Model = model,
            WorkingDirectory = directory is null ? defaults.WorkingDirectory : Path.GetFullPath(directory, baseDirectory),
            Timeout = timeout,
            Env = env,
        };
    }

    private static string? Text(PyDict run, string key, string where, List<string> errors, bool required = false)
    {
        if (!run.TryGetValue(key, out var value) || value is null)
        {
            if (required)
            {
                errors.Add($"{where}: '{key}' is required");
            }

            return null;
        }

        if (value is string s && (s.Length > 0 || !required))
        {
            return s;
        }

        errors.Add($"{where}: '{key}' must be a{(required ? " non-empty" : string.Empty)} string");
        return null;
    }

    /// <summary>Scalars as an agent's environment sees them (YAML 1.1 booleans and numbers become text).</summary>
    private static string Scalar(object? value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        BigInteger n => n.ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static string At(int line) => line > 0 ? $"line {line.ToString(CultureInfo.InvariantCulture)}: " : string.Empty;

    private static string Show(object? value) => Truncate(value switch
    {
        null => "null",
        string s => s,
        _ => Scalar(value),
    });

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}\\z")]
    private static partial Regex NameRegex();
}
