using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CaoOps.Cli;

/// <summary>
/// <c>cao-ops serve --http ...</c>: the HTTP server is the second executable <c>cao-ops-http</c> (Kestrel in this image
/// would slow the stdio server's start-up), found beside this binary, at CAO_OPS_HTTP_BIN or on PATH. On Linux and macOS
/// this process becomes it (execv: signals, exit code and stdio are its own); on Windows it runs it and passes the exit code on.
/// </summary>
internal static class ServeCommand
{
    public static int Run(CliContext cli)
    {
        var path = Locate(cli.Env);
        if (path is null)
        {
            cli.Error.WriteLine("cao-ops: serve: the HTTP server is the separate executable cao-ops-http, and it was not found beside cao-ops, at CAO_OPS_HTTP_BIN or on PATH. "
                + "Install it from the same release archive (./publish.sh builds both into dist/<rid>/), or run cao-ops-http serve --http directly.");
            return CliContext.ExitFailure;
        }

        string[] argv = ["cao-ops-http", "serve", .. cli.Args];
        if (!OperatingSystem.IsWindows())
        {
            Console.Out.Flush();
            Console.Error.Flush();
            var error = Exec(path, argv);
            cli.Error.WriteLine($"cao-ops: serve: cannot start {path} (errno {error}). Check that it is executable.");
            return CliContext.ExitFailure;
        }

        var start = new ProcessStartInfo(path) { UseShellExecute = false };
        foreach (var a in argv.Skip(1))
        {
            start.ArgumentList.Add(a);
        }

        using var child = Process.Start(start)!;
        Console.CancelKeyPress += (_, e) => e.Cancel = true; // the child gets Ctrl+C too and drains
        child.WaitForExit();
        return child.ExitCode;
    }

    private static string? Locate(Func<string, string?> env)
    {
        var name = OperatingSystem.IsWindows() ? "cao-ops-http.exe" : "cao-ops-http";
        if (env("CAO_OPS_HTTP_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(configured) ? configured : null;
        }

        if (Path.GetDirectoryName(Environment.ProcessPath) is { } dir && File.Exists(Path.Combine(dir, name)))
        {
            return Path.Combine(dir, name);
        }

        return (env("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Replaces this process with <paramref name="path"/>; returns errno only when that failed.</summary>
    private static int Exec(string path, string[] argv)
    {
        var native = new IntPtr[argv.Length + 1];
        var file = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            for (var i = 0; i < argv.Length; i++)
            {
                native[i] = Marshal.StringToCoTaskMemUTF8(argv[i]);
            }

            _ = execv(file, native);
            return Marshal.GetLastPInvokeError();
        }
        finally
        {
            Marshal.FreeCoTaskMem(file);
            foreach (var p in native)
            {
                Marshal.FreeCoTaskMem(p);
            }
        }
    }

    // DllImport with blittable arguments: LibraryImport would need unsafe code in this project.
#pragma warning disable SYSLIB1054
    [DllImport("libc", SetLastError = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int execv(IntPtr path, [In] IntPtr[] argv);
#pragma warning restore SYSLIB1054
}
