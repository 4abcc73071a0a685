namespace CaoOps.Tools;

internal static class SessionNames
{
    /// <summary>The note added to a result when the caller's name was completed with the "cao-" prefix.</summary>
    public static string Resolve(ToolArguments args, string parameter = "session_name") => Identifiers.Prefixed(args.String(parameter)!);
}
