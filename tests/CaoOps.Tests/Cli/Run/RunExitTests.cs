using CaoOps.Cao;
using CaoOps.Cli.Run;

namespace CaoOps.Tests.Cli.Run;

public class RunExitTests
{
    [Fact]
    public void Codes_are_the_documented_ones()
    {
        Assert.Equal(0, RunExit.Completed);
        Assert.Equal(1, RunExit.AgentError);
        Assert.Equal(2, RunExit.Usage);
        Assert.Equal(3, RunExit.Unreachable);
        Assert.Equal(4, RunExit.Question);
        Assert.Equal(124, RunExit.Timeout);
        Assert.Equal(130, RunExit.Signal(2));
        Assert.Equal(143, RunExit.Signal(15));
        Assert.Equal(["completed", "error", "usage", "unreachable", "question", "timeout", "interrupted"], new[] { 0, 1, 2, 3, 4, 124, 143 }.Select(RunExit.Outcome));
    }

    [Theory]
    [InlineData(new int[0], 0)]
    [InlineData(new[] { 0, 0, 0 }, 0)]
    [InlineData(new[] { 0, 1, 0 }, 1)]
    [InlineData(new[] { 1, 4, 0 }, 4)]
    [InlineData(new[] { 4, 124, 1 }, 124)]
    [InlineData(new[] { 124, 3, 0 }, 3)]
    [InlineData(new[] { 3, 143, 1 }, 143)]
    public void A_plan_exits_with_the_worst_code(int[] codes, int expected) => Assert.Equal(expected, RunExit.Worst(codes));

    [Theory]
    [InlineData("Unreachable", 0, 3)]
    [InlineData("Timeout", 0, 3)]
    [InlineData("Http", 401, 3)]
    [InlineData("Http", 403, 3)]
    [InlineData("Http", 400, 1)]
    [InlineData("Http", 404, 1)]
    [InlineData("Http", 500, 1)]
    [InlineData("InvalidJson", 200, 1)]
    public void Failed_requests_map_to_exit_codes(string failure, int status, int expected) =>
        Assert.Equal(expected, AgentRun.ExitFor(Enum.Parse<ApiFailure>(failure), status));

    [Fact]
    public void Arguments_parse_and_refuse()
    {
        var parsed = RunArguments.Parse(["--profile=developer", "--timeout", "30", "--env", "A=b=c", "--env=T=x", "--json", "--keep", "do it"], () => TextReader.Null, out var problem);
        Assert.Null(problem);
        var spec = parsed!.Single!;
        Assert.Equal(("developer", "do it", TimeSpan.FromSeconds(30)), (spec.Profile, spec.Task, spec.Timeout));
        Assert.Equal("b=c", spec.Env["A"]);
        Assert.Equal("x", spec.Env["T"]);
        Assert.True(parsed.Settings.Json && parsed.Settings.Keep && !parsed.Settings.Install);
        Assert.Equal(Environment.CurrentDirectory, spec.WorkingDirectory);

        parsed = RunArguments.Parse(["--profile", "p", "-"], () => new StringReader("from stdin\n\n"), out problem);
        Assert.Equal("from stdin", parsed!.Single!.Task);

        parsed = RunArguments.Parse(["--plan", "p.yaml", "--parallel", "3", "--timeout", "45"], () => TextReader.Null, out problem);
        Assert.Equal(("p.yaml", 3, TimeSpan.FromSeconds(45)), (parsed!.PlanPath, parsed.Settings.Parallel, parsed.Defaults.Timeout));

        foreach (var bad in new[]
        {
            new[] { "task" }, ["--profile", "p"], ["--profile", "p", "a", "b"], ["--profile", "p", "--timeout", "86401", "x"],
            ["--profile", "p", "--parallel", "2", "x"], ["--plan", "f", "--parallel", "17"], ["--profile", "p", "--env", "novalue", "x"],
            ["--profile", "p", "--profile", "q", "x"], ["--profile", "p", "--unknown", "x"], ["--profile", "p", "  "],
        })
        {
            Assert.Null(RunArguments.Parse(bad, () => TextReader.Null, out problem));
            Assert.NotNull(problem);
            Assert.DoesNotContain("novalue", problem, StringComparison.Ordinal);
        }

        Assert.Null(RunArguments.Parse(["--profile", "p", "-"], () => new StringReader(new string('x', RunLimits.MaxTaskBytes + 10)), out problem));
        Assert.Contains("larger than", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void JUnit_text_is_always_valid_xml()
    {
        Assert.Equal("a\uFFFDb\tc\n😀", JUnitReport.Safe("a\u001bb\tc\n😀"));
        Assert.Equal("\uFFFD", JUnitReport.Safe("\uD800"));
        using var stream = new MemoryStream();
        JUnitReport.Write(stream, "suite", DateTimeOffset.UnixEpoch, 1.5, [new JUnitReport.Case("c", "n\u0007", 1, "error", false, "m\u0000", "text\u001b[0m", "out", null)]);
        var doc = System.Xml.Linq.XDocument.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
        Assert.Equal("1", doc.Root!.Attribute("failures")!.Value);
    }
}
