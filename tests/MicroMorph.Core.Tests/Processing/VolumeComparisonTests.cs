using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Tests.Processing;

public class VolumeComparisonTests
{
    [Fact]
    public void CountsDifferingVoxelsAndTheLargestDifference()
    {
        var a = new VoxelStack(4, 4, 4, VoxelDataType.Float32);
        var b = new VoxelStack(4, 4, 4, VoxelDataType.Float32);
        b.SetValue(0, 0, 0, 2.5);
        b.SetValue(3, 3, 3, -4);
        a.SetValue(1, 1, 1, float.NaN);
        b.SetValue(1, 1, 1, float.NaN); // two NaNs are equal
        a.SetValue(2, 2, 2, float.NaN); // NaN against 0 differs, without a difference value

        var r = VolumeComparison.Compare(a, b, ComputeOptions.Default);
        Assert.Equal(3, r.DifferingVoxels);
        Assert.Equal(3.0 / 64, r.DifferingFraction);
        Assert.Equal(4, r.MaximumAbsoluteDifference);
        Assert.False(r.Identical);
        Assert.Empty(r.Phases);
        Assert.True(VolumeComparison.Compare(a, a, ComputeOptions.Default).Identical);
    }

    [Fact]
    public void ComparesDifferentDataTypesByValue()
    {
        var a = new VoxelStack(2, 2, 1, VoxelDataType.UInt8);
        var b = new VoxelStack(2, 2, 1, VoxelDataType.UInt16);
        b.SetValue(1, 0, 0, 300);
        var r = VolumeComparison.Compare(a, b, ComputeOptions.Default);
        Assert.Equal(1, r.DifferingVoxels);
        Assert.Equal(300, r.MaximumAbsoluteDifference);
        Assert.False(r.SameDataType);
        Assert.False(r.Identical);
    }

    [Fact]
    public void CountsLostAndGainedVoxelsPerPhase()
    {
        var table = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);
        var a = new PhaseImage(3, 2, 1, table);
        var b = new PhaseImage(3, 2, 1, table);
        a.SetSliceArray(0, new byte[] { 0, 1, 1, 2, 2, 2 });
        b.SetSliceArray(0, new byte[] { 0, 0, 1, 2, 1, 2 });
        var r = VolumeComparison.Compare(a, b, ComputeOptions.Default);
        Assert.Equal(2, r.DifferingVoxels);
        Assert.Equal(
            [new PhaseDifference("Pore", 0, 1, 2, 1 / 6.0, 2 / 6.0, 0, 1), new PhaseDifference("CBD", 1, 2, 2, 2 / 6.0, 2 / 6.0, 1, 1), new PhaseDifference("AM", 2, 3, 2, 3 / 6.0, 2 / 6.0, 1, 0)],
            r.Phases);
    }

    [Fact]
    public void RefusesDifferentDimensions()
    {
        var ex = Assert.Throws<MicroMorphException>(() => VolumeComparison.Compare(
            new VoxelStack(2, 2, 2, VoxelDataType.UInt8), new VoxelStack(2, 2, 3, VoxelDataType.UInt8), ComputeOptions.Default));
        Assert.Equal("VolumeDimensionsDiffer", ex.ErrorId);
    }
}
