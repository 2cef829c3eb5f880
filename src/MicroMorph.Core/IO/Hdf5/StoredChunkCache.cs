using PureHDF.VOL.Native;

namespace MicroMorph.Core.IO.Hdf5;

/// <summary>
/// A chunk cache (PureHDF's, inside) that watches what each chunk fetch reads (issue 20). PureHDF
/// reads a stored chunk's bytes through <see cref="BoundedReadStream.ReadDataset"/>; a chunk the
/// index does not list (never written, or a dataset enlarged by damage) is filled with the fill
/// value without such a read. The reader refuses those instead of returning fill values as voxels.
/// </summary>
internal sealed class StoredChunkCache : IReadingChunkCache
{
    private readonly IReadingChunkCache _inner = new SimpleReadingChunkCache();
    private readonly BoundedReadStream _stream;

    public StoredChunkCache(BoundedReadStream stream) => _stream = stream;

    /// <summary>Chunks fetched that were not stored in the file.</summary>
    public long MissingChunks { get; private set; }

    public Memory<byte> GetChunk(ulong chunkIndex, Func<Memory<byte>> chunkReader) =>
        _inner.GetChunk(chunkIndex, () =>
        {
            long before = _stream.DataReads;
            var chunk = chunkReader();
            if (_stream.DataReads == before)
            {
                MissingChunks++;
            }

            return chunk;
        });
}
