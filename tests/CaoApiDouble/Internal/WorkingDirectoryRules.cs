namespace CaoOps.Testing.Internal;

/// <summary>
/// cao-server's working-directory policy, evaluated lexically (the double never touches the disk,
/// so "does not exist" never happens and symlinks are not followed).
/// </summary>
internal static class WorkingDirectoryRules
{
    private static readonly HashSet<string> Blocked = new(StringComparer.Ordinal)
    {
        "/", "/bin", "/sbin", "/usr/bin", "/usr/sbin", "/etc", "/var", "/tmp", "/dev", "/proc", "/sys", "/root",
        "/boot", "/lib", "/lib64", "/private/etc", "/private/var", "/private/tmp",
    };

    /// <summary>Returns an error message, or null with <paramref name="resolved"/> set to the canonical path.</summary>
    public static string? Validate(string? requested, string serverDirectory, out string resolved)
    {
        resolved = serverDirectory;
        if (requested is null)
        {
            return null;
        }

        var path = ExpandUser(requested);
        if (path.Length == 0)
        {
            return null;
        }

        if (!path.StartsWith('/'))
        {
            return $"Working directory must be an absolute path: {path}";
        }

        var real = Normalize(path);
        if (Blocked.Contains(real))
        {
            return $"Working directory not allowed: {path} (resolves to blocked system path {real})";
        }

        resolved = real;
        return null;
    }

    private static string ExpandUser(string path)
    {
        if (path == "~")
        {
            return CaoPaths.Home;
        }

        return path.StartsWith("~/", StringComparison.Ordinal) ? CaoPaths.Home + path[1..] : path;
    }

    /// <summary><c>os.path.normpath</c> for an absolute POSIX path (with repeated slashes collapsed).</summary>
    internal static string Normalize(string path)
    {
        var parts = new List<string>();
        foreach (var segment in path.Split('/'))
        {
            if (segment.Length == 0 || segment == ".")
            {
                continue;
            }

            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }

                continue;
            }

            parts.Add(segment);
        }

        return "/" + string.Join('/', parts);
    }
}
