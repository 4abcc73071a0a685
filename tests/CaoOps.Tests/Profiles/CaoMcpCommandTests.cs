using CaoOps.Profiles.Install;

namespace CaoOps.Tests.Profiles;

/// <summary>Where an install finds cao-mcp-server on PATH, by POSIX and by Windows rules (the Windows branch through its seam).</summary>
public sealed class CaoMcpCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("cao-which-");

    public void Dispose() => _dir.Delete(recursive: true);

    private string Bin(string name)
    {
        var bin = Directory.CreateDirectory(Path.Combine(_dir.FullName, name)).FullName;
        return bin;
    }

    [Fact]
    public void Windows_rules_split_path_on_semicolons_and_add_pathext()
    {
        var empty = Bin("empty");
        var scripts = Bin("Scripts");
        File.WriteAllText(Path.Combine(scripts, "cao-mcp-server.exe"), "");
        var command = new CaoMcpCommand($"{empty};{scripts}\\", caoEnvBin: null, windows: true, pathExt: ".COM;.EXE");
        var (resolved, args) = command.Resolve([]);
        Assert.Equal(scripts + "/cao-mcp-server.exe", resolved);
        Assert.Empty(args);
    }

    [Fact]
    public void Windows_rules_fall_back_to_the_python_module_when_nothing_is_on_path()
    {
        var command = new CaoMcpCommand(Bin("empty"), caoEnvBin: null, windows: true);
        var (resolved, args) = command.Resolve(["--x"]);
        Assert.Equal("python3", resolved);
        Assert.Equal(["-m", CaoMcpCommand.Module, "--x"], args.Select(a => a?.ToString()));
    }

    [Fact]
    public void Posix_rules_need_the_execute_bit()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no execute bits to test
        }

        var bin = Bin("bin");
        var file = Path.Combine(bin, CaoMcpCommand.Command);
        File.WriteAllText(file, "#!/bin/sh\n");
        var command = new CaoMcpCommand($"/nonexistent:{bin}", caoEnvBin: null, windows: false);
        Assert.Equal("python3", command.Resolve([]).Command);
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal(bin + "/" + CaoMcpCommand.Command, command.Resolve([]).Command);
    }
}
