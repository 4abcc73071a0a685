using System.Globalization;
using System.Text.Json;
using CaoOps.Tools.Terminals;

namespace CaoOps.Cli;

/// <summary>
/// <c>cao-ops call &lt;tool&gt; [--arg key=value]… [--json '{…}' | --json @file | --json -]</c>: runs one tool through the
/// same validation and handler as MCP and prints its structured result. Exit 0 success, 1 tool error, 2 usage error.
/// </summary>
internal static class CallCommand
{
    public static async Task<int> RunAsync(CliContext cli, Func<TextReader> stdin, CancellationToken ct)
    {
        var args = cli.Args.ToList();
        using var runtime = Runtime.Create(cli, args, everyToolset: true);
        if (runtime is null)
        {
            return CliContext.ExitUsage;
        }

        if (args.Count == 0 || args[0].StartsWith('-'))
        {
            return cli.Usage("call: name the tool to run, e.g. 'cao-ops call list_sessions' (see 'cao-ops tools')");
        }

        var tools = runtime.Tools;

        var name = args[0];
        var tool = tools.FirstOrDefault(t => t.Name == name);
        if (tool is null)
        {
            return cli.Usage($"call: unknown tool '{name}'; available: {string.Join(", ", tools.Select(t => t.Name))}");
        }

        var arguments = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        var pretty = false;
        for (var i = 1; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--pretty")
            {
                pretty = true;
                continue;
            }

            if (arg is not ("--arg" or "--json") || i + 1 >= args.Count)
            {
                return cli.Usage($"call: unexpected argument '{arg}' (use --arg key=value, --json '{{…}}', --json @file or --json -)");
            }

            var value = args[++i];
            if (arg == "--arg")
            {
                var eq = value.IndexOf('=', StringComparison.Ordinal);
                if (eq <= 0)
                {
                    return cli.Usage($"call: --arg takes key=value, got '{value}'");
                }

                var key = value[..eq];
                if (!TryConvert(tool.Parameters.FirstOrDefault(p => p.Name == key), value[(eq + 1)..], out var element, out var problem))
                {
                    return cli.Usage($"call: --arg {key}: {problem}");
                }

                arguments[key] = element;
            }
            else
            {
                string text;
                try
                {
                    text = value == "-" ? await stdin().ReadToEndAsync(ct).ConfigureAwait(false)
                        : value.StartsWith('@') ? await File.ReadAllTextAsync(value[1..], ct).ConfigureAwait(false)
                        : value;
                }
                catch (IOException ex)
                {
                    return cli.Usage($"call: cannot read {value}: {ex.Message}");
                }
                catch (UnauthorizedAccessException ex)
                {
                    return cli.Usage($"call: cannot read {value}: {ex.Message}");
                }

                try
                {
                    var obj = JsonBuild.Parse(text);
                    if (obj.ValueKind != JsonValueKind.Object)
                    {
                        return cli.Usage("call: --json must be a JSON object of arguments");
                    }

                    foreach (var prop in obj.EnumerateObject())
                    {
                        arguments[prop.Name] = prop.Value;
                    }
                }
                catch (JsonException ex)
                {
                    return cli.Usage($"call: --json is not valid JSON: {ex.Message}");
                }
            }
        }

        var outcome = await ToolRunner.RunAsync(tool, arguments, runtime.Services, Progress(cli), ct).ConfigureAwait(false);
        cli.Out.WriteLine(JsonBuild.ToText(outcome.Result, pretty));
        if (outcome.IsError && outcome.Result.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
        {
            cli.Error.WriteLine($"cao-ops: {name}: {m.GetString()}");
        }

        return outcome.IsError ? CliContext.ExitFailure : CliContext.ExitOk;
    }

    private static ProgressReporter Progress(CliContext cli) => (progress, total, message) =>
    {
        Log.Info($"progress {progress.ToString(CultureInfo.InvariantCulture)}{(total is { } t ? "/" + t.ToString(CultureInfo.InvariantCulture) : string.Empty)}: {message}");
        return ValueTask.CompletedTask;
    };

    /// <summary>--arg values are typed by the tool's own parameter declaration; unknown keys stay strings (validation reports them).</summary>
    internal static bool TryConvert(ToolParameter? parameter, string text, out JsonElement element, out string? problem)
    {
        problem = null;
        element = default;
        switch (parameter?.Kind)
        {
            case ParamKind.Integer:
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
                {
                    problem = $"'{text}' is not an integer";
                    return false;
                }

                element = JsonBuild.Write(w => w.WriteNumberValue(n));
                return true;
            case ParamKind.Boolean:
                if (!bool.TryParse(text, out var b))
                {
                    problem = $"'{text}' is not true or false";
                    return false;
                }

                element = JsonBuild.Write(w => w.WriteBooleanValue(b));
                return true;
            case ParamKind.StringArray or ParamKind.StringMap or ParamKind.Object when text.TrimStart().StartsWith('[') || text.TrimStart().StartsWith('{'):
                try
                {
                    element = JsonBuild.Parse(text);
                    return true;
                }
                catch (JsonException ex)
                {
                    problem = $"not valid JSON: {ex.Message}";
                    return false;
                }

            case ParamKind.StringArray:
                var items = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                element = JsonBuild.Write(w =>
                {
                    w.WriteStartArray();
                    foreach (var item in items)
                    {
                        w.WriteStringValue(item);
                    }

                    w.WriteEndArray();
                });
                return true;
            case ParamKind.StringMap:
                problem = "give a JSON object, e.g. --arg 'env_vars={\"API_TOKEN\":\"…\"}'";
                return false;
            case ParamKind.Object:
                problem = "give a JSON object, e.g. --arg 'inputs={\"target\":\"build-42\",\"count\":3}'";
                return false;
            default:
                element = JsonBuild.Write(w => w.WriteStringValue(text));
                return true;
        }
    }
}
