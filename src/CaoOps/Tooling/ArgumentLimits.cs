using System.Globalization;

namespace CaoOps.Tooling;

/// <summary>
/// Length limits on string arguments, checked (in characters) before any request is made: what the transport can carry
/// where cao-server sets no limit (messages travel in the URL), generous defaults otherwise (a 1 MB query made cao-server
/// reset the connection). Where cao-server has its own limits (16 group labels of 128 characters, env_vars values under
/// 2,048 bytes, 16 KiB of metadata) the tool checks them next, in cao-server's words.
/// Not advertised in the schemas (the tools/list catalogue has a byte budget): the error names the limit instead.
/// </summary>
internal static class ArgumentLimits
{
    /// <summary>Names, ids, keys, modes, schedules and anything not listed below.</summary>
    public const int Default = 1_024;

    /// <summary>Text cao-server receives in the URL (send_session_message, send_terminal_input).</summary>
    public const int UrlText = 60_000;

    /// <summary>Text cao-server receives in a JSON body (a first task, a prompt template).</summary>
    public const int BodyText = 100_000;

    /// <summary>Paths and profile sources (PATH_MAX is 4096 on Linux).</summary>
    public const int Path = 4_096;

    public const int MapValue = 16_384;

    /// <summary>How many items an array or map argument may have.</summary>
    public const int Items = 1_000;

    public static (int Length, string? Why) For(ToolParameter p) => p.MaxLength is { } own ? (own, null) : p.Name switch
    {
        "message" => (UrlText, "cao-server receives it in the URL; send longer text in parts or as a file the agent reads"),
        "initial_message" or "prompt_template" or "task" => (BodyText, null),
        "working_directory" or "path" or "source" => (Path, null),
        _ => (Default, null),
    };

    public static string TooLong(string what, int length, (int Length, string? Why) limit) =>
        $"{what} is {length.ToString("N0", CultureInfo.InvariantCulture)} characters; the limit is {limit.Length.ToString("N0", CultureInfo.InvariantCulture)}"
        + (limit.Why is null ? string.Empty : $" ({limit.Why})");
}
