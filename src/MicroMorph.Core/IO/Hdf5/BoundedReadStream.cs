namespace MicroMorph.Core.IO.Hdf5;

/// <summary>
/// The file stream PureHDF reads through (issue 20). A read that would reach past the end of the
/// file throws <see cref="FileEndedException"/> (PureHDF would otherwise hand back zeros for chunk
/// data cut off by truncation, or fail with a bare exception), and the bytes read in total are
/// bounded by a budget, so a damaged structure that makes the library walk in circles ends with
/// <see cref="ReadBudgetExceededException"/> instead of hanging while its memory grows.
/// </summary>
internal sealed class BoundedReadStream : Stream, PureHDF.IDatasetStream
{
    private readonly FileStream _inner;
    private readonly long _length;
    private long _read;

    public BoundedReadStream(FileStream inner, long budget)
    {
        _inner = inner;
        _length = inner.Length;
        Budget = budget;
    }

    /// <summary>Bytes that may still be read in total; raise it before reading the voxels.</summary>
    public long Budget { get; set; }

    /// <summary>Bytes read so far.</summary>
    public long BytesRead => _read;

    /// <summary>
    /// Reads of voxel data (chunks or contiguous data) so far: PureHDF announces them through
    /// <see cref="PureHDF.IDatasetStream.ReadDataset"/>; structure reads go through <see cref="Read(Span{byte})"/> only.
    /// </summary>
    public long DataReads { get; private set; }

    /// <summary>A read of stored voxel data.</summary>
    public void ReadDataset(Span<byte> buffer)
    {
        DataReads++;
        Read(buffer);
    }

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position
    {
        get => _inner.Position;
        set => _inner.Position = value;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        long position = _inner.Position;
        if (position < 0 || position + buffer.Length > _length)
        {
            throw new FileEndedException(position, buffer.Length, _length);
        }

        _read += buffer.Length;
        if (_read > Budget)
        {
            throw new ReadBudgetExceededException(_read);
        }

        int total = 0;
        while (total < buffer.Length)
        {
            int n = _inner.Read(buffer[total..]);
            if (n == 0)
            {
                throw new FileEndedException(position, buffer.Length, _length);
            }

            total += n;
        }

        return total;
    }

    public override int ReadByte()
    {
        Span<byte> one = stackalloc byte[1];
        Read(one);
        return one[0];
    }

    public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

    public override void Flush()
    {
    }

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>A read reached past the end of the file: the file is truncated or an address in it is wrong.</summary>
    internal sealed class FileEndedException(long position, int count, long length)
        : IOException($"a read of {count} bytes at offset {position} reaches past the end of the file ({length} bytes)")
    {
    }

    /// <summary>More bytes were read than the file can justify: its structure makes the reader go round in circles.</summary>
    internal sealed class ReadBudgetExceededException(long read)
        : IOException($"the reader read {read} bytes, far more than the file's structure can justify")
    {
    }
}
