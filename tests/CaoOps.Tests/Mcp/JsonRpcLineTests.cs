using System.Text;
using System.Text.Json;
using CaoOps.Mcp;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace CaoOps.Tests.Mcp;

/// <summary>The stdin line filter: what reaches the SDK, what is answered here and with which code and id.</summary>
public class JsonRpcLineTests
{
    private static LineVerdict Classify(string line) => JsonRpcLine.Classify(Encoding.UTF8.GetBytes(line));

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"ping"}""")]
    [InlineData("""{"method":"ping","id":"a","jsonrpc":"2.0","params":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":-9223372036854775808,"method":"ping"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"x","arguments":null,"_meta":{"progressToken":1}}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"logging/setLevel","params":{"level":"warning"}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"no/such/method","params":null}""")]
    [InlineData(" \t{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\r")]
    public void Well_formed_requests_are_forwarded_and_counted(string line)
    {
        var v = Classify(line);
        Assert.Equal(LineAction.Forward, v.Action);
        Assert.True(v.IsRequest);
        Assert.NotNull(v.Id.Id);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \t\r")]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/initialized","params":"wrong"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":5,"error":"not an object"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"x"}}""")]
    public void Blank_lines_and_unusable_notifications_or_responses_are_skipped_silently(string line) =>
        Assert.Equal(LineAction.Skip, Classify(line).Action);

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"notifications/initialized"}""")]
    [InlineData("""{"jsonrpc":"2.0","id":5,"result":{}}""")]
    [InlineData("""{"jsonrpc":"2.0","id":"x","error":{"code":1,"message":"m"}}""")]
    public void Notifications_and_responses_are_forwarded_but_not_counted(string line)
    {
        var v = Classify(line);
        Assert.Equal(LineAction.Forward, v.Action);
        Assert.False(v.IsRequest);
    }

    [Fact]
    public void A_cancellation_names_the_request_it_releases()
    {
        var v = Classify("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"r1","reason":"x"}}""");
        Assert.Equal(new RequestId("r1"), v.Cancelled);
    }

    [Theory]
    [InlineData("{", null)]
    [InlineData("not json", null)]
    [InlineData("""{"jsonrpc":"2.0","id":3,"method":"ping",}""", 3L)]
    [InlineData("""{"jsonrpc":"2.0","id":4,"method":"ping"} {"x":1}""", 4L)]
    [InlineData("""{"jsonrpc":"2.0","id":"s","method":"ping","params":{"x":"\q"}}""", "s")]
    public void Invalid_json_is_a_parse_error_with_the_id_when_it_can_be_read(string line, object? id)
    {
        var v = Classify(line);
        Assert.Equal(LineAction.Answer, v.Action);
        Assert.Equal(-32700, v.Code);
        Assert.Equal(id, v.Id.Id);
    }

    [Fact]
    public void Nesting_deeper_than_the_sdk_reads_is_a_parse_error_that_keeps_the_id()
    {
        var v = Classify("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"ping\",\"params\":{\"x\":" + new string('[', 10_000) + new string(']', 10_000) + "}}");
        Assert.Equal((-32700, 9L), (v.Code, v.Id.Id));
        Assert.Contains("64", v.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[]", "batches")]
    [InlineData("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""", "batches")]
    [InlineData("42", "object")]
    [InlineData("\"ping\"", "object")]
    [InlineData("null", "object")]
    [InlineData("""{"jsonrpc":"2.0","id":null,"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":1.5,"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":1.0,"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":1e3,"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":{},"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":[1],"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":true,"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":9223372036854775808,"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":"\ud800","method":"ping"}""", "\"id\"")]
    public void Batches_non_objects_and_invalid_ids_are_invalid_requests_with_a_null_id(string line, string says)
    {
        var v = Classify(line);
        Assert.Equal((LineAction.Answer, -32600), (v.Action, v.Code));
        Assert.Null(v.Id.Id);
        Assert.Contains(says, v.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"id":1,"method":"ping"}""", "jsonrpc")]
    [InlineData("""{"jsonrpc":"1.0","id":1,"method":"ping"}""", "jsonrpc")]
    [InlineData("""{"jsonrpc":2,"id":1,"method":"ping"}""", "jsonrpc")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":7}""", "method")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":null}""", "method")]
    [InlineData("""{"jsonrpc":"2.0","id":1}""", "method")]
    public void A_bad_envelope_with_a_valid_id_is_an_invalid_request_for_that_id(string line, string says)
    {
        var v = Classify(line);
        Assert.Equal((LineAction.Answer, -32600, 1L), (v.Action, v.Code, v.Id.Id));
        Assert.Contains(says, v.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","id":true,"id":1,"method":"ping"}""", "\"id\"")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":5,"method":"ping"}""", "method")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"ping","error":5}""", "error")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"ping","\ud800":1}""", "Unicode")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"\ud800":1,"method":"ping"}""", "Unicode")]
    [InlineData("""{"jsonrpc":"2.0\udc00","id":1,"method":"ping"}""", "Unicode")]
    [InlineData("""{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"\ud800":1,"name":"x"}}""", "Unicode")]
    public void Whatever_the_sdk_would_fail_to_read_is_answered_here(string line, string says)
    {
        // A forwarded request the SDK cannot deserialize would be answered outside the tracker (or not at all).
        var v = Classify(line);
        Assert.Equal((LineAction.Answer, -32600), (v.Action, v.Code));
        Assert.Contains(says, v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_invalid_notification_is_still_answered_with_a_null_id() =>
        Assert.Equal((-32600, (object?)null), (Classify("""{"jsonrpc":"2.0","method":1,"params":"bar"}""").Code, Classify("""{"jsonrpc":"2.0","method":1,"params":"bar"}""").Id.Id));

    [Theory]
    [InlineData("ping", "5", "\"params\" must be an object")]
    [InlineData("ping", "[1]", "\"params\" must be an object")]
    [InlineData("tools/list", """{"_meta":"x"}""", "_meta")]
    [InlineData("tools/call", """{"arguments":{}}""", "params.name")]
    [InlineData("tools/call", "null", "params.name")]
    [InlineData("tools/call", """{"name":5}""", "params.name")]
    [InlineData("tools/call", """{"name":"list_sessions","arguments":"{}"}""", "params.arguments")]
    [InlineData("tools/call", """{"name":"list_sessions","arguments":[]}""", "params.arguments")]
    [InlineData("logging/setLevel", """{"level":"loud"}""", "params.level")]
    [InlineData("logging/setLevel", """{"level":3}""", "params.level")]
    [InlineData("logging/setLevel", "{}", "params.level")]
    public void Params_of_the_wrong_shape_are_invalid_params_for_the_request(string method, string parameters, string says)
    {
        var v = Classify($$"""{"jsonrpc":"2.0","id":"p","method":"{{method}}","params":{{parameters}}}""");
        Assert.Equal((LineAction.Answer, -32602, "p"), (v.Action, v.Code, v.Id.Id));
        Assert.Contains(says, v.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_byte_order_mark_is_stripped()
    {
        var line = Encoding.UTF8.GetBytes("\uFEFF{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}");
        Assert.Equal(0xEF, line[0]);
        Assert.Equal(LineAction.Forward, JsonRpcLine.Classify(line).Action);
        Assert.Equal((byte)'{', JsonRpcLine.WithoutBom(line)[0]);
    }

    [Fact]
    public void A_too_long_line_is_refused_with_the_id_read_from_its_start()
    {
        var start = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"tools/call\",\"params\":{\"arguments\":{\"message\":\"xxxxxxxx");
        var v = JsonRpcLine.TooLong(start, 80_000_000, 4 * 1024 * 1024);
        Assert.Equal((LineAction.Answer, -32600, "big"), (v.Action, v.Code, v.Id.Id));
        Assert.Contains("80,000,000 bytes", v.Message, StringComparison.Ordinal);
        Assert.Null(JsonRpcLine.TooLong("{\"params\":{\"x\":\"yyyy"u8, 80_000_000, 1024).Id.Id);
    }

    [Fact]
    public void An_answer_without_an_id_is_written_with_a_json_null_id()
    {
        var error = Classify("[]").ToError();
        var json = JsonSerializer.Serialize<JsonRpcMessage>(error, McpJsonUtilities.DefaultOptions);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("id").ValueKind);
        Assert.Equal("2.0", doc.RootElement.GetProperty("jsonrpc").GetString());
        Assert.Equal(-32600, doc.RootElement.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public void Everything_forwarded_deserializes_in_the_sdk_as_classified()
    {
        // The tracker relies on it: a forwarded request is one the SDK reads as a request (and so answers).
        foreach (var line in new[]
        {
            """{"jsonrpc":"2.0","id":1,"method":"ping"}""",
            """{"jsonrpc":"2.0","id":"x","method":"tools/call","params":{"name":"a","arguments":{"k":[1,{"z":null}]}}}""",
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":1}}""",
            """{"jsonrpc":"2.0","id":2,"result":{"a":1}}""",
            "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"ping\",\"params\":{\"x\":" + new string('[', 60) + new string(']', 60) + "}}",
        })
        {
            var v = Classify(line);
            Assert.Equal(LineAction.Forward, v.Action);
            var message = JsonSerializer.Deserialize(line, McpJsonUtilities.DefaultOptions.GetTypeInfo<JsonRpcMessage>());
            Assert.Equal(v.IsRequest, message is JsonRpcRequest);
            if (message is JsonRpcRequest request)
            {
                Assert.Equal(v.Id, request.Id);
            }
        }
    }

    [Fact]
    public void Seeded_fuzz_never_throws_and_everything_forwarded_reads_in_the_sdk_as_classified()
    {
        string[] seeds =
        [
            """{"jsonrpc":"2.0","id":1,"method":"ping"}""",
            """{"jsonrpc":"2.0","id":"a\u0062","method":"tools/call","params":{"name":"x","arguments":{"k":"\ud83d\ude00"},"_meta":{}}}""",
            """{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"a"}}""",
            """{"jsonrpc":"2.0","id":2,"result":{"x":[1,2]}}""",
            """{"jsonrpc":"2.0","id":3,"error":{"code":1,"message":"m"}}""",
            """{"jsonrpc":"2.0","id":4,"method":"logging/setLevel","params":{"level":"info"}}""",
            """[{"jsonrpc":"2.0","id":5,"method":"ping"}]""",
        ];
        byte[] alphabet = "\\\"{}[],:0123456789.eE-+ udcDC8ntrfal\t\r"u8.ToArray();
        var rng = new Random(20_261_203);
        var info = McpJsonUtilities.DefaultOptions.GetTypeInfo<JsonRpcMessage>();
        var forwarded = 0;
        for (var i = 0; i < 30_000; i++)
        {
            var line = Encoding.UTF8.GetBytes(seeds[rng.Next(seeds.Length)]);
            for (var edits = rng.Next(1, 4); edits > 0; edits--)
            {
                var at = rng.Next(line.Length);
                line[at] = rng.Next(4) == 0 ? (byte)rng.Next(1, 256) : alphabet[rng.Next(alphabet.Length)];
                if (line[at] == (byte)'\n')
                {
                    line[at] = (byte)' ';
                }
            }

            var v = JsonRpcLine.Classify(line); // never throws
            if (v.Action != LineAction.Forward)
            {
                continue;
            }

            forwarded++;
            var text = Encoding.UTF8.GetString(JsonRpcLine.WithoutBom(line)).Replace('\r', ' ');
            var message = JsonSerializer.Deserialize(text, info); // what the SDK does with the forwarded line
            Assert.Equal(v.IsRequest, message is JsonRpcRequest);
            if (message is JsonRpcRequest request)
            {
                Assert.Equal(v.Id, request.Id);
            }
        }

        Assert.InRange(forwarded, 1_000, 29_000);
    }
}
