using System.Globalization;
using System.Text;

namespace CaoOps.Cli.Run;

/// <summary>
/// The command line of <c>cao-ops run</c>: one run (task as argument, <c>--task-file FILE</c> or <c>-</c> for stdin) or a
/// plan (<c>--plan FILE</c>), and the shared report flags. <c>--flag value</c> and <c>--flag=value</c> both work.
/// Problems come back as one usage message; an <c>--env</c> value is never part of one.
/// </summary>
internal sealed class RunArguments
{
    private static readonly string[] ValueFlags =
    [
        "--profile", "--provider", "--model", "--working-directory", "--session-name", "--timeout", "--env", "--task-file",
        "--output", "--junit", "--plan", "--parallel", "--cleanup-grace",
    ];

    /// <summary>Flags of a single run that a plan's file replaces.</summary>
    private static readonly string[] SingleRunFlags = ["--profile", "--task-file", "--session-name", "--working-directory"];

    public RunSpec? Single { get; private init; }

    public string? PlanPath { get; private init; }

    /// <summary>For a plan: the values its runs default to (--provider, --model, --timeout, --env, the current directory).</summary>
    public RunSpec Defaults { get; private init; } = new("run", "-", "-");

    public RunSettings Settings { get; private init; } = new();

    /// <summary>Parses; null with <paramref name="problem"/> set on a usage error.</summary>
    public static RunArguments? Parse(IReadOnlyList<string> args, Func<TextReader> stdin, out string? problem)
    {
        problem = null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var positional = new List<string>();
        bool json = false, keep = false, install = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? inline = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.IndexOf('=', StringComparison.Ordinal) is var eq and > 2)
            {
                inline = arg[(eq + 1)..];
                arg = arg[..eq];
            }

            switch (arg)
            {
                case "--json" or "--keep" or "--install" when inline is null:
                    json |= arg == "--json";
                    keep |= arg == "--keep";
                    install |= arg == "--install";
                    continue;
                case "-":
                    positional.Add(arg);
                    continue;
            }

            if (ValueFlags.Contains(arg))
            {
                var value = inline ?? (i + 1 < args.Count ? args[++i] : null);
                if (value is null)
                {
                    problem = $"{arg} needs a value";
                    return null;
                }

                if (arg == "--env")
                {
                    var at = value.IndexOf('=', StringComparison.Ordinal);
                    if (at <= 0)
                    {
                        problem = "--env takes KEY=VALUE (the value is not shown: it may be a secret)";
                        return null;
                    }

                    env[value[..at]] = value[(at + 1)..];
                    if (env.Count > RunLimits.MaxEnvVars)
                    {
                        problem = $"at most {RunLimits.MaxEnvVars} --env entries";
                        return null;
                    }

                    continue;
                }

                if (values.ContainsKey(arg))
                {
                    problem = $"{arg} is given twice";
                    return null;
                }

                values[arg] = value;
                continue;
            }

            if (arg.StartsWith('-'))
            {
                problem = $"unknown option '{arg}' (see 'cao-ops --help')";
                return null;
            }

