namespace MicroMorph.Core.IO.Png;

/// <summary>A read-only stream over the concatenated data of the IDAT chunks of a PNG held in memory.</summary>
internal sealed class PngSegmentStream : Stream
{
    private readonly byte[] _file;
    private readonly IReadOnlyList<(int Offset, int Length)> _segments;
    private int _segment;
    private int _inSegment;

    public PngSegmentStream(byte[] file, IReadOnlyList<(int Offset, int Length)> segments)
    {
        _file = file;
        _segments = segments;
    }

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
        while (_segment < _segments.Count)
        {
            var (start, length) = _segments[_segment];
            int left = length - _inSegment;
            if (left > 0)
            {
                int n = Math.Min(left, buffer.Length);
                _file.AsSpan(start + _inSegment, n).CopyTo(buffer);
                _inSegment += n;
                return n;
            }

            _segment++;
            _inSegment = 0;
        }

        return 0;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
