namespace GptBot.Tests.Llm.OpenAiCompatible;

/// <summary>
/// A response body that hands out at most <paramref name="readSize"/> bytes per read, as TCP may split an SSE event
/// anywhere; with <paramref name="cutAtEnd"/> it then fails like a connection that broke off.
/// </summary>
internal sealed class TrickleStream(byte[] data, int readSize, bool cutAtEnd = false) : Stream
{
    private int _position;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position == data.Length && cutAtEnd)
        {
            throw new IOException("The response ended prematurely.");
        }

        var size = Math.Min(Math.Min(readSize, buffer.Length), data.Length - _position);
        data.AsSpan(_position, size).CopyTo(buffer);
        _position += size;
        return size;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush() => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
