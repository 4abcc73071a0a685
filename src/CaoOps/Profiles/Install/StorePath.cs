using CaoOps.Profiles.Discovery;

namespace CaoOps.Profiles.Install;

/// <summary>
/// Where install may write: one file name inside a store folder (agent store, agent-context, a provider's agents
/// folder, CAO home for .env, the OpenCode folder), and only if the result still lies inside that folder after
/// normalisation and symlink resolution. A symlinked parent or target that leads out of the folder counts as outside.
/// </summary>
internal static class StorePath
{
    /// <summary>The path to write (<paramref name="root"/>/<paramref name="fileName"/>, unresolved).</summary>
    /// <exception cref="UnsafePathException">The name is not a single file name, or the path resolves outside the folder.</exception>
    public static string Resolve(string root, string fileName, string what)
    {
        if (fileName.Length is 0 or > 255 || fileName is "." or ".." || fileName.IndexOfAny(['/', '\\', '\0']) >= 0)
        {
            throw new UnsafePathException(
                $"refusing to write the {what} {ProfileNames.Quote(fileName)}: it is not a single file name inside {root} (names must match {ProfileNames.Pattern}). Nothing was written");
        }

        var path = PathUtil.Join(root, fileName);
        var realRoot = PathUtil.RealPath(root);
        var real = PathUtil.RealPath(path);
        if (!real.StartsWith(realRoot.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            throw new UnsafePathException(
                $"refusing to write the {what} {path}: it resolves to {real}, outside {realRoot} (a symlink leads out of the folder). Remove or fix the symlink; nothing was written");
        }

        return path;
    }
}

/// <summary>An install target would leave its store folder; the message says which, why and what to do.</summary>
internal sealed class UnsafePathException : Exception
{
    public UnsafePathException(string message)
        : base(message)
    {
    }

    public UnsafePathException()
    {
    }

    public UnsafePathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
