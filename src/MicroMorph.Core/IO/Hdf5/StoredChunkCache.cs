using PureHDF.VOL.Native;

namespace MicroMorph.Core.IO.Hdf5;

/// <summary>
/// PureHDF's chunk cache with a watch on what each chunk read fetched from the file (issue 20):
/// a chunk whose read takes no bytes from the file was never stored, and PureHDF would hand back
/// the fill value in its place. The reader refuses such a dataset instead of returning zeros.
/// </summary>
internal sealed class StoredChunkCache : IReadingChunkCache
{
    private readonly IReadingChunkCache _inner = new SimpleReadingChunkCache(chunkSlotCount: 521, byteCount: 64UL << 20);
    private readonly BoundedReadStream _stream;

    public StoredChunkCache(BoundedReadStream stream) => _stream = stream;

    /// <summary>Chunks fetched so far (cache misses).</summary>
    public long ChunksRead { get; private set; }

    /// <summary>Chunks whose fetch read nothing from the file: not stored.</summary>
    public long ChunksMissing { get; private set; }

    public Memory<byte> GetChunk(ulong chunkIndex, Func<Memory<byte>> chunkReader) =>
        _inner.GetChunk(chunkIndex, () =>
        {
            long before = _stream.BytesRead;
            var chunk = chunkReader();
            ChunksRead++;
            if (_stream.BytesRead == before)
            {
                ChunksMissing++;
            }

            return chunk;
        });
}
