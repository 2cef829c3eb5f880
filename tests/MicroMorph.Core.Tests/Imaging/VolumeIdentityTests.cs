using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Tests.Imaging;

public class VolumeIdentityTests
{
    private static PhaseTable Table() => new([new Phase(0, "Pore", default), new Phase(1, "Solid", default)]);

    [Fact]
    public void EqualContentIsEqualAndDifferentContentIsNot()
    {
        var a = new VoxelStack(8, 4, 3, VoxelDataType.UInt16);
        var b = new VoxelStack(8, 4, 3, VoxelDataType.UInt16);
        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal(a.ContentHash, b.ContentHash);
        Assert.Equal(a.ToString(), b.ToString());

        b.SetValue(7, 3, 2, 1);
        Assert.NotEqual(a, b);
        Assert.NotEqual(a.ContentHash, b.ContentHash);
        Assert.NotEqual(a.ToString(), b.ToString());
    }

    [Fact]
    public void TheCachedHashIsDroppedOnEveryKindOfWrite()
    {
        var v = new VoxelStack(4, 4, 4, VoxelDataType.Float32);
        string empty = v.ContentHash;

        v.SetValue(1, 2, 3, 0.5);
        string afterSetValue = v.ContentHash;
        Assert.NotEqual(empty, afterSetValue);

        v.GetSlice<float>(0)[0] = 2;
        string afterSpan = v.ContentHash;
        Assert.NotEqual(afterSetValue, afterSpan);

        v.SetSliceArray(1, new float[16]);
        v.SetSliceArray(1, Enumerable.Repeat(3f, 16).ToArray());
        Assert.NotEqual(afterSpan, v.ContentHash);

        // A span kept across the hash: MarkModified drops it.
        var kept = v.GetSliceBytes(2);
        string before = v.ContentHash;
        kept[0] = 0x7f;
        v.MarkModified();
        Assert.NotEqual(before, v.ContentHash);
    }

    [Fact]
    public void ShapeDataTypeVoxelSizeAndPhaseTablesTakePart()
    {
        // Same bytes (all zero), different shapes or types: different hashes and not equal.
        Assert.NotEqual(new VoxelStack(4, 2, 1, VoxelDataType.UInt8).ContentHash, new VoxelStack(2, 4, 1, VoxelDataType.UInt8).ContentHash);
        Assert.NotEqual(new VoxelStack(4, 1, 1, VoxelDataType.UInt16), (Volume)new VoxelStack(8, 1, 1, VoxelDataType.UInt8));

        var a = new VoxelStack(2, 2, 2, VoxelDataType.UInt8) { VoxelSize = new VoxelSize(1, "µm") };
        var b = new VoxelStack(2, 2, 2, VoxelDataType.UInt8) { VoxelSize = new VoxelSize(2, "µm") };
        Assert.NotEqual(a, b);
        Assert.Equal(a.ContentHash, b.ContentHash); // the hash is the voxels and the shape only

        var p = new PhaseImage(2, 2, 2, Table());
        var q = new PhaseImage(2, 2, 2, new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "Carbon", default)]));
        Assert.NotEqual(p, q);
        Assert.Equal(p, new PhaseImage(2, 2, 2, Table()));
        Assert.NotEqual((Volume)p, new VoxelStack(2, 2, 2, VoxelDataType.UInt8));
    }

    [Fact]
    public void SourceAndMetadataDoNotTakePart()
    {
        var a = new VoxelStack(3, 3, 3, VoxelDataType.UInt8) { Source = "a.tif" };
        var b = new VoxelStack(3, 3, 3, VoxelDataType.UInt8) { Source = "b.tif" };
        b.Metadata["Tiff.PageCount"] = "3";
        Assert.Equal(a, b);
    }

    [Fact]
    public void TheHashDoesNotDependOnSlabLayoutOrParallelism()
    {
        // Known value: recomputing from independent per-slice XxHash3 digests gives the same hash.
        var v = new VoxelStack(5, 3, 7, VoxelDataType.Int16);
        for (int z = 0; z < 7; z++)
        {
            v.SetValue(z % 5, z % 3, z, -z);
        }

        var slices = Enumerable.Range(0, 7).Select(z => System.IO.Hashing.XxHash3.HashToUInt64(v.ReadSliceBytes(z))).ToArray();
        var combined = new System.IO.Hashing.XxHash3();
        combined.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes<long>([5, 3, 7, (long)VoxelDataType.Int16]));
        combined.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(slices.AsSpan()));
        Assert.Equal(combined.GetCurrentHashAsUInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture), v.ContentHash);
        Assert.EndsWith("#" + v.ContentHash[..8], v.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void SliceArraysRoundTripWithTheElementTypeOfTheData()
    {
        var v = new VoxelStack(3, 2, 2, VoxelDataType.UInt16);
        v.SetSliceArray(1, new object[] { 0, 1, 2, 3, 4, 65535 });
        var slice = Assert.IsType<ushort[]>(v.GetSliceArray(1));
        Assert.Equal(new ushort[] { 0, 1, 2, 3, 4, 65535 }, slice);
        Assert.Equal(65535, v.GetValue(2, 1, 1));
        Assert.Equal("ValueOutOfRange", Assert.Throws<MicroMorphException>(() => v.SetSliceArray(0, new[] { 0, 0, 0, 0, 0, 65536 })).ErrorId);
        Assert.Equal("SliceLengthMismatch", Assert.Throws<MicroMorphException>(() => v.SetSliceArray(0, new ushort[5])).ErrorId);

        var p = new PhaseImage(2, 1, 1, Table());
        p.SetSliceArray(0, new byte[] { 1, 0 });
        Assert.Equal(new byte[] { 1, 0 }, p.GetLabelArray(0));
        Assert.Equal("LabelNotInPhaseTable", Assert.Throws<MicroMorphException>(() => p.SetSliceArray(0, new byte[] { 2, 0 })).ErrorId);
    }
}
