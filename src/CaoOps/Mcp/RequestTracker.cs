using System.Text.Json;

namespace CaoOps.Mcp;

/// <summary>
/// Counts JSON-RPC requests read from stdin and responses written back, so that on stdin EOF the server can
/// answer what it already received before it lets the transport see the end of input.
/// </summary>
internal sealed class RequestTracker
{
    private long _requests;
    private long _answers;

    public bool AllAnswered => Interlocked.Read(ref _answers) >= Interlocked.Read(ref _requests);

    public void Answered() => Interlocked.Increment(ref _answers);

    /// <summary>Looks at one input line: a JSON object with "method" and "id" is a request that expects an answer.</summary>
    public void Observe(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return;
            }

            bool method = false, id = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                method |= reader.ValueTextEquals("method"u8);
                id |= reader.ValueTextEquals("id"u8);
                if (method && id)
                {
                    Interlocked.Increment(ref _requests);
                    return;
                }

                reader.Read();
                reader.TrySkip();
            }
        }
        catch (JsonException)
        {
            // not a request the SDK will answer
        }
    }
}
