using System.Globalization;
using System.Text;

namespace CaoOps.E2E.Tests.Robustness;

/// <summary>One framing fuzz line: whether JSON-RPC requires an answer, and the id the answer must carry (null: "id": null or not checked).</summary>
internal sealed record FramingLine(string Category, byte[] Bytes, bool Answered, string? Id);

/// <summary>
/// Seeded generator of stdin lines whose correct treatment is known: requests (answered with their id), notifications
/// and responses (never answered), malformed lines of every class (answered once, with "id": null when the id cannot
/// be used). Random parts (garbage, truncation points, whitespace, BOMs, carriage returns) vary the bytes; no line
/// starts long-running work.
/// </summary>
internal sealed class FramingFuzz(int seed)
{
    private static readonly string[] BadIds = ["null", "1.5", "-0.0", "1e3", "{}", "{\"id\":1}", "[]", "[\"a\"]", "true", "false", "9223372036854775808", "-9223372036854775809", "\"\\ud800\""];
    private static readonly string[] Methods = ["ping", "tools/list", "no/such/method", "prompts/list", "resources/list"];

    private static readonly string[] BadParams =
    [
        "5", "\"x\"", "[1]", "true",
    ];

    private readonly Random _rng = new(seed);
    private int _next;

    public List<FramingLine> Generate(int count)
    {
        var makers = new Func<FramingLine>[]
        {
            Request, Request, Request, Notification, Response, BadId, Batch, Garbage, BinaryGarbage, Truncated, Bom, CarriageReturns,
            BadParamsRequest, BadParamsNotification, BadEnvelope, Deep, NonObject, Blank, InvalidUtf8InString,
        };
        var lines = new List<FramingLine>(count + 2);
        for (var i = 0; i < count; i++)
        {
            lines.Add(makers[_rng.Next(makers.Length)]());
        }

        var id = NewId("o");
        lines.Insert(_rng.Next(lines.Count), new FramingLine("over the cap", Encoding.UTF8.GetBytes(
            $"{{\"jsonrpc\":\"2.0\",\"id\":\"{id}\",\"method\":\"ping\",\"params\":{{\"pad\":\"{new string('p', 5 * 1024 * 1024)}\"}}}}"), true, id));
        return lines;
    }

    private string NewId(string prefix = "f") => $"{prefix}-{(_next++).ToString(CultureInfo.InvariantCulture)}";

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

