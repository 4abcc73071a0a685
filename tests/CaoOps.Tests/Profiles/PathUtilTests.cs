using CaoOps.Profiles.Discovery;

namespace CaoOps.Tests.Profiles;

/// <summary>The profile store's path rules on both path styles (the Windows branch through its seam, on any host).</summary>
public class PathUtilTests
{
    [Theory]
    [InlineData(false, "/home/u", new[] { ".aws", "cli-agent-orchestrator" }, "/home/u/.aws/cli-agent-orchestrator")]
    [InlineData(false, "/home/u/", new[] { "a", "/etc", "b" }, "/etc/b")]
    [InlineData(false, "rel", new[] { "./x//y" }, "rel/x/y")]
    [InlineData(true, @"C:\Users\u", new[] { ".aws", "cli-agent-orchestrator" }, "C:/Users/u/.aws/cli-agent-orchestrator")]
    [InlineData(true, @"C:\Users\u", new[] { @"D:\store", "x.md" }, "D:/store/x.md")]
    [InlineData(true, "C:/", new[] { @"a\\b\.\c" }, "C:/a/b/c")]
    public void Join_restarts_at_an_absolute_part_and_normalises(bool windows, string root, string[] parts, string expected) =>
        Assert.Equal(expected, PathUtil.Join(windows, root, parts));

    [Fact]
    public void A_backslash_is_a_file_name_character_on_posix() =>
        Assert.Equal(@"/home/u/a\b", PathUtil.Join(false, "/home/u", @"a\b"));

    [Theory]
    [InlineData(true, @"C:\x", 3)]
    [InlineData(true, "c:/x", 3)]
    [InlineData(true, "/x", 1)]
    [InlineData(true, "C:x", 0)]
    [InlineData(true, "x", 0)]
    [InlineData(false, "C:/x", 0)]
    [InlineData(false, "/x", 1)]
    public void Roots(bool windows, string path, int length) =>
        Assert.Equal(length, PathUtil.RootLength(PathUtil.Slashes(path, windows), windows));

    [Theory]
    [InlineData(false, "~/.aws", "/home/u", "/home/u/.aws")]
    [InlineData(true, @"~\.aws", @"C:\Users\u", "C:/Users/u/.aws")]
    [InlineData(true, "~", @"C:\Users\u", "C:/Users/u")]
    public void Expands_the_home_directory(bool windows, string path, string home, string expected) =>
        Assert.Equal(expected, PathUtil.ExpandUser(path, home, windows));

    [Fact]
    public void Realpath_of_a_windows_path_keeps_its_drive_and_resolves_dot_dot()
    {
        // Nothing under Q:/ exists on the test host, so no component is a link: the result is purely lexical.
        Assert.Equal("Q:/cao/agent-store/dev.md", PathUtil.RealPath(@"Q:\cao\x\..\agent-store\.\dev.md", windows: true, currentDirectory: @"Q:\elsewhere"));
        Assert.Equal("Q:/work/store", PathUtil.RealPath(@"store", windows: true, currentDirectory: @"Q:\work\"));
    }

    [Fact]
    public void Realpath_resolves_symlinks_on_this_host()
    {
        var dir = Directory.CreateTempSubdirectory("cao-pathutil-");
        try
        {
            var target = Directory.CreateDirectory(Path.Combine(dir.FullName, "target"));
            var link = Path.Combine(dir.FullName, "link");
            try
            {
                Directory.CreateSymbolicLink(link, target.FullName);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return; // Windows without the symlink privilege: nothing to resolve
            }

            var resolvedTarget = PathUtil.RealPath(target.FullName);
            Assert.Equal(resolvedTarget + "/x.md", PathUtil.RealPath(Path.Combine(link, "x.md")));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }
}
