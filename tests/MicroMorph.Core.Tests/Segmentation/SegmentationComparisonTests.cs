using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Tests.Segmentation;

public class SegmentationComparisonTests
{
    private static readonly PhaseTable Three = new([new Phase(0, "Pore", default), new Phase(1, "AM", default), new Phase(2, "CBD", default)]);

    /// <summary>A 10 x 10 x 2 image: rows 0-4 Pore, 5-7 AM, 8-9 CBD.</summary>
    private static PhaseImage Layers(PhaseTable table, byte pore = 0, byte am = 1, byte cbd = 2)
    {
        var image = new PhaseImage(10, 10, 2, table);
        for (int z = 0; z < 2; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                int y = i / 10;
                s[i] = y < 5 ? pore : y < 8 ? am : cbd;
            }
        }

        return image;
    }

    [Fact]
    public void ASegmentationAgreesWithItselfEverywhere()
    {
        var a = Layers(Three);
        var r = SegmentationComparison.Compare(a, a, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(1.0, r.Agreement);
        Assert.All(r.Jaccard, j => Assert.Equal(1.0, j.Jaccard));
        Assert.Equal(["Pore", "AM", "CBD"], r.ReferencePhases);
        Assert.Equal(100, r.ConfusionMatrix[0, 0]);
        Assert.Equal(60, r.ConfusionMatrix[1, 1]);
        Assert.Equal(40, r.ConfusionMatrix[2, 2]);
        Assert.Equal(0, r.ConfusionMatrix[0, 1]);
    }

    [Fact]
    public void AKnownPerturbationGivesTheHandComputedValues()
    {
        var a = Layers(Three);
        var b = Layers(Three);
        // 10 AM voxels become CBD (row 7 of slice 0), 5 pore voxels become AM (half of row 4 of slice 1).
        var s0 = b.GetLabels(0);
        for (int x = 0; x < 10; x++)
        {
            s0[70 + x] = 2;
        }

        var s1 = b.GetLabels(1);
        for (int x = 0; x < 5; x++)
        {
            s1[40 + x] = 1;
        }

        var r = SegmentationComparison.Compare(a, b, ComputeOptions.Default);
        Assert.Equal(185 / 200.0, r.Agreement, 12);
        // Pore: 100 in a, 95 in b, 95 in both -> 95 / 100. AM: 60 in a, 55 in b, 50 in both -> 50 / 65.
        // CBD: 40 in a, 50 in b, 40 in both -> 40 / 50.
        Assert.Equal(95 / 100.0, r.JaccardOf("Pore"), 12);
        Assert.Equal(50 / 65.0, r.JaccardOf("am"), 12);
        Assert.Equal(40 / 50.0, r.JaccardOf("CBD"), 12);
        Assert.Equal(5, r.ConfusionMatrix[0, 1]);
        Assert.Equal(10, r.ConfusionMatrix[1, 2]);
        Assert.Equal(0, r.ConfusionMatrix[2, 1]);
    }

    [Fact]
    public void PhasesAreMatchedByNameNotByLabel()
    {
        var other = new PhaseTable([new Phase(7, "CBD", default), new Phase(8, "Pore", default), new Phase(9, "AM", default), new Phase(10, "Binder", default)]);
        var r = SegmentationComparison.Compare(Layers(Three), Layers(other, pore: 8, am: 9, cbd: 7), ComputeOptions.Default);
        Assert.Equal(1.0, r.Agreement);
        Assert.Equal(1.0, r.JaccardOf("CBD"));
        // A phase without voxels in either has no Jaccard index.
        Assert.True(double.IsNaN(r.JaccardOf("Binder")));
        Assert.True(double.IsNaN(r.JaccardOf("Graphite")));
    }

    [Fact]
    public void DifferentSizesAreRefused()
    {
        var ex = Assert.Throws<MicroMorphException>(() => SegmentationComparison.Compare(Layers(Three), new PhaseImage(10, 10, 1, Three), ComputeOptions.Default));
        Assert.Equal("SegmentationSizeMismatch", ex.ErrorId);
    }
}
