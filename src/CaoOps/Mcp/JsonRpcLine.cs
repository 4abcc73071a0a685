using System.Text.Json;
using ModelContextProtocol.Protocol;

namespace CaoOps.Mcp;

/// <summary>What the stdin filter does with one line.</summary>
internal enum LineAction
{
    /// <summary>Blank, or a message JSON-RPC says gets no answer (a notification or response we cannot use).</summary>
    Skip,

    /// <summary>A well-formed message: handed to the SDK.</summary>
    Forward,

    /// <summary>Malformed: cao-ops answers it itself with <see cref="LineVerdict.Code"/> and <see cref="LineVerdict.Message"/>.</summary>
    Answer,
}

/// <summary>
/// The verdict on one line. <see cref="Id"/> is the request id (default: JSON null) for a forwarded request or an answer;
/// <see cref="Cancelled"/> the request a forwarded <c>notifications/cancelled</c> names.
/// </summary>
internal readonly record struct LineVerdict(LineAction Action, RequestId Id = default, bool IsRequest = false, RequestId? Cancelled = null, int Code = 0, string? Message = null)
{
    public static LineVerdict Error(int code, string message, RequestId id = default) => new(LineAction.Answer, id, Code: code, Message: message);

    public JsonRpcError ToError() => new() { Id = Id, Error = new JsonRpcErrorDetail { Code = Code, Message = Message! } };
}

/// <summary>
/// One cheap pass (Utf8JsonReader, no allocation beyond the method name) over a stdin line that decides whether the SDK
/// may see it. The SDK answers nothing for invalid JSON without a readable id, batches, bad ids or a bad envelope, and
/// answers -32603 "An error occurred." for params of the wrong type; here they get -32700, -32600 (id null when the id
/// itself is the problem, as JSON-RPC 2.0 requires) and -32602. Everything forwarded deserializes in the SDK exactly as
/// classified here, so <see cref="RequestTracker"/> counts the same requests the SDK answers.
/// </summary>
internal static class JsonRpcLine
{
    public const int ParseError = -32700;
    public const int InvalidRequest = -32600;
    public const int InvalidParams = -32602;

    /// <summary>The SDK's own reader depth (McpJsonUtilities.DefaultOptions, the System.Text.Json default).</summary>
    public const int MaxDepth = 64;

    private static readonly string[] LogLevels = ["debug", "info", "notice", "warning", "error", "critical", "alert", "emergency"];

    /// <summary>A UTF-8 byte order mark at the start of a line is stripped (RFC 8259 §8.1 lets a parser ignore it).</summary>
    public static ReadOnlySpan<byte> WithoutBom(ReadOnlySpan<byte> line) => line.StartsWith("\uFEFF"u8) ? line[3..] : line;

    public static bool IsBlank(ReadOnlySpan<byte> line) => line.IndexOfAnyExcept(" \t\r"u8) < 0;

    public static LineVerdict Classify(ReadOnlySpan<byte> line)
    {
        line = WithoutBom(line);
        if (IsBlank(line))
        {
            return new LineVerdict(LineAction.Skip);
        }

        try
        {
            return ClassifyJson(line);
        }
        catch (InvalidOperationException)
        {
            // An escaped lone surrogate where a name or value is compared (.NET cannot unescape it).
            var id = TryRecoverId(line, isFinalBlock: true, out var recovered) ? recovered : default;
            return LineVerdict.Error(InvalidRequest, "Invalid request: a member name or value contains invalid Unicode (an unpaired surrogate escape).", id);
        }
        catch (JsonException ex)
        {
            var id = TryRecoverId(line, isFinalBlock: true, out var recovered) ? recovered : default;
            return LineVerdict.Error(ParseError, $"Parse error: each line must be one JSON-RPC message as UTF-8 JSON, nested at most {MaxDepth} levels ({Clip(ex.Message)}).", id);
        }
    }

    /// <summary>The answer for a line longer than <paramref name="maxBytes"/>; the id is read from the line's start when it comes first.</summary>
    public static LineVerdict TooLong(ReadOnlySpan<byte> prefix, long length, int maxBytes)
    {
        var id = TryRecoverId(WithoutBom(prefix), isFinalBlock: false, out var recovered) ? recovered : default;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return LineVerdict.Error(InvalidRequest,
            $"Invalid request: the message is {length.ToString("N0", inv)} bytes; cao-ops reads at most {maxBytes.ToString("N0", inv)} bytes "
            + "per message and discarded it. Send smaller arguments.", id);
    }

