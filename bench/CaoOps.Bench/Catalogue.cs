using System.Globalization;
using System.Text;
using System.Text.Json;

namespace CaoOps.Bench;

/// <summary>
/// The <c>tools/list</c> response of one selection: how many tools; <paramref name="Bytes"/>, its <c>result</c> counted the
/// way issue 10 counted upstream's 15,153 and the old 17,957 (compact JSON, non-ASCII as <c>\uXXXX</c>, like Python's
/// <c>json.dumps(result, separators=(",", ":"))</c>), which is what a client hands on to the model; and
/// <paramref name="WireBytes"/>, the exact response line the server writes (the SDK's encoder also writes
/// <c>' " &lt; &gt; &amp; +</c> inside strings as <c>\uXXXX</c>).
/// </summary>
internal sealed record CatalogueRow(string Selection, int Tools, int Bytes, int WireBytes)
{
    /// <summary>The usual rough estimate: a token per 4 bytes of JSON.</summary>
    public int Tokens => (Bytes + 2) / 4;
}

/// <summary>
/// Catalogue cost (issue 10): what loading the server costs every conversation. Each selection is one
/// <c>cao-ops mcp [--toolsets …]</c> process: initialize, then tools/list; the response line is counted as it comes
/// and its <c>result</c> as issue 10 counted it (see <see cref="CatalogueRow"/>). No API double: tools/list makes no call.
/// </summary>
internal static class Catalogue
{
    /// <summary>Upstream's Python cao-ops-mcp: 11 tools, measured the same way (issue 10).</summary>
    public const int UpstreamTools = 11;

    public const int UpstreamBytes = 15_153;

    /// <summary>The default selection may not grow past the 12-tool catalogue of before toolsets existed (issue 10).</summary>
    public const int DefaultTarget = 17_957;

    /// <summary>The default, each toolset alone, and all.</summary>
    public static readonly IReadOnlyList<(string Label, string[] Args)> Selections =
    [
        ("default", []),
        ("sessions", ["--toolsets", "sessions"]),
        ("profiles", ["--toolsets", "profiles"]),
        ("terminals", ["--toolsets", "terminals"]),
        ("flows", ["--toolsets", "flows"]),
        ("workflows", ["--toolsets", "workflows"]),
        ("all", ["--toolsets", "all"]),
    ];

    public static IReadOnlyList<CatalogueRow> Measure(string caoOps) => [.. Selections.Select(s => Measure(caoOps, s.Label, s.Args))];

    private static CatalogueRow Measure(string caoOps, string label, string[] args)
    {
        // Nothing listens on port 9: a selection never talks to cao-server to list its tools.
        using var peer = StdioPeer.Start(caoOps, ["mcp", .. args], Benchmarks.CaoEnv("http://127.0.0.1:9"));
        peer.Write(StdioPeer.InitializeRequest(1));
        StdioPeer.ExpectResult(peer.ReadUntilId(1), 1);
        peer.Write(StdioPeer.InitializedNotification);
        peer.Write(StdioPeer.ToolsListRequest(2));
        var line = peer.ReadUntilId(2);
        var result = StdioPeer.ExpectResult(line, 2);
        peer.CloseAndWait(TimeSpan.FromSeconds(5));
        return new CatalogueRow(label, result.GetProperty("tools").GetArrayLength(), CompactAsciiBytes(result), Encoding.UTF8.GetByteCount(line));
    }

    /// <summary>Length of <c>json.dumps(value, separators=(",", ":"))</c> in Python (ensure_ascii): the unit of issue 10's figures.</summary>
    internal static int CompactAsciiBytes(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => 2 + value.EnumerateObject().Sum(p => StringBytes(p.Name) + 1 + CompactAsciiBytes(p.Value) + 1) - (value.EnumerateObject().Any() ? 1 : 0),
        JsonValueKind.Array => 2 + value.EnumerateArray().Sum(v => CompactAsciiBytes(v) + 1) - (value.GetArrayLength() > 0 ? 1 : 0),
        JsonValueKind.String => StringBytes(value.GetString()!),
        JsonValueKind.True or JsonValueKind.Null => 4,
        JsonValueKind.False => 5,
        _ => value.GetRawText().Length,
    };

    /// <summary>A string as Python writes it with ensure_ascii: quotes, two-character escapes, everything else outside ' '..'~' as \uXXXX.</summary>
    private static int StringBytes(string s) => 2 + s.Sum(c => c switch
    {
        '"' or '\\' or '\n' or '\r' or '\t' or '\b' or '\f' => 2,
        >= ' ' and <= '~' => 1,
        _ => 6,
    });

    /// <summary>Markdown table: every selection next to upstream.</summary>
    public static string Table(IReadOnlyList<CatalogueRow> rows)
    {
        var md = new StringBuilder();
        md.AppendLine("| Selection (`cao-ops mcp …`) | tools | `tools/list` bytes | ≈ tokens (bytes/4) | bytes per tool | response line on the wire |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            var flag = r.Selection == "default" ? "(no flag)" : $"`--toolsets {r.Selection}`";
            md.AppendLine(CultureInfo.InvariantCulture, $"| {r.Selection} {flag} | {r.Tools} | {r.Bytes:N0} | {r.Tokens:N0} | {(r.Tools == 0 ? "—" : (r.Bytes / r.Tools).ToString("N0", CultureInfo.InvariantCulture))} | {r.WireBytes:N0} |");
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"| upstream cao-ops-mcp (reference) | {UpstreamTools} | {UpstreamBytes:N0} | {(UpstreamBytes + 2) / 4:N0} | {UpstreamBytes / UpstreamTools:N0} | — |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| target for the default selection | | ≤ {DefaultTarget:N0} | ≤ {(DefaultTarget + 2) / 4:N0} | | |");
        return md.ToString();
    }

    /// <summary>The rows judged in the main table: the default against its target, and all for scale.</summary>
    public static IEnumerable<Row> Rows(IReadOnlyList<CatalogueRow> rows)
    {
        var d = rows.Single(r => r.Selection == "default");
        var all = rows.Single(r => r.Selection == "all");
        yield return new Row(
            $"`tools/list` response, default selection ({d.Tools} tools)",
            string.Create(CultureInfo.InvariantCulture, $"**{d.Bytes:N0} B** ≈ {d.Tokens:N0} tokens (response line {d.WireBytes:N0} B; upstream: {UpstreamBytes:N0} B for {UpstreamTools} tools)"),
            string.Create(CultureInfo.InvariantCulture, $"≤ {DefaultTarget:N0} B"),
            d.Bytes <= DefaultTarget);
        yield return new Row(
            $"`tools/list` response, `--toolsets all` ({all.Tools} tools)",
            string.Create(CultureInfo.InvariantCulture, $"{all.Bytes:N0} B ≈ {all.Tokens:N0} tokens (response line {all.WireBytes:N0} B)"),
            "—",
            null);
    }
}
