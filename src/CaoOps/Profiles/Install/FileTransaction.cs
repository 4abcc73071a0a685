using System.Text;
using CaoOps.Profiles.Discovery;

namespace CaoOps.Profiles.Install;

/// <summary>
/// Collects an install's file writes and publishes them together. Each file is written to a temp
/// file in the target's folder, fsync'ed and renamed over the target (atomic). If any step fails,
/// everything already published is put back (previous bytes and mode restored, new files and
/// symlinks removed, folders created by the transaction removed when empty).
/// </summary>
internal sealed class FileTransaction
{
    private abstract record Op(string Path);

    private sealed record WriteOp(string Path, byte[] Content, UnixFileMode? CreateMode, bool CaoLock) : Op(Path);

    private sealed record SymlinkOp(string Path, string Target) : Op(Path);

    private sealed record Undo(string Path, byte[]? PreviousContent, UnixFileMode? PreviousMode, bool IsSymlink);

    private readonly List<Op> _ops = [];

    /// <param name="createMode">Mode for a new file (before umask); an existing file keeps its mode.</param>
    /// <param name="caoLock">Hold CAO's inter-process lock (<c>CAO_HOME/locks/&lt;sha&gt;.lock</c>) around the replace.</param>
    public void Write(string path, string content, UnixFileMode? createMode = null, bool caoLock = false) =>
        _ops.Add(new WriteOp(path, Encoding.UTF8.GetBytes(content), createMode, caoLock));

    public void Symlink(string path, string target) => _ops.Add(new SymlinkOp(path, target));

    /// <summary>Publishes every planned change, or none.</summary>
    /// <exception cref="IOException">A write failed; earlier writes were rolled back.</exception>
    /// <exception cref="UnauthorizedAccessException">A write was refused; earlier writes were rolled back.</exception>
    public void Commit(string locksDir)
    {
        var undo = new List<Undo>();
        var createdDirs = new List<string>();
        try
        {
            foreach (var op in _ops)
            {
                EnsureDirectory(Path.GetDirectoryName(op.Path)!, createdDirs);
                switch (op)
                {
                    case WriteOp w:
                        var previous = File.Exists(w.Path) ? File.ReadAllBytes(w.Path) : null;
                        UnixFileMode? previousMode = previous is not null && !OperatingSystem.IsWindows() ? File.GetUnixFileMode(w.Path) : null;
                        undo.Add(new Undo(w.Path, previous, previousMode, false));
                        using (w.CaoLock ? AcquireCaoLock(locksDir, w.Path, createdDirs) : null)
                        {
                            AtomicWrite(w.Path, w.Content, previousMode ?? w.CreateMode, exactMode: previousMode is not null);
                        }

                        break;
                    case SymlinkOp s:
                        File.CreateSymbolicLink(s.Path, s.Target);
                        undo.Add(new Undo(s.Path, null, null, true));
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Rollback(undo, createdDirs);
            throw;
        }
    }

    private static void Rollback(List<Undo> undo, List<string> createdDirs)
    {
        for (var i = undo.Count - 1; i >= 0; i--)
        {
            var u = undo[i];
            try
            {
                if (u.PreviousContent is not null)
                {
                    AtomicWrite(u.Path, u.PreviousContent, u.PreviousMode, exactMode: true);
                }
                else if (u.IsSymlink || File.Exists(u.Path))
                {
                    File.Delete(u.Path);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Best effort: keep undoing the rest.
            }
        }

        for (var i = createdDirs.Count - 1; i >= 0; i--)
        {
            try
            {
                if (Directory.Exists(createdDirs[i]) && !Directory.EnumerateFileSystemEntries(createdDirs[i]).Any())
                {
                    Directory.Delete(createdDirs[i]);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    private static void EnsureDirectory(string dir, List<string> created)
    {
        var missing = new Stack<string>();
        var d = dir;
        while (!string.IsNullOrEmpty(d) && !Directory.Exists(d))
        {
            missing.Push(d);
            d = Path.GetDirectoryName(d);
        }

        while (missing.Count > 0)
        {
            var m = missing.Pop();
            Directory.CreateDirectory(m);
            created.Add(m);
        }
    }

    /// <summary>Temp file in the same folder, fsync, rename over the target.</summary>
    public static void AtomicWrite(string path, byte[] content, UnixFileMode? mode, bool exactMode)
    {
        var dir = Path.GetDirectoryName(path)!;
        var temp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N")[..12] + ".tmp");
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (mode is { } m && !OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = m;
            }

            using (var fs = new FileStream(temp, options))
            {
                fs.Write(content);
                fs.Flush(flushToDisk: true);
            }

            if (exactMode && mode is { } exact && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, exact);
            }

            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
            }

            throw;
        }
    }

    /// <summary>CAO's <c>locked_atomic_write</c> lock: flock on <c>locks/&lt;sha256(resolved)[:16]&gt;.lock</c>, 10 s.</summary>
    private static FileStream AcquireCaoLock(string locksDir, string target, List<string> createdDirs)
    {
        EnsureDirectory(locksDir, createdDirs);
        var resolved = PathUtil.RealPath(target);
        var digest = Convert.ToHexStringLower(Sha256.HashData(Encoding.UTF8.GetBytes(resolved)))[..16];
        var lockPath = Path.Combine(locksDir, digest + ".lock");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            try
            {
                var options = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.Write, Share = FileShare.None };
                if (!OperatingSystem.IsWindows())
                {
                    options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
                }

                return new FileStream(lockPath, options);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(50);
            }
            catch (IOException)
            {
                throw new IOException($"timed out after 10.0s waiting for lock {lockPath} (another process is holding it)");
            }
        }
    }
}
