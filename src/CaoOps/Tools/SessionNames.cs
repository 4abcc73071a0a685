namespace CaoOps.Tools;

internal static class SessionNames
{
    /// <summary>The session a name argument means: CAO's "cao-" prefix is added when missing, as CAO does at launch.</summary>
    public static string Resolve(ToolArguments args, string parameter = "session_name") => Identifiers.Prefixed(args.String(parameter)!);
}
