using System.Text;

namespace CaoOps.Profiles.Discovery;

/// <summary>
/// Path helpers with Python semantics (<c>os.path.realpath</c>, <c>expanduser</c>, pathlib joins) over '/'-separated paths.
/// On Windows a path is first written with '/' (the Windows file APIs accept it) and a drive root <c>C:/</c> counts as absolute
/// like <c>/</c>; POSIX paths are handled exactly as before. The <c>windows</c> overloads are the seam the unit tests use.
/// </summary>
internal static class PathUtil
{
    private static bool OnWindows => OperatingSystem.IsWindows();

    /// <summary><c>os.path.expanduser</c> for <c>~</c> and <c>~/…</c> (other users' homes are left alone).</summary>
    public static string ExpandUser(string path, string home) => ExpandUser(path, home, OnWindows);

    internal static string ExpandUser(string path, string home, bool windows)
    {
        path = Slashes(path, windows);
        home = Slashes(home, windows);
        if (path == "~")
        {
            return home;
        }

        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            return home.TrimEnd('/') + path[1..];
        }

        return path;
    }

    /// <summary><c>os.path.realpath</c>: absolute, symlinks resolved component by component, non-strict.</summary>
    public static string RealPath(string path) => RealPath(path, OnWindows, Directory.GetCurrentDirectory());

    internal static string RealPath(string path, bool windows, string currentDirectory)
    {
        path = Slashes(path, windows);
        var full = RootLength(path, windows) > 0 ? path : Slashes(currentDirectory, windows).TrimEnd('/') + "/" + path;
        var rootLength = RootLength(full, windows);
        var root = rootLength > 0 ? full[..rootLength] : "/";
        var pending = new List<string>(full[rootLength..].Split('/', StringSplitOptions.RemoveEmptyEntries));
        var resolved = new List<string>();
        var budget = 40;
        var i = 0;
        while (i < pending.Count)
        {
            var part = pending[i++];
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = root + string.Join('/', resolved.Append(part));
            string? target = null;
            try
            {
                target = new FileInfo(candidate).LinkTarget;
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }

            if (target is null || budget-- <= 0)
            {
                resolved.Add(part);
                continue;
            }

            target = Slashes(target, windows);
            var rest = pending.Skip(i).ToList();
            var targetRoot = RootLength(target, windows);
            pending = [.. target[targetRoot..].Split('/', StringSplitOptions.RemoveEmptyEntries), .. rest];
            i = 0;
            if (targetRoot > 0)
            {
                resolved.Clear();
                root = target[..targetRoot];
            }
        }

        return root + string.Join('/', resolved);
    }

    /// <summary>
    /// CAO's <c>_safe_join</c>: the resolved candidate if it stays inside the resolved root, else null.
    /// </summary>
    public static string? SafeJoin(string root, params string[] parts)
    {
        var resolvedRoot = RealPath(root);
        var candidate = RealPath(Join(root, parts));
        if (candidate == resolvedRoot || candidate.StartsWith(resolvedRoot.TrimEnd('/') + "/", StringComparison.Ordinal))
        {
            return candidate;
        }

        return null;
    }

    /// <summary>pathlib-style join (an absolute part restarts the path); collapses "//" and "/./".</summary>
    public static string Join(string root, params string[] parts) => Join(OnWindows, root, parts);

    internal static string Join(bool windows, string root, params string[] parts)
    {
        var p = Slashes(root, windows);
        foreach (var raw in parts)
        {
            var part = Slashes(raw, windows);
            p = RootLength(part, windows) > 0 ? part : p.TrimEnd('/') + "/" + part;
        }

        return Normalize(p, windows);
    }

    /// <summary>pathlib's lexical normalisation: repeated slashes and "." segments, trailing slash.</summary>
    public static string Normalize(string p) => Normalize(p, OnWindows);

    internal static string Normalize(string p, bool windows)
    {
        if (p.Length == 0)
        {
            return ".";
        }

        p = Slashes(p, windows);
        var rootLength = RootLength(p, windows);
        var segs = p[rootLength..].Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");
        var joined = string.Join('/', segs);
        return rootLength > 0 ? p[..rootLength] + joined : (joined.Length == 0 ? "." : joined);
    }

    /// <summary>Absolute form without resolving symlinks (pathlib <c>absolute()</c>).</summary>
    public static string Absolute(string p) => RootLength(Slashes(p, OnWindows), OnWindows) > 0 ? Slashes(p, OnWindows) : Join(Directory.GetCurrentDirectory(), p);

    /// <summary>
    /// Length of the root a '/'-separated path starts with: 1 for "/", 3 for a Windows drive root "C:/", 0 when relative.
    /// (A drive-relative "C:x" is treated as relative, as are UNC shares beyond their leading "/".)
    /// </summary>
    internal static int RootLength(string p, bool windows)
    {
        if (windows && p.Length >= 3 && char.IsAsciiLetter(p[0]) && p[1] == ':' && p[2] == '/')
        {
            return 3;
        }

        return p.StartsWith('/') ? 1 : 0;
    }

    /// <summary>On Windows '\' is a separator too: write it as '/', which every Windows file API accepts.</summary>
    internal static string Slashes(string p, bool windows) => windows ? p.Replace('\\', '/') : p;

    /// <summary>pathlib <c>suffix</c>/<c>stem</c> of a file name.</summary>
    public static (string Stem, string Suffix) SplitName(string name)
    {
        var i = name.LastIndexOf('.');
        if (i > 0 && i < name.Length - 1)
        {
            return (name[..i], name[i..]);
        }

        return (name, "");
    }

    /// <summary>Reads a text file the way Python's <c>read_text(encoding="utf-8")</c> does (BOM kept, universal newlines).</summary>
    /// <param name="path">The file.</param>
    /// <param name="maxBytes">Larger files are refused before they are read (<see cref="ProfileLimits"/>).</param>
    /// <param name="what">What the file is, for the size message ("an agent profile", "the .env file", …).</param>
    /// <exception cref="ProfileReadException">Decoding, OS or size errors, with Python-like text (size: a ValueError).</exception>
    public static string ReadText(string path, int maxBytes = ProfileLimits.MaxOtherFileBytes, string what = "a file")
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path))
            {
                throw new ProfileReadException($"[Errno 21] Is a directory: '{path}'", isValueError: false);
            }

            bytes = ReadBounded(path, maxBytes, what);
        }
        catch (FileNotFoundException)
        {
            throw new ProfileReadException($"[Errno 2] No such file or directory: '{path}'", isValueError: false, isNotFound: true);
        }
        catch (DirectoryNotFoundException)
        {
            throw new ProfileReadException($"[Errno 2] No such file or directory: '{path}'", isValueError: false, isNotFound: true);
        }
        catch (UnauthorizedAccessException)
        {
            throw new ProfileReadException($"[Errno 13] Permission denied: '{path}'", isValueError: false);
        }
        catch (IOException ex)
        {
            throw new ProfileReadException($"[Errno 5] {ex.Message}: '{path}'", isValueError: false);
        }

        return DecodeUtf8(bytes);
    }

    /// <summary>An agent profile (at most <see cref="ProfileLimits.MaxProfileBytes"/>).</summary>
    public static string ReadProfile(string path) => ReadText(path, ProfileLimits.MaxProfileBytes, "an agent profile");

    /// <summary>The managed .env (at most <see cref="ProfileLimits.MaxEnvBytes"/>).</summary>
    public static string ReadEnv(string path) => ReadText(path, ProfileLimits.MaxEnvBytes, "the .env file");

    /// <summary>Reads at most <paramref name="maxBytes"/>; a longer file (or device) is refused without reading the rest.</summary>
    private static byte[] ReadBounded(string path, int maxBytes, string what)
    {
        using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
        if (fs.CanSeek && fs.Length > maxBytes)
        {
            throw TooLarge(path, fs.Length, maxBytes, what);
        }

        var buffer = new byte[fs.CanSeek ? (int)fs.Length : Math.Min(maxBytes, 64 * 1024)];
        var total = 0;
        while (true)
        {
            if (total == buffer.Length)
            {
                if (total > maxBytes)
                {
                    throw TooLarge(path, total, maxBytes, what);
                }

                Array.Resize(ref buffer, (int)Math.Min((long)maxBytes + 1, Math.Max(buffer.Length * 2L, 4096)));
            }

            var n = fs.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return total == buffer.Length ? buffer : buffer[..total];
    }

    private static ProfileReadException TooLarge(string path, long size, int maxBytes, string what) => new(
        $"'{path}' is {(size > maxBytes + 1L ? size.ToString(System.Globalization.CultureInfo.InvariantCulture) + " bytes" : "over " + ProfileLimits.Size(maxBytes))}; cao-ops reads at most {ProfileLimits.Size(maxBytes)} for {what} so one oversized file cannot exhaust memory. Shorten the file or remove it",
        isValueError: true);

    public static string DecodeUtf8(byte[] bytes)
    {
        try
        {
            return Yaml.PyText.NormalizeNewlines(StrictUtf8.GetString(bytes));
        }
        catch (DecoderFallbackException ex)
        {
            var pos = ex.Index;
            var b = ex.BytesUnknown is { Length: > 0 } u ? u[0] : (pos < bytes.Length ? bytes[pos] : (byte)0);
            var reason = b is >= 0xC2 and <= 0xF4
                ? (pos + (ex.BytesUnknown?.Length ?? 1) >= bytes.Length ? "unexpected end of data" : "invalid continuation byte")
                : "invalid start byte";
            throw new ProfileReadException($"'utf-8' codec can't decode byte 0x{b:x2} in position {pos}: {reason}", isValueError: true);
        }
    }

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
}

/// <summary>A profile file could not be read (Python OSError / UnicodeDecodeError text).</summary>
internal sealed class ProfileReadException : Exception
{
    public ProfileReadException(string message, bool isValueError, bool isNotFound = false)
        : base(message)
    {
        IsValueError = isValueError;
        IsNotFound = isNotFound;
    }

    public ProfileReadException()
    {
    }

    public ProfileReadException(string message)
        : base(message)
    {
    }

    public ProfileReadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>UnicodeDecodeError is a ValueError in Python (GET → 400).</summary>
    public bool IsValueError { get; }

    public bool IsNotFound { get; }
}
