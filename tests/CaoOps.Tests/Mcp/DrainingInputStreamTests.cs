using System.Text;
using CaoOps.Mcp;
using ModelContextProtocol.Protocol;

namespace CaoOps.Tests.Mcp;

/// <summary>The filtered stdin: what the transport reads, what is answered, and that a huge line costs the cap, not its size.</summary>
public class DrainingInputStreamTests
{
    private static (string Forwarded, List<JsonRpcError> Answers) Run(Stream input, int maxLine = DrainingInputStream.MaxLineBytes)
    {
        using var tracker = new RequestTracker();
        var answers = new List<JsonRpcError>();
        using var stream = new DrainingInputStream(input, tracker, TimeSpan.Zero, maxLine)
        {
            Reply = (m, _) =>
            {
                answers.Add((JsonRpcError)m);
                if (m is JsonRpcMessageWithId { Id.Id: not null } withId)
                {
                    tracker.Answered(withId.Id);
                }

                return Task.CompletedTask;
            },
        };
        using var output = new MemoryStream();
        var buffer = new byte[1000];
        int n;
        while ((n = stream.ReadAsync(buffer, 0, buffer.Length, CancellationToken.None).GetAwaiter().GetResult()) > 0)
        {
            output.Write(buffer, 0, n);
        }

        return (Encoding.UTF8.GetString(output.ToArray()), answers);
    }

    [Fact]
    public void Only_well_formed_lines_reach_the_transport_and_the_rest_are_answered()
    {
        var input = "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "garbage\n"
            + "\n"
            + "[1,2]\n"
            + "\uFEFF{\"jsonrpc\":\"2.0\",\"id\":\"bom\",\"method\":\"ping\"}\r\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":\"ws\",\r\"method\":\"ping\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":true,\"method\":\"ping\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"ping\"}"; // no final newline
        var (forwarded, answers) = Run(new MemoryStream(Encoding.UTF8.GetBytes(input)));
        Assert.Equal(
            "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":\"bom\",\"method\":\"ping\"} \n"
            + "{\"jsonrpc\":\"2.0\",\"id\":\"ws\", \"method\":\"ping\"}\n"
            + "{\"jsonrpc\":\"2.0\",\"id\":\"last\",\"method\":\"ping\"}\n",
            forwarded);
        Assert.Equal([-32700, -32600, -32600], answers.Select(a => a.Error.Code));
        Assert.All(answers, a => Assert.Null(a.Id.Id));
    }

    [Fact]
    public void Lines_split_across_reads_are_reassembled() =>
        Assert.Equal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n",
            Run(new TrickleStream(Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"}\n"), 3)).Forwarded);

    [Fact]
    public void A_line_over_the_cap_is_answered_and_dropped_and_the_next_line_still_passes()
    {
        var head = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":\"big\",\"method\":\"tools/call\",\"params\":{\"name\":\"x\",\"arguments\":{\"q\":\"");
        var tail = Encoding.UTF8.GetBytes("\"}}}\n{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"method\":\"ping\"}\n");
        var (forwarded, answers) = Run(new GeneratedLineStream(head, 200_000, tail), maxLine: 64 * 1024);
        Assert.Equal("{\"jsonrpc\":\"2.0\",\"id\":\"after\",\"method\":\"ping\"}\n", forwarded);
        var answer = Assert.Single(answers);
        Assert.Equal((-32600, "big"), (answer.Error.Code, answer.Id.Id));
    }

    [Fact]
    public void An_80_MB_line_costs_memory_bounded_by_the_cap()
    {
        var head = Encoding.UTF8.GetBytes("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/call\",\"params\":{\"name\":\"find_profiles\",\"arguments\":{\"query\":\"");
        var tail = Encoding.UTF8.GetBytes("\"}}}\n");
        var before = GC.GetAllocatedBytesForCurrentThread();
        var (forwarded, answers) = Run(new GeneratedLineStream(head, 80 * 1024 * 1024, tail));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Empty(forwarded);
        Assert.Equal(-32600, Assert.Single(answers).Error.Code);
        Assert.True(allocated < 4L * DrainingInputStream.MaxLineBytes, $"allocated {allocated:N0} bytes for an 80 MB line");
    }

    /// <summary>Returns at most <c>chunk</c> bytes per read.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }

    /// <summary><c>head</c>, then <c>size</c> bytes of 'x', then <c>tail</c>, without ever holding the line.</summary>
    private sealed class GeneratedLineStream(byte[] head, long size, byte[] tail) : Stream
    {
        private long _position;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => head.Length + size + tail.Length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count && _position < Length)
            {
                int n;
                if (_position < head.Length)
                {
                    n = Math.Min(count - written, head.Length - (int)_position);
                    Array.Copy(head, (int)_position, buffer, offset + written, n);
                }
                else if (_position < head.Length + size)
                {
                    n = (int)Math.Min(count - written, head.Length + size - _position);
                    buffer.AsSpan(offset + written, n).Fill((byte)'x');
                }
                else
                {
                    var at = (int)(_position - head.Length - size);
                    n = Math.Min(count - written, tail.Length - at);
                    Array.Copy(tail, at, buffer, offset + written, n);
                }

                written += n;
                _position += n;
            }

            return written;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            System.Runtime.InteropServices.MemoryMarshal.TryGetArray<byte>(buffer, out var segment)
                ? ValueTask.FromResult(Read(segment.Array!, segment.Offset, segment.Count))
                : throw new NotSupportedException("array-backed buffers only");

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
