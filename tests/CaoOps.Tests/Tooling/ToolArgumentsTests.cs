using System.Text.Json;
using CaoOps.Tools.Terminals;

namespace CaoOps.Tests.Tooling;

public class ToolArgumentsTests
{
    private static readonly ToolParameter[] Params =
    [
        new("name", ParamKind.String, "n") { Required = true },
        new("count", ParamKind.Integer, "c") { Minimum = 0, Maximum = 10 },
        new("flag", ParamKind.Boolean, "f"),
        new("mode", ParamKind.String, "m") { Enum = ["full", "last"] },
        new("list", ParamKind.StringArray, "l"),
        new("map", ParamKind.StringMap, "m2"),
    ];

    private static ToolArguments? Parse(string json, out string? error)
    {
        using var doc = JsonDocument.Parse(json);
        return ToolArguments.Parse(Params, doc.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, JsonElement>(p.Name, p.Value.Clone())).ToList(), out error);
    }

    [Fact]
    public void Accepts_and_types_valid_arguments()
    {
        var args = Parse("{\"name\":\"x\",\"count\":3,\"flag\":true,\"mode\":\"LAST\",\"list\":[\"a\"],\"map\":{\"K\":\"v\"}}", out var error);
        Assert.Null(error);
        Assert.Equal("x", args!.String("name"));
        Assert.Equal(3, args.Integer("count"));
        Assert.True(args.Boolean("flag"));
        Assert.Equal("last", args.String("mode"));
        Assert.Equal(["a"], args.StringArray("list"));
        Assert.Equal("v", args.StringMap("map")!["K"]);
    }

    [Fact]
    public void Null_counts_as_absent() => Assert.Null(Parse("{\"name\":\"x\",\"count\":null}", out _)!.Integer("count"));

    [Theory]
    [InlineData("{}", "missing required argument 'name'")]
    [InlineData("{\"name\":null}", "missing required argument 'name'")]
    [InlineData("{\"name\":1}", "'name' must be a string, got the number 1")]
    [InlineData("{\"name\":\"x\",\"count\":\"3\"}", "'count' must be an integer, got a string")]
    [InlineData("{\"name\":\"x\",\"count\":1.5}", "'count' must be a whole number")]
    [InlineData("{\"name\":\"x\",\"count\":11}", "'count' must be between 0 and 10, got 11")]
    [InlineData("{\"name\":\"x\",\"flag\":\"yes\"}", "'flag' must be true or false")]
    [InlineData("{\"name\":\"x\",\"mode\":\"tail\"}", "'mode' must be one of 'full', 'last'; got 'tail'")]
    [InlineData("{\"name\":\"x\",\"list\":[1]}", "'list' must be an array of strings")]
    [InlineData("{\"name\":\"x\",\"map\":{\"a\":1}}", "'map' must be an object whose values are strings")]
    [InlineData("{\"name\":\"x\",\"extra\":1}", "unknown argument 'extra' (valid: name, count, flag, mode, list, map)")]
    public void Reports_each_problem(string json, string expected)
    {
        Assert.Null(Parse(json, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Reports_all_problems_at_once()
    {
        Parse("{\"count\":-1,\"zzz\":true}", out var error);
        Assert.Contains("zzz", error, StringComparison.Ordinal);
        Assert.Contains("name", error, StringComparison.Ordinal);
        Assert.Contains("count", error, StringComparison.Ordinal);
    }
}