    private static LineVerdict ClassifyJson(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = MaxDepth });
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            var batch = reader.TokenType == JsonTokenType.StartArray;
            reader.Skip();
            EnsureEnd(ref reader);
            return LineVerdict.Error(InvalidRequest, batch
                ? "Invalid request: JSON-RPC batches (arrays) are not supported by MCP; send one message per line."
                : "Invalid request: a JSON-RPC message must be a JSON object.");
        }

        var env = default(Envelope);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            // The SDK reads every top-level name as a string: one .NET cannot hold (an escaped lone surrogate) would fail it.
            if (reader.ValueIsEscaped && TryGetString(ref reader) is null)
            {
                env.BadName = true;
                reader.Read();
                reader.Skip();
                continue;
            }

            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                reader.Read();
                env.HasJsonRpc = true;
                env.BadJsonRpc |= reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals("2.0"u8);
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                env.BadId |= !TryReadId(ref reader, out env.Id); // the SDK reads every occurrence; the last one counts
                env.HasId = true;
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                env.HasMethod = true;
                env.Method = reader.TokenType == JsonTokenType.String ? TryGetString(ref reader) : null;
                env.BadMethod |= env.Method is null;
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                env.Params = reader.TokenType;
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    ReadParams(ref reader, ref env);
                }
            }
            else if (reader.ValueTextEquals("result"u8))
            {
                reader.Read();
                env.HasResult = true;
            }
            else if (reader.ValueTextEquals("error"u8))
            {
                reader.Read();
                env.Error = reader.TokenType;
                env.ErrorOk = reader.TokenType == JsonTokenType.StartObject && ReadErrorObject(ref reader);
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        EnsureEnd(ref reader);
        return Decide(in env);
    }

    private static LineVerdict Decide(in Envelope env)
    {
        var idOk = env.HasId && !env.BadId;
        var id = idOk ? env.Id : default;
        if (env.BadName)
        {
            return LineVerdict.Error(InvalidRequest, "Invalid request: a member name contains invalid Unicode (an unpaired surrogate escape).", id);
        }

        if (!env.HasMethod && (env.HasResult || env.Error != JsonTokenType.None))
        {
            // A response from the client: never answered (its id may be null). One the SDK could not read is dropped here.
            var usable = env.HasJsonRpc && !env.BadJsonRpc && idOk && (env.Error == JsonTokenType.None || env.ErrorOk);
            return usable ? new LineVerdict(LineAction.Forward, id) : new LineVerdict(LineAction.Skip);
        }

        if (env.HasId && !idOk)
        {
            return LineVerdict.Error(InvalidRequest, "Invalid request: \"id\" must be a string or an integer (64-bit); null, fractions, objects, arrays and booleans are not ids.");
        }

        if (!env.HasJsonRpc || env.BadJsonRpc)
        {
            return LineVerdict.Error(InvalidRequest, "Invalid request: \"jsonrpc\" must be \"2.0\".", id);
        }

        if (!env.HasMethod)
        {
            return LineVerdict.Error(InvalidRequest, "Invalid request: a message needs a \"method\" (a request or notification) or a \"result\"/\"error\" (a response).", id);
        }

        if (env.BadMethod)
        {
            return LineVerdict.Error(InvalidRequest, "Invalid request: \"method\" must be a string.", id);
        }

        if (env.Error != JsonTokenType.None)
        {
            return LineVerdict.Error(InvalidRequest, "Invalid request: a request or notification cannot carry \"error\".", id);
        }

        var problem = ParamsProblem(in env);
        if (!env.HasId)
        {
            // A notification is never answered, not even when its params are wrong.
            return problem is not null ? new LineVerdict(LineAction.Skip)
                : new LineVerdict(LineAction.Forward, Cancelled: env.Method == NotificationMethods.CancelledNotification && env.CancelledOk ? env.CancelledId : null);
        }

        return problem is not null ? LineVerdict.Error(InvalidParams, $"Invalid params: {problem}", id) : new LineVerdict(LineAction.Forward, id, IsRequest: true);
    }

    private static string? ParamsProblem(in Envelope env)
    {
        if (env.Params is not (JsonTokenType.None or JsonTokenType.Null or JsonTokenType.StartObject))
        {
            return $"\"params\" must be an object, got {Kind(env.Params)}.";
        }

        if (env.Meta is not (JsonTokenType.None or JsonTokenType.Null or JsonTokenType.StartObject))
        {
            return $"\"params._meta\" must be an object, got {Kind(env.Meta)}.";
        }

        switch (env.Method)
        {
            case RequestMethods.ToolsCall:
                if (env.Name != JsonTokenType.String)
                {
                    return env.Name == JsonTokenType.None
                        ? "tools/call needs \"params.name\", the name of the tool (tools/list lists them)."
                        : $"\"params.name\" must be a string (the tool name), got {Kind(env.Name)}.";
                }

                if (env.Arguments is not (JsonTokenType.None or JsonTokenType.Null or JsonTokenType.StartObject))
                {
                    return $"\"params.arguments\" must be an object of named arguments, got {Kind(env.Arguments)}.";
                }

                return null;
            case "logging/setLevel":
                return env.LevelOk ? null : $"logging/setLevel needs \"params.level\", one of {string.Join(", ", LogLevels)}.";
            default:
                return null;
        }
    }

    /// <summary>Notes the kinds of the few params members that are checked; reads the params object to its end.</summary>
    private static void ReadParams(ref Utf8JsonReader reader, ref Envelope env)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("_meta"u8))
            {
                reader.Read();
                env.Meta = reader.TokenType;
            }
            else if (reader.ValueTextEquals("name"u8))
            {
                reader.Read();
                env.Name = reader.TokenType;
            }
            else if (reader.ValueTextEquals("arguments"u8))
            {
                reader.Read();
                env.Arguments = reader.TokenType;
            }
            else if (reader.ValueTextEquals("level"u8))
            {
                reader.Read();
                env.LevelOk = reader.TokenType == JsonTokenType.String && TryGetString(ref reader) is { } level
                    && LogLevels.Contains(level, StringComparer.OrdinalIgnoreCase);
            }
            else if (reader.ValueTextEquals("requestId"u8))
            {
                reader.Read();
                env.CancelledOk = TryReadId(ref reader, out env.CancelledId);
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }
    }

    /// <summary>Whether a response's error object has what the SDK requires (an integer code, a string message); reads it to its end.</summary>
    private static bool ReadErrorObject(ref Utf8JsonReader reader)
    {
        bool code = false, message = false, bad = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("code"u8))
            {
                reader.Read();
                code = reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out _);
                bad |= !code;
            }
            else if (reader.ValueTextEquals("message"u8))
            {
                reader.Read();
                message = reader.TokenType == JsonTokenType.String && TryGetString(ref reader) is not null;
                bad |= !message;
            }
            else
            {
                reader.Read();
            }

            reader.Skip();
        }

        return code && message && !bad;
    }

    private static bool TryReadId(ref Utf8JsonReader reader, out RequestId id)
    {
        id = default;
        switch (reader.TokenType)
        {
            case JsonTokenType.String when TryGetString(ref reader) is { } s:
                id = new RequestId(s);
                return true;
            case JsonTokenType.Number when reader.TryGetInt64(out var n):
                id = new RequestId(n);
                return true;
            default:
                return false;
        }
    }

    /// <summary>Null for a string .NET cannot hold (an unpaired surrogate escape, invalid UTF-8).</summary>
    private static string? TryGetString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString();
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void EnsureEnd(ref Utf8JsonReader reader)
    {
        if (reader.Read())
        {
            throw new JsonException("more than one JSON value on the line");
        }
    }

    /// <summary>Best effort, as the SDK does for lines it cannot read: the top-level "id" when it can be read before the problem.</summary>
    private static bool TryRecoverId(ReadOnlySpan<byte> line, bool isFinalBlock, out RequestId id)
    {
        id = default;
        try
        {
            var reader = new Utf8JsonReader(line, isFinalBlock, new JsonReaderState(new JsonReaderOptions { MaxDepth = int.MaxValue }));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isId = reader.ValueTextEquals("id"u8);
                if (!reader.Read())
                {
                    return false;
                }

                if (isId)
                {
                    return TryReadId(ref reader, out id);
                }

                if (!reader.TrySkip())
                {
                    return false;
                }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
        }

        return false;
    }

    private static string Kind(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => "null",
    };

    private static string Clip(string s) => s.Length <= 200 ? s : string.Concat(s.AsSpan(0, 197), "...");

    private struct Envelope
    {
        public bool HasJsonRpc;
        public bool BadJsonRpc;
        public bool BadName;
        public bool HasId;
        public bool BadId;
        public RequestId Id;
        public bool HasMethod;
        public bool BadMethod;
        public string? Method;
        public JsonTokenType Params;
        public JsonTokenType Meta;
        public JsonTokenType Name;
        public JsonTokenType Arguments;
        public bool LevelOk;
        public bool CancelledOk;
        public RequestId CancelledId;
        public bool HasResult;
        public JsonTokenType Error;
        public bool ErrorOk;
    }
}
