using System.Text.Encodings.Web;
using System.Text.Json;
using CaoOps.Mcp;
using CaoOps.Tools;
using CaoOps.Tools.Terminals;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CaoOps.Tests.Tooling;

/// <summary>Every tool is in every conversation: the default selection keeps to its budget (bench/ reports the exact figures).</summary>
public class CatalogueBudgetTests
{
    /// <summary>tools/list of the original 12 tools before the catalogue grew (issue 10); the default must not exceed it.</summary>
    private const int DefaultBudgetBytes = 17_957;

    [Fact]
    public void Default_selection_fits_the_budget()
    {
        var tools = new ToolSelection().Apply(ToolCatalog.All, out _);
        var bytes = Bytes(new ListToolsResult { Tools = [.. tools.Select(ProtocolTools.ToProtocol)] });
        Assert.True(bytes <= DefaultBudgetBytes, $"default tools/list result is {bytes} bytes for {tools.Count} tools (budget {DefaultBudgetBytes}); tighten descriptions or schemas");
    }

    private static int Bytes(ListToolsResult result)
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, WriteIndented = false };
        return JsonSerializer.SerializeToUtf8Bytes(result, options.GetTypeInfo(typeof(ListToolsResult))).Length;
    }
}
