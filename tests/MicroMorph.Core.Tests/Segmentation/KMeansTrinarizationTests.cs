using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Tests.Segmentation;

public class KMeansTrinarizationTests
{
    [Fact]
    public void SyntheticElectrodeIsReproducedWithItsFractionsAndActiveMaterial()
    {
        // Issue 5 acceptance: fractions within 0.2 percentage points, AM Jaccard >= 0.9 against the truth.
        var truth = SyntheticElectrode.Truth(40);
        var grey = SyntheticElectrode.Grey(truth, [60, 110, 190], 12);
        var f = SyntheticElectrode.Fractions(truth);
        var r = KMeansTrinarization.Apply(grey, f, SyntheticElectrode.Phases, new KMeansFitOptions(), new ComputeOptions { MaxDegreeOfParallelism = 2 });
        for (int c = 0; c < 3; c++)
        {
            Assert.True(Math.Abs(r.AchievedFractions[c] - f[c]) <= 0.002, $"phase {c}: {r.AchievedFractions[c]} vs {f[c]}");
        }

        var comparison = SegmentationComparison.Compare(truth, r.Image, ComputeOptions.Default);
        Assert.True(comparison.JaccardOf("AM") >= 0.9, $"AM Jaccard {comparison.JaccardOf("AM")}");

        // The thresholds on the same grey image meet the fractions to the voxel.
        var threshold = FractionThreshold.Apply(grey, f, SyntheticElectrode.Phases, ComputeOptions.Default);
        Assert.Equal(f, threshold.AchievedFractions.ToArray(), (a, b) => Math.Abs(a - b) <= 0.5 / grey.VoxelCount);

        // The references of Eq. 1: w of the active material and x of the voxel itself are 1.
        Assert.Equal(1.0, r.PhaseWeights[2]);
        Assert.Equal(1.0, r.FeatureWeights[0]);
        Assert.Equal(40 * 40 * 40, r.SampleSize);
    }

    [Fact]
    public void SubsampledFitIsIndependentOfTheParallelism()
    {
        var truth = SyntheticElectrode.Truth(24, seed: 8, amRadius: 4);
        var grey = SyntheticElectrode.Grey(truth, [60, 110, 190], 10);
        var f = SyntheticElectrode.Fractions(truth);
        var fit = new KMeansFitOptions { SampleSize = 4000, Seed = 3, MaxEvaluations = 60 };
        var one = KMeansTrinarization.Apply(grey, f, SyntheticElectrode.Phases, fit, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = KMeansTrinarization.Apply(grey, f, SyntheticElectrode.Phases, fit, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(4000, one.SampleSize);
        Assert.Equal(one.PhaseWeights, two.PhaseWeights);
        Assert.Equal(one.FeatureWeights, two.FeatureWeights);
        for (int z = 0; z < 24; z++)
        {
            Assert.True(one.Image.GetLabels(z).SequenceEqual(two.Image.GetLabels(z)));
        }
    }

    [Fact]
    public void FeaturesAreTheVoxelThenTheSortedNeighbourGroups()
    {
        // A 3x3x3 stack holding 0..26 in raster order: the centre's groups are known by hand.
        var grey = new VoxelStack(3, 3, 3, VoxelDataType.Float32);
        for (int i = 0; i < 27; i++)
        {
            grey.SetValue(i % 3, i / 3 % 3, i / 9, i);
        }

        float[] Slice(int z) => Enumerable.Range(0, 9).Select(i => (float)(z * 9 + i)).ToArray();
        var f = new float[27];
        NeighbourhoodFeatures.Compute(Slice(0), Slice(1), Slice(2), 3, 3, 1, 1, f);
        Assert.Equal(13f, f[0]);
        Assert.Equal(new float[] { 4, 10, 12, 14, 16, 22 }, f[1..7]);
        Assert.Equal(new float[] { 1, 3, 5, 7, 9, 11, 15, 17, 19, 21, 23, 25 }, f[7..19]);
        Assert.Equal(new float[] { 0, 2, 6, 8, 18, 20, 24, 26 }, f[19..27]);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var grey = new VoxelStack(8, 8, 8, VoxelDataType.UInt8);
        Assert.Equal("InvalidVolumeFractions", Assert.Throws<MicroMorphException>(() => KMeansTrinarization.Apply(grey, [0.5, 0.3, 0.3], SyntheticElectrode.Phases, new KMeansFitOptions(), ComputeOptions.Default)).ErrorId);
        Assert.Equal("UniformGreyValues", Assert.Throws<MicroMorphException>(() => KMeansTrinarization.Apply(grey, [0.5, 0.2, 0.3], SyntheticElectrode.Phases, new KMeansFitOptions(), ComputeOptions.Default)).ErrorId);
    }
}
