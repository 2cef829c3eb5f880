using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Tests.Segmentation;

public class GradientClosingTests
{
    /// <summary>Active material only (label 2 in SyntheticElectrode's table), the rest pore.</summary>
    private static PhaseImage ActiveMaterial(int n, int depth, int seed)
    {
        var truth = SyntheticElectrode.Truth(Math.Max(n, depth), seed, amRadius: 4, cbdSpheres: 1);
        var image = new PhaseImage(n, n, depth, SyntheticElectrode.Phases);
        for (int z = 0; z < depth; z++)
        {
            var source = truth.GetLabels(z);
            var target = image.GetLabels(z);
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    target[y * n + x] = source[y * truth.Width + x] == 2 ? (byte)2 : (byte)0;
                }
            }
        }

        return image;
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(3.0)]
    public void ConstantRadiusIsTheBallClosing(double radius)
    {
        // With one radius everywhere the closing by opening the pore space equals erosion of the
        // dilation (BallMorphology, two distance transforms), voxel for voxel.
        var am = ActiveMaterial(24, 24, 4);
        var work = new GradientClosing.Work(am, 2, SliceAxis.Z, ComputeOptions.Default);
        var ours = new PhaseImage(24, 24, 24, SyntheticElectrode.Phases);
        work.Ladder.Add(radius * radius);
        work.Close(Enumerable.Repeat(radius * radius, 24).ToArray(), ours);
        var reference = BallMorphology.Apply(am, am.Phases[2], MorphologicalOperation.Closing, radius, null, ComputeOptions.Default);
        for (int z = 0; z < 24; z++)
        {
            var a = ours.GetLabels(z);
            var b = reference.GetLabels(z);
            for (int i = 0; i < a.Length; i++)
            {
                // Reference: 2 for AM and its closing; ours: 2 AM, 1 CBD.
                Assert.Equal(b[i] == 2, a[i] != 0);
            }
        }
    }

    [Theory]
    [InlineData(SliceAxis.Z, 0.12)]
    [InlineData(SliceAxis.X, -0.10)]
    public void TheCbdPerSliceFollowsThePrescribedLine(SliceAxis axis, double slope)
    {
        // Issue 5 acceptance: a line fitted to the per-slice CBD fraction has the prescribed slope within 10 %.
        var am = ActiveMaterial(40, 40, 6);
        const double cbd = 0.12;
        var profile = GradientClosing.LinearProfile(40, slope, cbd - slope / 2); // mean = cbd, so the scale is 1
        var r = GradientClosing.Apply(am, 2, cbd, profile, axis, SyntheticElectrode.Phases, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.True(Math.Abs(r.Slope - slope) <= 0.1 * Math.Abs(slope), $"slope {r.Slope} vs {slope}");
        Assert.Equal(Math.Round(cbd * 64000) / 64000, r.AchievedFractions[1], 12);
        Assert.Equal(1.0, r.AchievedFractions.Sum(), 9);

        // The active material is kept as it was; the CBD never replaces it.
        for (int z = 0; z < 40; z++)
        {
            var a = am.GetLabels(z);
            var b = r.Image.GetLabels(z);
            for (int i = 0; i < a.Length; i++)
            {
                Assert.Equal(a[i] == 2, b[i] == 2);
            }
        }

        // Radii grow with the profile.
        var radii = slope > 0 ? r.Radii : r.Radii.Reverse().ToArray();
        Assert.True(radii[^1] > radii[0]);
    }

    [Fact]
    public void TheResultDoesNotDependOnTheParallelism()
    {
        var am = ActiveMaterial(20, 20, 9);
        var profile = GradientClosing.LinearProfile(20, 0.1, 0.05);
        var one = GradientClosing.Apply(am, 2, 0.1, profile, SliceAxis.Y, SyntheticElectrode.Phases, new ComputeOptions { MaxDegreeOfParallelism = 1 });
        var two = GradientClosing.Apply(am, 2, 0.1, profile, SliceAxis.Y, SyntheticElectrode.Phases, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(one.Radii, two.Radii);
        for (int z = 0; z < 20; z++)
        {
            Assert.True(one.Image.GetLabels(z).SequenceEqual(two.Image.GetLabels(z)));
        }
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var am = ActiveMaterial(12, 12, 2);
        var flat = Enumerable.Repeat(1.0, 12).ToArray();
        Assert.Equal("ProfileLengthMismatch", Assert.Throws<MicroMorphException>(() => GradientClosing.Apply(am, 2, 0.1, flat[..11], SliceAxis.Z, SyntheticElectrode.Phases, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidProfile", Assert.Throws<MicroMorphException>(() => GradientClosing.Apply(am, 2, 0.1, flat.Select(v => -v).ToArray(), SliceAxis.Z, SyntheticElectrode.Phases, ComputeOptions.Default)).ErrorId);
        Assert.Equal("CbdFractionUnreachable", Assert.Throws<MicroMorphException>(() => GradientClosing.Apply(am, 2, 0.99, flat, SliceAxis.Z, SyntheticElectrode.Phases, ComputeOptions.Default)).ErrorId);
    }
}
