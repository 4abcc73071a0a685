using System.Text.Json;
using CaoOps.Tools;

namespace CaoOps.Tests.Tooling;

/// <summary>Every string argument has a length limit, checked before any request; the limits are not advertised.</summary>
public class ArgumentLimitsTests
{
    private static string? Problem(ToolParameter p, string json)
    {
        using var doc = JsonDocument.Parse($"{{\"{p.Name}\":{json}}}");
        ToolArguments.Parse([p], doc.RootElement.EnumerateObject().Select(x => new KeyValuePair<string, JsonElement>(x.Name, x.Value.Clone())).ToList(), out var error);
        return error;
    }

    private static string Str(int n) => JsonSerializer.Serialize(new string('a', n));

    [Theory]
    [InlineData("query", 1_024)]
    [InlineData("session_name", 1_024)]
    [InlineData("message", 60_000)]
    [InlineData("initial_message", 100_000)]
    [InlineData("working_directory", 4_096)]
    public void Strings_up_to_the_limit_pass_and_longer_ones_are_refused_naming_the_limit(string name, int limit)
    {
        var p = new ToolParameter(name, ParamKind.String, "d");
        Assert.Null(Problem(p, Str(limit)));
        var problem = Problem(p, Str(limit + 1));
        Assert.Contains($"'{name}' is {limit + 1:N0} characters; the limit is {limit:N0}", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Array_items_and_counts_and_map_keys_and_values_are_limited()
    {
        var list = new ToolParameter("allowed_tools", ParamKind.StringArray, "d");
        Assert.Contains("item is 1,025 characters", Problem(list, $"[{Str(1_025)}]"), StringComparison.Ordinal);
        Assert.Contains("has 1001 entries; the limit is 1000", Problem(list, "[" + string.Join(",", Enumerable.Repeat("\"a\"", 1_001)) + "]"), StringComparison.Ordinal);
        var map = new ToolParameter("env_vars", ParamKind.StringMap, "d");
        Assert.Null(Problem(map, $"{{\"K\":{Str(16_384)}}}"));
        Assert.Contains("value is 16,385 characters", Problem(map, $"{{\"K\":{Str(16_385)}}}"), StringComparison.Ordinal);
        Assert.Contains("key is 1,025 characters", Problem(map, $"{{\"{new string('K', 1_025)}\":\"v\"}}"), StringComparison.Ordinal);
    }

    [Fact]
    public void Every_string_parameter_of_every_tool_has_a_limit_and_none_is_advertised()
    {
        foreach (var tool in ToolCatalog.All)
        {
            foreach (var p in tool.Parameters.Where(p => p.Kind is ParamKind.String or ParamKind.StringArray or ParamKind.StringMap))
            {
                Assert.InRange(ArgumentLimits.For(p).Length, 1, 100_000);
            }
        }

        Assert.DoesNotContain("maxLength", string.Join('\n', ToolCatalog.All.Select(t => InputSchema.For(t.Parameters).GetRawText())), StringComparison.Ordinal);
    }
}
