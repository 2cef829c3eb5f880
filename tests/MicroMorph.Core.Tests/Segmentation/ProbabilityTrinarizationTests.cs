using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Tests.Segmentation;

public class ProbabilityTrinarizationTests
{
    private static readonly PhaseTable Three = new([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);
    private static readonly double[] Fractions = [0.45, 0.15, 0.40];
    private const int N = 20;

    /// <summary>Softmax-like compositions with coarse values (many ties) from a seeded generator.</summary>
    private static VoxelStack[] Probabilities(int seed = 1)
    {
        var rng = new Random(seed);
        var stacks = Enumerable.Range(0, 3).Select(_ => new VoxelStack(N, N, N, VoxelDataType.Float32)).ToArray();
        for (int z = 0; z < N; z++)
        {
            for (int i = 0; i < N * N; i++)
            {
                var raw = Enumerable.Range(0, 3).Select(_ => (double)rng.Next(1, 9)).ToArray();
                double sum = raw.Sum();
                for (int c = 0; c < 3; c++)
                {
                    stacks[c].GetSlice<float>(z)[i] = (float)(raw[c] / sum);
                }
            }
        }

        return stacks;
    }

    private static byte[] Labels(PhaseImage image) => Enumerable.Range(0, image.Depth).SelectMany(z => image.GetLabels(z).ToArray()).ToArray();

    private static float[] Values(VoxelStack s) => Enumerable.Range(0, s.Depth).SelectMany(z => s.GetSlice<float>(z).ToArray()).ToArray();

    /// <summary>An independent reference: sort the free voxels by key, ties by raster index (later first), and take the top count.</summary>
    private static byte[] Reference(VoxelStack[] p, ProbabilityAssignment a)
    {
        int total = N * N * N;
        var counts = new long[3];
        long prev = 0;
        double cum = 0;
        for (int c = 0; c < 3; c++)
        {
            cum += Fractions[c];
            long end = c == 2 ? total : (long)Math.Round(cum * total);
            counts[c] = end - prev;
            prev = end;
        }

        var values = p.Select(Values).ToArray();
        var result = Enumerable.Repeat((byte)255, total).ToArray();
        void Take(int phase, Func<int, double> key)
        {
            var chosen = Enumerable.Range(0, total).Where(i => result[i] == 255)
                .OrderByDescending(key).ThenByDescending(i => i).Take((int)counts[phase]).ToList();
            chosen.ForEach(i => result[i] = (byte)phase);
        }

        Take(a.Order[0], i => values[a.Order[0]][i]);
        if (a.Conditional)
        {
            int p2 = Enumerable.Range(0, 3).Except([a.Order[0]]).Min(), p3 = 3 - a.Order[0] - p2;
            Take(p2, i => values[p2][i] + values[p3][i] > 0 ? (float)(values[p2][i] / ((double)values[p2][i] + values[p3][i])) : 0.5f);
            for (int i = 0; i < total; i++)
            {
                result[i] = result[i] == 255 ? (byte)p3 : result[i];
            }
        }
        else
        {
            Take(a.Order[1], i => values[a.Order[1]][i]);
            for (int i = 0; i < total; i++)
            {
                result[i] = result[i] == 255 ? (byte)a.Order[2] : result[i];
            }
        }

        return result;
    }

    private static readonly string[] Nine = ["AM-CBD-Pore", "AM-Pore-CBD", "CBD-AM-Pore", "CBD-Pore-AM", "Pore-AM-CBD", "Pore-CBD-AM", "AM-Cond", "CBD-Cond", "Pore-Cond"];

    public static TheoryData<string> Variants() => new(Nine);

    [Theory]
    [MemberData(nameof(Variants))]
    public void EachOfTheNineVariantsMatchesTheFractionsExactlyAndASortedReference(string variant)
    {
        var p = Probabilities();
        var a = ProbabilityAssignment.Parse([variant], Three);
        var r = ProbabilityTrinarization.Apply(p, Fractions, Three, a, new ComputeOptions { MaxDegreeOfParallelism = 2 });
        Assert.Equal(variant, r.Assignment);
        Assert.Equal([3600 / 8000.0, 1200 / 8000.0, 3200 / 8000.0], r.AchievedFractions);
        Assert.Equal(Reference(p, a), Labels(r.Image));
    }

    [Fact]
    public void TheVariantsDifferAsThePaperDescribes()
    {
        var p = Probabilities(2);
        var images = Nine.ToDictionary(v => v, v => Labels(ProbabilityTrinarization.Apply(p, Fractions, Three, ProbabilityAssignment.Parse([v], Three), ComputeOptions.Default).Image));
        foreach (string first in new[] { "AM", "CBD", "Pore" })
        {
            byte label = (byte)Three.ToList().FindIndex(ph => ph.Name == first);
            var family = images.Where(kv => kv.Key.StartsWith(first + "-", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
            Assert.Equal(3, family.Count);

            // Same first phase: P1 is the same voxels in both orders and the conditional ...
            var p1 = family.Select(l => l.Select((b, i) => (b, i)).Where(t => t.b == label).Select(t => t.i).ToArray()).ToList();
            Assert.All(p1, set => Assert.Equal(p1[0], set));

            // ... and the other two phases differ between all three.
            for (int i = 0; i < 3; i++)
            {
                for (int j = i + 1; j < 3; j++)
                {
                    Assert.False(family[i].SequenceEqual(family[j]));
                }
            }
        }
    }

    [Fact]
    public void NamesParseInEveryWrittenForm()
    {
        Assert.Equal(ProbabilityAssignment.Parse(["AM-CBD-Pore"], Three).Order, ProbabilityAssignment.Parse(["am", "cbd"], Three).Order);
        Assert.Equal([2, 1, 0], ProbabilityAssignment.Parse(["AM", "CBD", "Pore"], Three).Order);
        var cond = ProbabilityAssignment.Parse(["CBD", "Cond"], Three);
        Assert.True(cond.Conditional);
        Assert.Equal([1], cond.Order);
        Assert.Equal("InvalidAssignment", Assert.Throws<MicroMorphException>(() => ProbabilityAssignment.Parse(["AM-AM-Pore"], Three)).ErrorId);
        Assert.Equal("InvalidAssignment", Assert.Throws<MicroMorphException>(() => ProbabilityAssignment.Parse(["AM-Binder-Pore"], Three)).ErrorId);
        Assert.Equal("InvalidAssignment", Assert.Throws<MicroMorphException>(() => ProbabilityAssignment.Parse(["AM"], Three)).ErrorId);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var p = Probabilities();
        var a = ProbabilityAssignment.Parse(["AM-Cond"], Three);
        Assert.Equal("ChannelCountMismatch", Assert.Throws<MicroMorphException>(() => ProbabilityTrinarization.Apply(p[..2], Fractions, Three, a, ComputeOptions.Default)).ErrorId);
        Assert.Equal("SizeMismatch", Assert.Throws<MicroMorphException>(() => ProbabilityTrinarization.Apply([p[0], p[1], new VoxelStack(N, N, N - 1, VoxelDataType.Float32)], Fractions, Three, a, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidVolumeFractions", Assert.Throws<MicroMorphException>(() => ProbabilityTrinarization.Apply(p, [0.5, 0.5, 0.5], Three, a, ComputeOptions.Default)).ErrorId);
    }
}
