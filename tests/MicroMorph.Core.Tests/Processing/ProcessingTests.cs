using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Tests.Processing;

public class ProcessingTests
{
    private static VoxelStack Ramp(int w, int h, int d, VoxelDataType type = VoxelDataType.UInt16)
    {
        var s = new VoxelStack(w, h, d, type);
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    s.SetValue(x, y, z, x + 10 * y + 100 * z);
                }
            }
        }

        return s;
    }

    [Fact]
    public void StatisticsMatchTheDefinition()
    {
        var s = Ramp(9, 7, 5);
        var values = new List<double>();
        for (int z = 0; z < 5; z++) for (int y = 0; y < 7; y++) for (int x = 0; x < 9; x++) values.Add(x + 10 * y + 100 * z);
        var st = VoxelStatistics.Compute(s, ComputeOptions.Default);
        double mean = values.Average();
        Assert.Equal(values.Count, st.Count);
        Assert.Equal(mean, st.Mean, 10);
        Assert.Equal(Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1)), st.StandardDeviation, 9);
        Assert.Equal(values.Sum(), st.Sum);
        Assert.Equal(0, st.Minimum);
        Assert.Equal(468, st.Maximum);
    }

    [Fact]
    public void StatisticsSkipNaNAndCountIt()
    {
        var s = new VoxelStack(2, 1, 2, VoxelDataType.Float32);
        s.SetValue(0, 0, 0, 1);
        s.SetValue(1, 0, 0, double.NaN);
        s.SetValue(0, 0, 1, 3);
        s.SetValue(1, 0, 1, double.NaN);
        var st = VoxelStatistics.Compute(s, ComputeOptions.Default);
        Assert.Equal(2, st.Count);
        Assert.Equal(2, st.NaNCount);
        Assert.Equal(2, st.Mean);
    }

    [Fact]
    public void CropKeepsAttributesAndValues()
    {
        var s = Ramp(6, 5, 4);
        s.VoxelSize = new VoxelSize(1, 2, 3, "nm");
        var c = (VoxelStack)RegionSelector.Crop(s, (2, 1, 1), (3, 2, 2), ComputeOptions.Default);
        Assert.Equal(112, c.GetValue(0, 0, 0));
        Assert.Equal(224, c.GetValue(2, 1, 1));
        Assert.Equal(s.VoxelSize, c.VoxelSize);
    }

    [Fact]
    public void SubsampleRemovesEverySecondSliceAlongEachAxis()
    {
        // 001 Section 3.3: factor 2 keeps voxels 0, 2, 4, ... along every axis; of 5 voxels, the
        // fifth has no whole block and is left out (a partial block would inflate the extent).
        var s = Ramp(5, 5, 5);
        var r = (VoxelStack)Downsampler.Downsample(s, (2, 2, 2), DownsamplingMethod.Subsample, ComputeOptions.Default);
        Assert.Equal((2, 2, 2), (r.Width, r.Height, r.Depth));
        Assert.Equal(2 + 20 + 200, r.GetValue(1, 1, 1));
    }

    [Fact]
    public void MajorityVotesWithTiesToTheSmallestLabel()
    {
        var table = new PhaseTable([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);
        var p = new PhaseImage(2, 2, 2, table);
        // Block of 8: four 2s, three 1s, one 0 -> 2. Then a 4:4 tie between 1 and 2 -> 1.
        byte[] first = [2, 2, 2, 2, 1, 1, 1, 0];
        for (int i = 0; i < 8; i++)
        {
            p.GetLabels(i / 4)[i % 4] = first[i];
        }

        Assert.Equal(2, ((PhaseImage)Downsampler.Downsample(p, (2, 2, 2), DownsamplingMethod.Majority, ComputeOptions.Default)).GetLabel(0, 0, 0));
        p.GetLabels(1)[3] = 1;
        p.GetLabels(1).Slice(0, 3).Fill(1);
        p.GetLabels(0).Fill(2);
        Assert.Equal(1, ((PhaseImage)Downsampler.Downsample(p, (2, 2, 2), DownsamplingMethod.Majority, ComputeOptions.Default)).GetLabel(0, 0, 0));
    }

    [Fact]
    public void PhaseFractionsCountEveryPhase()
    {
        var table = new PhaseTable([new Phase(0, "Pore", default), new Phase(5, "Empty", default), new Phase(9, "Solid", default)]);
        var p = new PhaseImage(10, 10, 3, table) { VoxelSize = new VoxelSize(2, "nm") };
        p.GetLabels(1).Fill(9);
        var f = PhaseFraction.Compute(p, ComputeOptions.Default);
        Assert.Equal([200L, 0L, 100L], f.Select(x => x.VoxelCount));
        Assert.Equal(1.0 / 3, f[2].VolumeFraction, 15);
        Assert.Equal(800, f[2].Volume);
        Assert.Equal("nm^3", f[2].Unit);
    }

    [Fact]
    public void ParallelLoopHonoursCancellation()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var s = Ramp(4, 4, 64);
        Assert.ThrowsAny<OperationCanceledException>(() => VoxelStatistics.Compute(s, new ComputeOptions { CancellationToken = cts.Token }));
    }

    [Fact]
    public void ProgressIsReportedUpToCompletion()
    {
        var reports = new List<ProgressReport>();
        var sink = new SynchronousProgress(r =>
        {
            lock (reports)
            {
                reports.Add(r);
            }
        });
        VoxelStatistics.Compute(Ramp(4, 4, 300), new ComputeOptions { Progress = sink });
        Assert.InRange(reports.Count, 2, 310);
        Assert.Equal(1.0, reports.Max(r => r.Fraction));
    }

    [Fact]
    public void MajorityOnGreyStackIsRefused()
    {
        var ex = Assert.Throws<MicroMorphException>(() => Downsampler.Downsample(Ramp(4, 4, 4), (2, 2, 2), DownsamplingMethod.Majority, ComputeOptions.Default));
        Assert.Equal("MajorityNeedsLabels", ex.ErrorId);
    }

    private sealed class SynchronousProgress(Action<ProgressReport> action) : IProgress<ProgressReport>
    {
        public void Report(ProgressReport value) => action(value);
    }
}
