namespace CaoOps;

/// <summary>Diagnostics go to stderr only (stdout carries JSON-RPC or CLI JSON). CAO_OPS_LOG=debug|info|warn|error|off.</summary>
internal static class Log
{
    private static readonly int Level = (Environment.GetEnvironmentVariable("CAO_OPS_LOG")?.Trim().ToUpperInvariant()) switch
    {
        "DEBUG" => 0,
        "INFO" => 1,
        "ERROR" => 3,
        "OFF" or "NONE" => 4,
        _ => 2,
    };

    public static void Debug(string message) => Write(0, "debug", message);

    public static void Info(string message) => Write(1, "info", message);

    public static void Warn(string message) => Write(2, "warn", message);

    public static void Error(string message) => Write(3, "error", message);

    private static void Write(int level, string label, string message)
    {
        if (level >= Level)
        {
            Console.Error.WriteLine($"cao-ops {label}: {message}");
        }
    }
}
