namespace CaoOps.Mcp;

/// <summary>
/// Stdin for the MCP transport. It reports end of input only once every request already read has been answered,
/// because the transport stops writing the moment it sees EOF — otherwise <c>echo '{…"method":"ping"}' | cao-ops mcp</c>
/// would print nothing. Calls still running <paramref name="grace"/> after EOF are cancelled and answer with an error
/// (see <see cref="RequestTracker"/>), so a hung call cannot hold the process.
/// </summary>
internal sealed class DrainingInputStream(Stream inner, RequestTracker tracker, TimeSpan grace) : Stream
{
    /// <summary>Only for an answer that can never come; every request the tracker counts is answered well before.</summary>
    private static readonly TimeSpan Backstop = TimeSpan.FromSeconds(5);

    private readonly MemoryStream _line = new();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // A read from a pipe or terminal ignores cancellation: stop waiting for it when the transport shuts down.
        var read = await inner.ReadAsync(buffer, cancellationToken).AsTask().WaitAsync(cancellationToken).ConfigureAwait(false);
        if (read > 0)
        {
            Scan(buffer.Span[..read]);
            return read;
        }

        await tracker.DrainAsync(grace, Backstop, cancellationToken).ConfigureAwait(false);
        return 0;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count, CancellationToken.None).GetAwaiter().GetResult();

    private void Scan(ReadOnlySpan<byte> data)
    {
        while (!data.IsEmpty)
        {
            var newline = data.IndexOf((byte)'\n');
            if (newline < 0)
            {
                _line.Write(data);
                return;
            }

            if (_line.Length == 0)
            {
                tracker.Observe(data[..newline]);
            }
            else
            {
                _line.Write(data[..newline]);
                tracker.Observe(_line.GetBuffer().AsSpan(0, (int)_line.Length));
                _line.SetLength(0);
            }

            data = data[(newline + 1)..];
        }
    }

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
            _line.Dispose();
            inner.Dispose();
        }

        base.Dispose(disposing);
    }
}
