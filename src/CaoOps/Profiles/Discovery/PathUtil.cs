using System.Text;

namespace CaoOps.Profiles.Discovery;

/// <summary>POSIX path helpers with Python semantics (<c>os.path.realpath</c>, <c>expanduser</c>, pathlib joins).</summary>
internal static class PathUtil
{
    /// <summary><c>os.path.expanduser</c> for <c>~</c> and <c>~/…</c> (other users' homes are left alone).</summary>
    public static string ExpandUser(string path, string home)
    {
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
    public static string RealPath(string path)
    {
        var full = path.StartsWith('/') ? path : Path.Combine(Directory.GetCurrentDirectory(), path);
        var pending = new List<string>(full.Split('/', StringSplitOptions.RemoveEmptyEntries));
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

            var candidate = "/" + string.Join('/', resolved.Append(part));
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

            var rest = pending.Skip(i).ToList();
            pending = [.. target.Split('/', StringSplitOptions.RemoveEmptyEntries), .. rest];
            i = 0;
            if (target.StartsWith('/'))
            {
                resolved.Clear();
            }
        }

        return "/" + string.Join('/', resolved);
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
    public static string Join(string root, params string[] parts)
    {
        var p = root;
        foreach (var part in parts)
        {
            p = part.StartsWith('/') ? part : p.TrimEnd('/') + "/" + part;
        }

        return Normalize(p);
    }

    /// <summary>pathlib's lexical normalisation: repeated slashes and "." segments, trailing slash.</summary>
    public static string Normalize(string p)
    {
        if (p.Length == 0)
        {
            return ".";
        }

        var absolute = p.StartsWith('/');
        var segs = p.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(s => s != ".");
        var joined = string.Join('/', segs);
        return absolute ? "/" + joined : (joined.Length == 0 ? "." : joined);
    }

    /// <summary>Absolute form without resolving symlinks (pathlib <c>absolute()</c>).</summary>
    public static string Absolute(string p) => p.StartsWith('/') ? p : Join(Directory.GetCurrentDirectory(), p);

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
    /// <exception cref="ProfileReadException">Decoding or OS errors, with Python-like text.</exception>
    public static string ReadText(string path)
    {
        byte[] bytes;
        try
        {
            if (Directory.Exists(path))
            {
                throw new ProfileReadException($"[Errno 21] Is a directory: '{path}'", isValueError: false);
            }

            bytes = File.ReadAllBytes(path);
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
