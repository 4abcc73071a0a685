using System.Text;
using CaoOps.Profiles.Discovery;

namespace CaoOps.Profiles.Install;

/// <summary>
/// Collects an install's file writes and publishes them together. Each file is written to a temp
/// file in the target's folder, fsync'ed and renamed over the target (atomic). If any step fails,
/// everything already published is put back (previous bytes and mode restored, new files and
/// symlinks removed, folders created by the transaction removed when empty).
///
/// Every target is a single file name inside its store folder, checked to stay inside that folder after
/// normalisation and symlink resolution (<see cref="StorePath"/>) when it is planned and again, for every
/// target, before the first write of <see cref="Commit"/>.
/// </summary>
internal sealed class FileTransaction
{
    private abstract record Op(string Root, string FileName, string What)
    {
        public string Path => PathUtil.Join(Root, FileName);
    }

    private sealed record WriteOp(string Root, string FileName, string What, byte[] Content, UnixFileMode? CreateMode, bool CaoLock) : Op(Root, FileName, What);

    private sealed record SymlinkOp(string Root, string FileName, string What, string Target) : Op(Root, FileName, What);

    private sealed record Undo(string Path, byte[]? PreviousContent, UnixFileMode? PreviousMode, bool IsSymlink);

    private readonly List<Op> _ops = [];

    /// <summary>Plans writing <paramref name="fileName"/> in <paramref name="root"/>; returns the target path.</summary>
    /// <param name="what">What the file is, for a refusal ("context file", "Kiro agent file", …).</param>
    /// <param name="createMode">Mode for a new file (before umask); an existing file keeps its mode.</param>
    /// <param name="caoLock">Hold CAO's inter-process lock (<c>CAO_HOME/locks/&lt;sha&gt;.lock</c>) around the replace.</param>
    /// <exception cref="UnsafePathException">The target would not stay inside <paramref name="root"/>.</exception>
    public string Write(string root, string fileName, string what, string content, UnixFileMode? createMode = null, bool caoLock = false)
    {
        var path = StorePath.Resolve(root, fileName, what);
        _ops.Add(new WriteOp(root, fileName, what, Encoding.UTF8.GetBytes(content), createMode, caoLock));
        return path;
    }

    /// <summary>Plans a symlink <paramref name="fileName"/> in <paramref name="root"/> pointing at <paramref name="target"/>.</summary>
    /// <exception cref="UnsafePathException">The link would not stay inside <paramref name="root"/>.</exception>
    public string Symlink(string root, string fileName, string what, string target)
    {
        var path = StorePath.Resolve(root, fileName, what);
        _ops.Add(new SymlinkOp(root, fileName, what, target));
        return path;
    }

    /// <summary>Checks again that every planned target stays inside its folder (nothing has been written yet).</summary>
    /// <exception cref="UnsafePathException">One does not.</exception>
    public void Verify()
    {
        foreach (var op in _ops)
        {
            StorePath.Resolve(op.Root, op.FileName, op.What);
        }
    }

    /// <summary>Publishes every planned change, or none.</summary>
    /// <exception cref="UnsafePathException">A target no longer stays inside its folder (checked for all before the first write).</exception>
    /// <exception cref="IOException">A write failed; earlier writes were rolled back.</exception>
    /// <exception cref="UnauthorizedAccessException">A write was refused; earlier writes were rolled back.</exception>
    public void Commit(string locksDir)
    {
        Verify();
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
