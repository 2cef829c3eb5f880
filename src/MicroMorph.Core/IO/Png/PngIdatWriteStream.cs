using System.Buffers.Binary;

namespace MicroMorph.Core.IO.Png;

/// <summary>A write-only stream that cuts the zlib data it receives into IDAT chunks of at most 64 KiB.</summary>
internal sealed class PngIdatWriteStream : Stream
{
    private const int ChunkSize = 1 << 16;
    private static readonly byte[] IdatType = "IDAT"u8.ToArray();
    private readonly Stream _output;
    private readonly byte[] _buffer = new byte[ChunkSize];
    private int _filled;

    public PngIdatWriteStream(Stream output)
    {
        _output = output;
    }

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (buffer.Length > 0)
        {
            int n = Math.Min(buffer.Length, ChunkSize - _filled);
            buffer[..n].CopyTo(_buffer.AsSpan(_filled));
            _filled += n;
            buffer = buffer[n..];
            if (_filled == ChunkSize)
            {
                Flush();
            }
        }
    }

    /// <summary>Writes the buffered bytes as one IDAT chunk (nothing when empty).</summary>
    public override void Flush()
    {
        if (_filled > 0)
        {
            WriteChunk(_output, IdatType, _buffer.AsSpan(0, _filled));
            _filled = 0;
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    /// <summary>Writes one complete chunk: length, type, data and CRC.</summary>
    internal static void WriteChunk(Stream output, ReadOnlySpan<byte> type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(word, (uint)data.Length);
        output.Write(word);
        output.Write(type);
        output.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, PngCrc32.Compute(type, data));
        output.Write(word);
    }
}
