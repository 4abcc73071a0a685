using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>One generated stdin line; <see cref="MustAnswerId"/> is set when the line is a well-formed request envelope.</summary>
internal sealed record FuzzLine(string Category, byte[] Bytes, string? MustAnswerId);

/// <summary>
/// Deterministic (seeded) generator of hostile stdin lines: garbage, truncated and mutated requests, wrong JSON-RPC
/// shapes, batches, deep nesting, invalid UTF-8, lone surrogates, huge lines and wrong argument types for every tool.
/// No generated request can start long-running work: terminal ids never name a real terminal.
/// </summary>
internal sealed class FuzzCorpus
{
    public const int HugeLineBytes = 5 * 1024 * 1024;
    public const int DeepNesting = 10_000;

    private static readonly string[] Methods =
    [
        "ping", "tools/list", "tools/call", "initialize", "resources/list", "prompts/list", "logging/setLevel", "completion/complete",
        "does/not/exist", "", "TOOLS/CALL", "tools/call ", "rpc.discover", "$/cancelRequest", "server/discover",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xFF], [0xFE, 0xFF], [0xC0, 0xAF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0x80], [0xBF, 0xBF],
        [0xC3], [0xE2, 0x82], [0xF0, 0x9F, 0x98], [0xF8, 0x88, 0x80, 0x80, 0x80],
    ];

    private static readonly string[] LoneSurrogates = ["\\ud800", "\\udfff", "a\\ud83d", "\\udc00b", "\\ud800\\ud800"];

    private readonly Random _rng;
    private readonly IReadOnlyList<ToolSchema> _tools;
    private int _next;

    public FuzzCorpus(int seed, IReadOnlyList<ToolSchema> tools)
    {
        _rng = new Random(seed);
        _tools = tools;
    }

    private string NewId() => "fz-" + (_next++).ToString(CultureInfo.InvariantCulture);

    /// <summary><paramref name="count"/> random lines, plus the fixed heavy cases (huge lines, deep nesting) spread among them.</summary>
    public List<FuzzLine> Generate(int count)
    {
        var generators = new (int Weight, Func<FuzzLine> Make)[]
        {
            (10, Garbage),
            (10, Truncated),
            (8, Mutated),
            (8, RandomJsonValue),
            (14, WrongEnvelope),
            (12, WellFormedOddRequest),
            (6, Batch),
            (10, InvalidUtf8InRequest),
            (6, LoneSurrogateInRequest),
            (14, WrongArgumentType),
            (4, WrongToolCallShape),
            (2, ModeratelyDeep),
        };
        var total = generators.Sum(g => g.Weight);
        var lines = new List<FuzzLine>(count + 16);
        for (var i = 0; i < count; i++)
        {
            var pick = _rng.Next(total);
            foreach (var (weight, make) in generators)
            {
                if (pick < weight)
                {
                    lines.Add(make());
                    break;
                }

                pick -= weight;
            }
        }

        foreach (var heavy in Heavy())
        {
            lines.Insert(_rng.Next(lines.Count + 1), heavy);
        }

        return lines;
    }

    /// <summary>5 MB lines and 10,000-deep nesting (each answered or dropped, never fatal).</summary>
    public IEnumerable<FuzzLine> Heavy()
    {
        yield return new FuzzLine("huge garbage", Encoding.ASCII.GetBytes(new string('a', HugeLineBytes)), null);
        var hugeMessageId = NewId();
        yield return new FuzzLine("huge valid tools/call", Encoding.UTF8.GetBytes(
            Rpc.ToolCall(hugeMessageId, "send_session_message", "{\"terminal_id\":\"deadbeef\",\"message\":\"" + new string('m', HugeLineBytes) + "\"}")), hugeMessageId);
        var hugeKeyId = NewId();
        yield return new FuzzLine("huge argument name", Encoding.UTF8.GetBytes(
            Rpc.ToolCall(hugeKeyId, "list_sessions", "{\"" + new string('k', HugeLineBytes) + "\":1}")), hugeKeyId);
        yield return new FuzzLine("huge unterminated string", Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":\"x\",\"method\":\"" + new string('p', HugeLineBytes)), null);
        yield return new FuzzLine("deep [", Encoding.ASCII.GetBytes(new string('[', DeepNesting)), null);
        yield return new FuzzLine("deep [ closed", Encoding.ASCII.GetBytes(new string('[', DeepNesting) + new string(']', DeepNesting)), null);
        yield return new FuzzLine("deep {", Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", DeepNesting)) + "1" + new string('}', DeepNesting)), null);
        var deepParamsId = NewId();
        yield return new FuzzLine("deep params", Encoding.ASCII.GetBytes(
            Rpc.Request(deepParamsId, "ping", "{\"x\":" + new string('[', DeepNesting) + new string(']', DeepNesting) + "}")), null);
        var deepArgsId = NewId();
        yield return new FuzzLine("deep arguments", Encoding.ASCII.GetBytes(
            Rpc.ToolCall(deepArgsId, "launch_session", "{\"allowed_tools\":" + new string('[', DeepNesting) + new string(']', DeepNesting) + "}")), null);
    }

    private FuzzLine Garbage()
    {
        var bytes = new byte[_rng.Next(1, 300)];
        _rng.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                bytes[i] = (byte)' ';
            }
        }

        return new FuzzLine("garbage", bytes, null);
    }

    private FuzzLine Truncated()
    {
        var full = Encoding.UTF8.GetBytes(ValidToolCall(NewId()));
        return new FuzzLine("truncated", full[..(_rng.Next(1, full.Length - 1))], null);
    }

    private FuzzLine Mutated()
    {
        var bytes = Encoding.UTF8.GetBytes(ValidToolCall(NewId()));
        var edits = _rng.Next(1, 6);
        for (var i = 0; i < edits; i++)
        {
            var b = (byte)_rng.Next(256);
            bytes[_rng.Next(bytes.Length)] = b == (byte)'\n' ? (byte)'{' : b;
        }

        return new FuzzLine("mutated", bytes, null);
    }

    private FuzzLine RandomJsonValue() => new("random JSON value", Encoding.UTF8.GetBytes(RandomJson(4)), null);

    /// <summary>Objects that are not valid JSON-RPC 2.0 requests.</summary>
    private FuzzLine WrongEnvelope()
    {
        var id = NewId();
        string[] shapes =
        [
            $$"""{"id":"{{id}}","method":"ping"}""",
            $$"""{"jsonrpc":"1.0","id":"{{id}}","method":"ping"}""",
            $$"""{"jsonrpc":2.0,"id":"{{id}}","method":"ping"}""",
            $$"""{"jsonrpc":null,"id":"{{id}}","method":"ping"}""",
            $$"""{"jsonrpc":"2.0","id":{{RandomJson(2)}},"method":"ping"}""",
            """{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}""",
            """{"jsonrpc":"2.0","id":[1],"method":"tools/list"}""",
            """{"jsonrpc":"2.0","id":true,"method":"ping"}""",
            """{"jsonrpc":"2.0","id":1.5,"method":"ping"}""",
            """{"jsonrpc":"2.0","id":1e999,"method":"ping"}""",
            """{"jsonrpc":"2.0","id":null,"method":"ping"}""",
            $$"""{"jsonrpc":"2.0","id":"{{id}}","method":{{RandomJson(2)}}}""",
            $$"""{"jsonrpc":"2.0","id":"{{id}}"}""",
            $$"""{"jsonrpc":"2.0","id":"{{id}}","result":{{RandomJson(2)}}}""",
            "{\"jsonrpc\":\"2.0\",\"id\":\"" + id + "\",\"error\":{\"code\":\"x\",\"message\":5}}",
            $$"""{"jsonrpc":"2.0","id":"{{id}}","error":{{RandomJson(2)}}}""",
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"nope","reason":7}}""",
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":"x"}""",
            """{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":{},"progress":"a"}}""",
            """{"jsonrpc":"2.0","method":"notifications/initialized","params":[1,2]}""",
            $$"""{"jsonrpc":"2.0","id":"{{id}}","method":"ping","jsonrpc":"1.0"}""",
            $$"""{"jsonrpc":"2.0","id":"{{id}}","id":"{{id}}-dup","method":"ping"}""",
            "{}",
            "{\"jsonrpc\":\"2.0\"}",
        ];
        return new FuzzLine("wrong envelope", Encoding.UTF8.GetBytes(shapes[_rng.Next(shapes.Length)]), null);
    }

    /// <summary>Valid envelopes (so an answer is owed) with odd methods or params.</summary>
    private FuzzLine WellFormedOddRequest()
    {
        var id = NewId();
        var method = Methods[_rng.Next(Methods.Length)];
        var paramsJson = _rng.Next(4) switch
        {
            0 => string.Empty,
            1 => ",\"params\":{}",
            2 => ",\"params\":" + RandomObject(3),
            _ => ",\"params\":" + RandomJson(3),
        };
        if (method == "initialize" && _rng.Next(2) == 0)
        {
            paramsJson = $$""","params":{"protocolVersion":{{RandomJson(1)}},"capabilities":{{RandomJson(2)}},"clientInfo":{{RandomJson(2)}}}""";
        }

        if (method == "tools/call" && _rng.Next(2) == 0)
        {
            var tool = _tools[_rng.Next(_tools.Count)].Name;
            paramsJson = $$""","params":{"name":"{{tool}}","arguments":{{RandomObject(2)}},"_meta":{{RandomJson(2)}}}""";
        }

        return new FuzzLine("odd request", Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","id":"{{id}}","method":"{{method}}"{{paramsJson}}}"""), id);
    }

    private FuzzLine Batch()
    {
        string[] shapes =
        [
            "[]",
            "[1,2,3]",
            $$"""[{"jsonrpc":"2.0","id":"{{NewId()}}","method":"ping"}]""",
            $$"""[{"jsonrpc":"2.0","id":"{{NewId()}}","method":"ping"},{"jsonrpc":"2.0","id":"{{NewId()}}","method":"tools/list"}]""",
            $$"""[{"jsonrpc":"2.0","method":"notifications/initialized"},{{ValidToolCall(NewId())}}]""",
            "[" + string.Join(',', Enumerable.Range(0, 50).Select(_ => ValidToolCall(NewId()))) + "]",
        ];
        return new FuzzLine("batch", Encoding.UTF8.GetBytes(shapes[_rng.Next(shapes.Length)]), null);
    }

    /// <summary>Invalid UTF-8 inside the method or an argument value: the envelope and its id stay intact.</summary>
    private FuzzLine InvalidUtf8InRequest()
    {
        var id = NewId();
        var bad = InvalidUtf8[_rng.Next(InvalidUtf8.Length)];
        var tool = _tools[_rng.Next(_tools.Count)];
        byte[] line = _rng.Next(3) switch
        {
            0 => Concat($$"""{"jsonrpc":"2.0","id":"{{id}}","method":"pi""", bad, "ng\"}"),
            1 => Concat($$"""{"jsonrpc":"2.0","id":"{{id}}","method":"tools/call","params":{"name":"get_session_info","arguments":{"session_name":"cao-""", bad, "\"}}}"),
            _ => Concat($$"""{"jsonrpc":"2.0","id":"{{id}}","method":"tools/call","params":{"name":"{{tool.Name}}","arguments":{"x""", bad, "\":\"", bad, "\"}}}"),
        };
        return new FuzzLine("invalid UTF-8", line, id);
    }

    /// <summary>Valid JSON whose strings hold lone UTF-16 surrogates (unrepresentable in UTF-8).</summary>
    private FuzzLine LoneSurrogateInRequest()
    {
        var id = NewId();
        var s = LoneSurrogates[_rng.Next(LoneSurrogates.Length)];
        var tool = _tools[_rng.Next(_tools.Count)];
        var args = tool.ValidArguments();
        var text = args.ToJsonString();
        var prop = tool.Properties.Count == 0 ? "x" : tool.Properties[_rng.Next(tool.Properties.Count)].Name;
        var injected = _rng.Next(3) switch
        {
            0 => text.Insert(1, $"\"{prop}\":\"{s}\"" + (args.Count > 0 ? "," : string.Empty)),
            1 => text.Insert(1, $"\"{s}\":\"v\"" + (args.Count > 0 ? "," : string.Empty)),
            _ => text.Insert(1, $"\"{prop}\":[\"{s}\"]" + (args.Count > 0 ? "," : string.Empty)),
        };
        return new FuzzLine("lone surrogate", Encoding.UTF8.GetBytes(
            Rpc.ToolCall(id, tool.Name, injected)), id);
    }

    /// <summary>A real tool, valid required arguments, and one argument of the wrong JSON type.</summary>
    private FuzzLine WrongArgumentType()
    {
        var id = NewId();
        var tool = _tools[_rng.Next(_tools.Count)];
        var args = tool.ValidArguments();
        if (tool.Properties.Count == 0)
        {
            args["unexpected"] = JsonNode.Parse(RandomJson(2));
        }
        else
        {
            var p = tool.Properties[_rng.Next(tool.Properties.Count)];
            var wrong = ToolSchema.WrongValues(p.Type);
            args[p.Name] = JsonNode.Parse(wrong[_rng.Next(wrong.Count)]);
        }

        return new FuzzLine("wrong argument type", Encoding.UTF8.GetBytes(
            Rpc.ToolCall(id, tool.Name, args.ToJsonString())), id);
    }

    private FuzzLine WrongToolCallShape()
    {
        var id = NewId();
        var tool = _tools[_rng.Next(_tools.Count)].Name;
        string[] shapes =
        [
            $$"""{"name":"{{tool}}","arguments":[]}""",
            $$"""{"name":"{{tool}}","arguments":"{}"}""",
            $$"""{"name":"{{tool}}","arguments":42}""",
            $$"""{"name":"{{tool}}","arguments":true}""",
            Rpc.ToolCallParams(RandomJson(1), "{}"),
            """{"name":["list_sessions"],"arguments":{}}""",
            """{"name":{"x":"list_sessions"}}""",
            """{"arguments":{}}""",
            "[]",
            "\"list_sessions\"",
            "{\"name\":\"" + tool + "\",\"arguments\":{},\"_meta\":{\"progressToken\":" + RandomJson(1) + "}}",
        ];
        return new FuzzLine("wrong tools/call shape", Encoding.UTF8.GetBytes(
            $$"""{"jsonrpc":"2.0","id":"{{id}}","method":"tools/call","params":{{shapes[_rng.Next(shapes.Length)]}}}"""), id);
    }

    private FuzzLine ModeratelyDeep()
    {
        var depth = _rng.Next(30, 300);
        var id = NewId();
        return new FuzzLine("nesting", Encoding.ASCII.GetBytes(
            Rpc.ToolCall(id, "list_sessions", "{\"x\":" + new string('[', depth) + new string(']', depth) + "}")), null);
    }

    private string ValidToolCall(string id)
    {
        var tool = _tools[_rng.Next(_tools.Count)];
        return Rpc.ToolCall(id, tool.Name, tool.ValidArguments().ToJsonString());
    }

    private string RandomJson(int depth)
    {
        var kind = _rng.Next(depth <= 0 ? 6 : 8);
        return kind switch
        {
            0 => "null",
            1 => _rng.Next(2) == 0 ? "true" : "false",
            2 => _rng.Next(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture),
            3 => (_rng.NextDouble() * 1e6).ToString("R", CultureInfo.InvariantCulture),
            4 => JsonSerializer.Serialize(RandomString()),
            5 => new[] { "1e308", "-0", "0.0000001", "123456789012345678901234567890", "\"\"" }[_rng.Next(5)],
            6 => "[" + string.Join(',', Enumerable.Range(0, _rng.Next(4)).Select(_ => RandomJson(depth - 1))) + "]",
            _ => RandomObject(depth - 1),
        };
    }

    private string RandomObject(int depth) =>
        "{" + string.Join(',', Enumerable.Range(0, _rng.Next(4)).Select(_ => JsonSerializer.Serialize(RandomString()) + ":" + RandomJson(depth - 1))) + "}";

    private string RandomString()
    {
        const string Alphabet = "abcxyz019_-./%?#&= \\\"'\t<>ü日😀";
        var chars = new StringBuilder();
        var length = _rng.Next(12);
        for (var i = 0; i < length; i++)
        {
            chars.Append(Alphabet[_rng.Next(Alphabet.Length)]);
        }

        return chars.ToString();
    }

    private static byte[] Concat(string a, byte[] b, string c) => [.. Encoding.UTF8.GetBytes(a), .. b, .. Encoding.UTF8.GetBytes(c)];

    private static byte[] Concat(string a, byte[] b, string c, byte[] d, string e) =>
        [.. Encoding.UTF8.GetBytes(a), .. b, .. Encoding.UTF8.GetBytes(c), .. d, .. Encoding.UTF8.GetBytes(e)];
}
