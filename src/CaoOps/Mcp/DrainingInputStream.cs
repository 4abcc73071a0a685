using ModelContextProtocol.Protocol;

namespace CaoOps.Mcp;

/// <summary>
/// Stdin for the MCP transport, filtered line by line. Only well-formed JSON-RPC messages reach the SDK (see
/// <see cref="JsonRpcLine"/>); a malformed line is answered here through <see cref="Reply"/> (the transport's own,
/// serialised writer) so a client never waits on a message the server read. A line longer than
/// <see cref="MaxLineBytes"/> is answered and discarded as it streams by: memory is bounded by the cap, not the line.
/// End of input is reported only once every request already read has been answered, because the transport stops
/// writing the moment it sees EOF; calls still running <paramref name="grace"/> after EOF are cancelled and answer with
/// an error (see <see cref="RequestTracker"/>), so a hung call cannot hold the process.
/// </summary>
internal sealed class DrainingInputStream(Stream inner, RequestTracker tracker, TimeSpan grace, int maxLineBytes = DrainingInputStream.MaxLineBytes) : Stream
{
    /// <summary>The largest message read: far above any valid call (the longest argument is 100,000 characters).</summary>
    public const int MaxLineBytes = 4 * 1024 * 1024;

    /// <summary>Only for an answer that can never come; every request the tracker counts is answered well before.</summary>
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(5);

    private readonly byte[] _input = new byte[64 * 1024];
    private int _inputStart;
    private int _inputEnd;

    /// <summary>The line being assembled when it spans reads (at most <c>maxLineBytes</c> are kept).</summary>
    private byte[] _line = new byte[4096];
    private int _lineLength;
    private long _lineTotal;

    /// <summary>Forwarded bytes not yet handed to the transport.</summary>
    private byte[] _output = new byte[4096];
    private int _outputStart;
    private int _outputEnd;
    private bool _ended;

    /// <summary>Writes a message to stdout (set to the transport's SendMessageAsync once it exists).</summary>
    public Func<JsonRpcMessage, CancellationToken, Task>? Reply { get; set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            if (_outputEnd > _outputStart)
            {
                var n = Math.Min(buffer.Length, _outputEnd - _outputStart);
                _output.AsSpan(_outputStart, n).CopyTo(buffer.Span);
                _outputStart += n;
                return n;
            }

            if (_inputEnd > _inputStart)
            {
                await NextLineAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (_ended)
            {
                await tracker.DrainAsync(grace, Backstop, cancellationToken).ConfigureAwait(false);
                return 0;
            }

            // A read from a pipe or terminal ignores cancellation: stop waiting for it when the transport shuts down.
            var read = await inner.ReadAsync(_input, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
            _inputStart = 0;
            _inputEnd = read;
            if (read == 0)
            {
                _ended = true;
                if (_lineTotal > 0)
                {
                    await EndLineAsync(default, cancellationToken).ConfigureAwait(false); // a last line without a newline is still a line
                }
            }
        }
    }

    /// <summary>Consumes input up to and including the next newline (or all of it), handling a completed line.</summary>
    private async ValueTask NextLineAsync(CancellationToken cancellationToken)
    {
        var available = _input.AsMemory(_inputStart, _inputEnd - _inputStart);
        var newline = available.Span.IndexOf((byte)'\n');
        var part = newline < 0 ? available : available[..newline];
        _inputStart += newline < 0 ? part.Length : newline + 1;
        if (newline >= 0 && _lineTotal == 0)
        {
            await EndLineAsync(part, cancellationToken).ConfigureAwait(false); // the whole line is in the buffer: no copy
            return;
        }

        Append(part.Span);
        if (newline >= 0)
        {
            await EndLineAsync(default, cancellationToken).ConfigureAwait(false);
        }
    }

    private void Append(ReadOnlySpan<byte> part)
    {
        _lineTotal += part.Length;
        var keep = Math.Min(part.Length, maxLineBytes + 1 - _lineLength); // one byte over the cap marks the line too long
        if (keep <= 0)
        {
            return;
        }

        if (_lineLength + keep > _line.Length)
        {
            Array.Resize(ref _line, (int)Math.Min(Math.Max(_line.Length * 2L, _lineLength + keep), maxLineBytes + 1L));
        }

        part[..keep].CopyTo(_line.AsSpan(_lineLength));
        _lineLength += keep;
    }

    /// <summary>Handles a completed line: <paramref name="whole"/> when it came in one read, otherwise the assembled one.</summary>
    private async ValueTask EndLineAsync(ReadOnlyMemory<byte> whole, CancellationToken cancellationToken)
    {
        var line = _lineTotal == 0 ? whole : _line.AsMemory(0, _lineLength);
        var total = _lineTotal == 0 ? whole.Length : _lineTotal;
        _lineLength = 0;
        _lineTotal = 0;
        var verdict = total > maxLineBytes ? JsonRpcLine.TooLong(line.Span, total, maxLineBytes) : JsonRpcLine.Classify(line.Span);
        ShrinkLineBuffer();
        switch (verdict.Action)
        {
            case LineAction.Forward:
                tracker.Observe(verdict);
                Forward(JsonRpcLine.WithoutBom(line.Span));
                break;
            case LineAction.Answer:
                await AnswerAsync(verdict, cancellationToken).ConfigureAwait(false);
                break;
            default:
                break;
        }
    }

    /// <summary>Queues the line for the transport. A CR (JSON whitespace here: it cannot occur inside a string) would split the line for its reader.</summary>
    private void Forward(ReadOnlySpan<byte> line)
    {
        if (_output.Length < line.Length + 1)
        {
            _output = new byte[Math.Max(line.Length + 1, 4096)];
        }

        line.CopyTo(_output);
        _output.AsSpan(0, line.Length).Replace((byte)'\r', (byte)' ');
        _output[line.Length] = (byte)'\n';
        _outputStart = 0;
        _outputEnd = line.Length + 1;
    }

    private async ValueTask AnswerAsync(LineVerdict verdict, CancellationToken cancellationToken)
    {
        Log.Debug($"answered an invalid input line with {verdict.Code}: {verdict.Message}");
        if (Reply is not { } reply)
        {
            return;
        }

        try
        {
            await reply(verdict.ToError(), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            Log.Debug($"could not answer an invalid input line (stdout closed): {ex.Message}");
        }
    }

    /// <summary>A huge line leaves big buffers behind: give them back once it is done.</summary>
    private void ShrinkLineBuffer()
    {
        if (_line.Length > 256 * 1024)
        {
            _line = new byte[4096];
        }

        if (_output.Length > 256 * 1024 && _outputEnd <= _outputStart)
        {
            _output = new byte[4096];
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
