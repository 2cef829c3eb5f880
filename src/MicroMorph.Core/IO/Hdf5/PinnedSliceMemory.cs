using System.Buffers;

namespace MicroMorph.Core.IO.Hdf5;

/// <summary>
/// Exposes a pinned region (a volume slice inside a <c>fixed</c> block) as <see cref="Memory{T}"/>,
/// so PureHDF reads straight into the slice array. Valid only while the region stays pinned.
/// </summary>
internal sealed unsafe class PinnedSliceMemory : MemoryManager<byte>
{
    private readonly byte* _pointer;
    private readonly int _length;

    public PinnedSliceMemory(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0)
    {
        if ((uint)elementIndex > (uint)_length)
        {
            throw new ArgumentOutOfRangeException(nameof(elementIndex));
        }

        return new MemoryHandle(_pointer + elementIndex);
    }

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