            positional.Add(arg);
        }

        var output = values.GetValueOrDefault("--output") ?? "last";
        if (output is not ("last" or "full"))
        {
            problem = $"--output must be 'last' or 'full', got '{output}'";
            return null;
        }

        if (!Seconds(values, "--timeout", RunLimits.DefaultTimeoutSeconds, RunLimits.MaxTimeoutSeconds, out var timeout, ref problem)
            || !Seconds(values, "--cleanup-grace", RunLimits.DefaultCleanupGraceSeconds, RunLimits.MaxCleanupGraceSeconds, out var grace, ref problem, allowZero: true)
            || !Seconds(values, "--parallel", RunLimits.DefaultParallel, RunLimits.MaxParallel, out var parallel, ref problem))
        {
            return null;
        }

        var directory = values.GetValueOrDefault("--working-directory") is { } d ? Path.GetFullPath(d) : Environment.CurrentDirectory;
        var settings = new RunSettings
        {
            Json = json,
            JunitPath = values.GetValueOrDefault("--junit"),
            Output = output,
            Keep = keep,
            Install = install,
            Parallel = parallel,
            CleanupGrace = TimeSpan.FromSeconds(grace),
        };

        if (values.TryGetValue("--plan", out var plan))
        {
            var stray = SingleRunFlags.FirstOrDefault(values.ContainsKey);
            if (stray is not null || positional.Count > 0)
            {
                problem = $"--plan takes its runs from the file; {(stray is not null ? $"'{stray}'" : $"'{positional[0]}'")} cannot be combined with it";
                return null;
            }

            return new RunArguments
            {
                PlanPath = plan,
                Settings = settings,
                Defaults = new RunSpec("run", "-", "-")
                {
                    Provider = values.GetValueOrDefault("--provider"),
                    Model = values.GetValueOrDefault("--model"),
                    Timeout = TimeSpan.FromSeconds(timeout),
                    Env = env,
                    WorkingDirectory = directory,
                },
            };
        }

        if (values.ContainsKey("--parallel"))
        {
            problem = "--parallel applies to --plan only";
            return null;
        }

        if (!values.TryGetValue("--profile", out var profile) || profile.Length == 0)
        {
            problem = "run: --profile is required, e.g. cao-ops run --profile developer \"fix the failing test\"";
            return null;
        }

        var task = ReadTask(positional, values.GetValueOrDefault("--task-file"), stdin, ref problem);
        if (task is null)
        {
            return null;
        }

        return new RunArguments
        {
            Settings = settings,
            Single = new RunSpec("run", profile, task)
            {
                Provider = values.GetValueOrDefault("--provider"),
                Model = values.GetValueOrDefault("--model"),
                WorkingDirectory = directory,
                SessionName = values.GetValueOrDefault("--session-name"),
                Timeout = TimeSpan.FromSeconds(timeout),
                Env = env,
            },
        };
    }

    /// <summary>Why a task cannot be sent (empty or too large), or null.</summary>
    public static string? TaskProblem(string task) =>
        string.IsNullOrWhiteSpace(task) ? "is empty"
        : Encoding.UTF8.GetByteCount(task) > RunLimits.MaxTaskBytes ? $"is larger than {RunLimits.MaxTaskBytes} bytes; put the details in a file in the working directory and point the agent at it"
        : null;

    private static string? ReadTask(List<string> positional, string? taskFile, Func<TextReader> stdin, ref string? problem)
    {
        var sources = positional.Count + (taskFile is null ? 0 : 1);
        if (sources != 1)
        {
            problem = sources == 0
                ? "run: give the task as an argument, with --task-file FILE, or '-' to read it from stdin"
                : positional.Count > 1 ? $"run: one task only; quote it (unexpected argument '{positional[1]}')" : "run: give the task either as an argument or with --task-file, not both";
            return null;
        }

        string task;
        try
        {
            if (taskFile is not null)
            {
                var info = new FileInfo(taskFile);
                if (!info.Exists)
                {
                    problem = $"run: task file '{taskFile}' does not exist";
                    return null;
                }

                if (info.Length > RunLimits.MaxTaskBytes)
                {
                    problem = $"run: the task {TaskProblem(new string('x', RunLimits.MaxTaskBytes + 1))}";
                    return null;
                }

                task = File.ReadAllText(taskFile, Encoding.UTF8).TrimEnd();
            }
            else if (positional[0] == "-")
            {
                var buffer = new char[RunLimits.MaxTaskBytes + 1];
                var reader = stdin();
                var read = 0;
                int n;
                while (read < buffer.Length && (n = reader.Read(buffer, read, buffer.Length - read)) > 0)
                {
                    read += n;
                }

                task = new string(buffer, 0, read).TrimEnd();
            }
            else
            {
                task = positional[0];
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            problem = $"run: cannot read the task: {ex.Message}";
            return null;
        }

        if (TaskProblem(task) is { } taskProblem)
        {
            problem = $"run: the task {taskProblem}";
            return null;
        }

        return task;
    }

    private static bool Seconds(Dictionary<string, string> values, string flag, int fallback, int max, out int value, ref string? problem, bool allowZero = false)
    {
        value = fallback;
        if (!values.TryGetValue(flag, out var text))
        {
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max && (value > 0 || (allowZero && value == 0)))
        {
            return true;
        }

        problem = $"{flag} must be a whole number from {(allowZero ? 0 : 1)} to {max}, got '{text}'";
        return false;
    }
}
