using System.Text.Json;
using CaoOps.Tests.Support;
using CaoOps.Tools.Fleet;

namespace CaoOps.Tests.Tools.Fleet;

public class FleetRegistryTests
{
    private static IReadOnlyList<FleetNode>? Parse(string json, out List<string> errors, Dictionary<string, string>? env = null)
    {
        errors = [];
        using var doc = JsonDocument.Parse(json);
        return FleetRegistry.Parse("fleet.json", doc.RootElement, Harness.DefaultSettings, k => env is not null && env.TryGetValue(k, out var v) ? v : null, errors);
    }

    [Fact]
    public void Reads_upstreams_format_and_our_optional_fields()
    {
        var nodes = Parse("""
            {"port": 9889, "machines": [
              {"name": "mac-1", "host": "10.0.0.5", "label": "build", "os": "macos", "role": "worker"},
              {"name": "gpu", "host": "gpu.lan", "port": 9999},
              {"name": "cloud", "url": "https://cao.example.com", "token_env": "CLOUD_TOKEN"}]}
            """, out var errors, new() { ["CLOUD_TOKEN"] = "t0k" })!;
        Assert.Empty(errors);
        Assert.Equal(["http://10.0.0.5:9889", "http://gpu.lan:9999", "https://cao.example.com"], nodes.Select(n => n.Settings.BaseAddress));
        Assert.Equal("build", nodes[0].Label);
        Assert.Null(nodes[0].Settings.Token);
        Assert.Equal("t0k", nodes[2].Settings.Token);
        foreach (var n in nodes)
        {
            n.Dispose();
        }
    }

    [Fact]
    public void Every_problem_is_reported_and_nothing_is_loaded()
    {
        var nodes = Parse("""
            {"machines": [
              {"host": "a"},
              {"name": "x", "host": "b"},
              {"name": "x", "host": "c"},
              {"name": "y"},
              {"name": "z", "url": "ftp://nope"},
              {"name": "w", "host": "d", "token_env": "MISSING_TOKEN"},
              {"name": "v", "host": "e", "token_env": "not a name"},
              {"name": "u", "host": "f", "port": 0}]}
            """, out var errors);
        Assert.Null(nodes);
        Assert.Equal(7, errors.Count);
        Assert.Contains("fleet.json: machines[0]: missing \"name\"", errors);
        Assert.Contains(errors, e => e.Contains("duplicate name 'x' (also machines[1])", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("('y'): missing \"host\"", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("url 'ftp://nope'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("token_env names MISSING_TOKEN, which is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("must be the name of an environment variable", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("('u'): \"port\" must be a port number", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("{\"machines\": []}")]
    public void Empty_or_wrong_shapes_are_rejected(string json)
    {
        Assert.Null(Parse(json, out var errors));
        Assert.Single(errors);
    }

    [Fact]
    public void A_missing_file_is_one_clear_line()
    {
        Assert.Null(FleetRegistry.Load("/nonexistent/fleet.json", Harness.DefaultSettings, _ => null, out var problems));
        Assert.StartsWith("/nonexistent/fleet.json: cannot read the fleet registry", Assert.Single(problems), StringComparison.Ordinal);
    }
}