    private static string Req(string id, string method, string? parameters = null) =>
        $"{{\"jsonrpc\":\"2.0\",\"id\":\"{id}\",\"method\":\"{method}\"{(parameters is null ? string.Empty : ",\"params\":" + parameters)}}}";

    private FramingLine Request()
    {
        var id = NewId();
        var line = _rng.Next(4) == 0
            ? Req(id, "tools/call", _rng.Next(2) == 0 ? "{\"name\":\"list_sessions\",\"arguments\":{}}" : "{\"name\":\"no_such_tool\"}")
            : Req(id, Methods[_rng.Next(Methods.Length)]);
        return new FramingLine("request", Utf8(line), true, id);
    }

    private FramingLine Notification() =>
        new("notification", Utf8($"{{\"jsonrpc\":\"2.0\",\"method\":\"notifications/{(_rng.Next(2) == 0 ? "initialized" : "made_up")}\"}}"), false, null);

    private FramingLine Response()
    {
        var id = NewId();
        var body = _rng.Next(2) == 0 ? "\"result\":{}" : "\"error\":{\"code\":-1,\"message\":\"m\"}";
        return new FramingLine("response", Utf8($"{{\"jsonrpc\":\"2.0\",\"id\":\"{id}\",{body}}}"), false, id);
    }

    private FramingLine BadId() =>
        new("bad id", Utf8($"{{\"jsonrpc\":\"2.0\",\"id\":{BadIds[_rng.Next(BadIds.Length)]},\"method\":\"ping\"}}"), true, null);

    private FramingLine Batch()
    {
        var inner = Enumerable.Range(0, _rng.Next(0, 3)).Select(_ => Req(NewId("b"), "ping"));
        return new FramingLine("batch", Utf8($"[{string.Join(',', inner)}]"), true, null);
    }

    private FramingLine Garbage()
    {
        var chars = new char[_rng.Next(1, 200)];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)_rng.Next(0x21, 0x7F);
        }

        return new FramingLine("garbage", Utf8(new string(chars)), true, null);
    }

    private FramingLine BinaryGarbage()
    {
        var bytes = new byte[_rng.Next(1, 200)];
        _rng.NextBytes(bytes);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] is (byte)'\n' or (byte)'\r' or (byte)' ' or (byte)'\t')
            {
                bytes[i] = 0xFF;
            }
        }

        return new FramingLine("binary garbage", bytes, true, null);
    }

    private FramingLine Truncated()
    {
        // "t-" ids: the answer carries the id only when the cut falls after it.
        var full = Utf8(Req(NewId("t"), "tools/call", "{\"name\":\"list_sessions\",\"arguments\":{\"x\":[1,2,{\"y\":\"z\"}]}}"));
        return new FramingLine("truncated", full[..(_rng.Next(1, full.Length - 1))], true, null);
    }

    private FramingLine Bom()
    {
        var id = NewId();
        return new FramingLine("bom", [0xEF, 0xBB, 0xBF, .. Utf8(Req(id, "ping"))], true, id);
    }

    private FramingLine CarriageReturns()
    {
        var id = NewId();
        return new FramingLine("carriage returns", Utf8($"\r{{\"jsonrpc\":\"2.0\",\r\"id\":\"{id}\",\r\t\"method\":\"ping\"}}\r"), true, id);
    }

    private FramingLine BadParamsRequest()
    {
        var id = NewId();
        var parameters = _rng.Next(5) switch
        {
            0 => BadParams[_rng.Next(BadParams.Length)],
            1 => "{\"arguments\":{}}",
            2 => "{\"name\":\"list_sessions\",\"arguments\":" + BadParams[_rng.Next(BadParams.Length)] + "}",
            3 => "{\"name\":\"list_sessions\",\"_meta\":" + BadParams[_rng.Next(BadParams.Length)] + "}",
            _ => "{\"name\":\"list_sessions\",\"arguments\":{\"s\":\"\\udfff\"}}",
        };
        return new FramingLine("bad params", Utf8(Req(id, "tools/call", parameters)), true, id);
    }

    private FramingLine BadParamsNotification() =>
        new("bad params notification", Utf8($"{{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{BadParams[_rng.Next(BadParams.Length)]}}}"), false, null);

    private FramingLine BadEnvelope()
    {
        var id = NewId();
        var line = _rng.Next(3) switch
        {
            0 => $"{{\"id\":\"{id}\",\"method\":\"ping\"}}",
            1 => $"{{\"jsonrpc\":\"1.0\",\"id\":\"{id}\",\"method\":\"ping\"}}",
            _ => $"{{\"jsonrpc\":\"2.0\",\"id\":\"{id}\",\"method\":{BadParams[_rng.Next(BadParams.Length)]}}}",
        };
        return new FramingLine("bad envelope", Utf8(line), true, id);
    }

    private FramingLine Deep()
    {
        var id = NewId();
        var depth = _rng.Next(65, 5_000);
        return new FramingLine("deep", Utf8(Req(id, "ping", "{\"x\":" + new string('[', depth) + new string(']', depth) + "}")), true, id);
    }

    private FramingLine NonObject()
    {
        string[] values = ["1", "-2.5", "\"ping\"", "null", "true", "false"];
        return new FramingLine("non-object", Utf8(values[_rng.Next(values.Length)]), true, null);
    }

    private FramingLine Blank()
    {
        string[] blanks = [string.Empty, " ", "\t", "\r", " \t \r"];
        return new FramingLine("blank", Utf8(blanks[_rng.Next(blanks.Length)]), false, null);
    }

    private FramingLine InvalidUtf8InString()
    {
        var id = NewId();
        return new FramingLine("invalid UTF-8", [.. Utf8($"{{\"jsonrpc\":\"2.0\",\"id\":\"{id}\",\"method\":\"ping\",\"params\":{{\"x\":\""), 0xC3, 0x28, 0xFF, .. Utf8("\"}}")], true, id);
    }
}
