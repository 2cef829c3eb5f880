using MicroMorph.Core.Classification;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Classification;

public class VoxelClassifierTests
{
    private static readonly ComputeOptions Serial = new() { MaxDegreeOfParallelism = 1 };
    private static readonly ComputeOptions Two = new() { MaxDegreeOfParallelism = 2 };

    private static readonly Lazy<(VoxelStack Grey, PhaseImage Truth)> Phantom = new(() => ClassificationPhantom.Create(96, 96, 96, 7, 0.35, 30, Two));

    private static VoxelFeatureSet Fine => VoxelFeatureSet.Grid(Enum.GetValues<VoxelFeatureKind>(), [0.7, 1.4, 2.8], 3);

    private static PhaseImage LabelsOn(PhaseImage truth, params int[] slices)
    {
        var labels = new PhaseImage(truth.Width, truth.Height, truth.Depth, new PhaseTable(truth.Phases.Prepend(new Phase(0, "Unlabelled", default))));
        foreach (int z in slices)
        {
            truth.GetLabels(z).CopyTo(labels.GetLabels(z));
        }

        return labels;
    }

    [Fact]
    public void EigenvaluesMatchMathNet()
    {
        var rng = new Random(3);
        for (int t = 0; t < 200; t++)
        {
            double[] v = Enumerable.Range(0, 6).Select(_ => rng.NextDouble() * 10 - 5).ToArray();
            var m = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new[,] { { v[0], v[1], v[2] }, { v[1], v[3], v[4] }, { v[2], v[4], v[5] } });
            var expected = m.Evd().EigenValues.Select(c => c.Real).OrderByDescending(x => x).ToArray();
            var (a, b, c) = SymmetricEigenvalues.Of3x3(v[0], v[1], v[2], v[3], v[4], v[5]);
            Assert.Equal(expected[0], a, 9);
            Assert.Equal(expected[1], b, 9);
            Assert.Equal(expected[2], c, 9);
            var (p, q) = SymmetricEigenvalues.Of2x2(v[0], v[1], v[3]);
            var e2 = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new[,] { { v[0], v[1] }, { v[1], v[3] } }).Evd().EigenValues.Select(x => x.Real).OrderByDescending(x => x).ToArray();
            Assert.Equal(e2[0], p, 9);
            Assert.Equal(e2[1], q, 9);
        }
    }

    [Fact]
    public void ChannelsEqualWholeVolumeFiltersWhateverTheChunking()
    {
        var grey = ClassificationPhantom.Create(64, 64, 64, 3, 0.35, 16, Two).Grey;
        var set = new VoxelFeatureSet([new(VoxelFeatureKind.GaussianSmoothing, 2.0), new(VoxelFeatureKind.LaplacianOfGaussian, 1.5), new(VoxelFeatureKind.StructureTensorEigenvalues, 1.6)], 3);
        var slices = new[] { 0, 1, 2, 30, 31, 63 };
        var byOne = new Dictionary<int, float[][]>();
        VoxelFeatureComputer.ForEachChunk(grey, set, slices, 1, Serial, (chunk, ch) => byOne[chunk[0]] = ch[0].Select(a => (float[])a.Clone()).ToArray());
        var byFour = new Dictionary<int, float[][]>();
        VoxelFeatureComputer.ForEachChunk(grey, set, slices, 4, Two, (chunk, ch) =>
        {
            for (int i = 0; i < chunk.Length; i++)
            {
                byFour[chunk[i]] = ch[i].Select(a => (float[])a.Clone()).ToArray();
            }
        });

        // Independent reference: the whole-volume separable filter with the same kernels.
        var g0 = GaussianKernel.Create(2.0, 0, VoxelFeatureSet.KernelTruncation);
        var smooth = VoxelStack.CreateUninitialized(grey.Width, grey.Height, grey.Depth, VoxelDataType.Float32);
        GaussianFilter.Filter(grey, smooth, g0, g0, g0, Two);
        var l0 = GaussianKernel.Create(1.5, 0, VoxelFeatureSet.KernelTruncation);
        var l2 = GaussianKernel.Create(1.5, 2, VoxelFeatureSet.KernelTruncation);
        var laplacian = new float[64 * 64 * 64];
        foreach (var (kx, ky, kz) in new[] { (l2, l0, l0), (l0, l2, l0), (l0, l0, l2) })
        {
            var d = VoxelStack.CreateUninitialized(64, 64, 64, VoxelDataType.Float32);
            GaussianFilter.Filter(grey, d, kx, ky, kz, Two);
            for (int z = 0; z < 64; z++)
            {
                var s = d.GetSlice<float>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    laplacian[z * 4096 + i] += s[i];
                }
            }
        }

        foreach (int z in slices)
        {
            for (int c = 0; c < set.ChannelCount; c++)
            {
                Assert.Equal(byOne[z][c], byFour[z][c]);
            }

            var expected = smooth.GetSlice<float>(z).ToArray();
            for (int i = 0; i < 4096; i += 37)
            {
                Assert.True(Math.Abs(expected[i] - byOne[z][0][i]) < 1e-3, $"{z} {i} {expected[i]} {byOne[z][0][i]}");
                Assert.True(Math.Abs(laplacian[z * 4096 + i] - byOne[z][1][i]) < 1e-3, $"{z} {i} {laplacian[z * 4096 + i]} {byOne[z][1][i]}");
                Assert.True(byOne[z][2][i] >= byOne[z][3][i] && byOne[z][3][i] >= byOne[z][4][i] && byOne[z][4][i] >= -1e-3);
            }
        }
    }

    [Fact]
    public void PresetHasThePapersChannels()
    {
        var set3 = VoxelFeatureSet.Preset("Grafensteiner2021", 3);
        Assert.Equal(14, set3.ChannelCount);
        Assert.Equal(10, VoxelFeatureSet.Preset("grafensteiner2021", 2).ChannelCount);
        Assert.Equal([5.0, 15.0, 3.5, 5.0, 1.6, 5.0], set3.Features.Select(f => f.Sigma));
        Assert.Equal("UnknownFeaturePreset", Assert.Throws<MicroMorphException>(() => VoxelFeatureSet.Preset("Weka", 3)).ErrorId);
    }

    [Fact]
    public void ForestSeparatesSeparableDataAndIsDeterministic()
    {
        var rng = new Random(5);
        int n = 2000;
        var x0 = new float[n];
        var x1 = new float[n];
        var y = new int[n];
        for (int i = 0; i < n; i++)
        {
            x0[i] = (float)rng.NextDouble();
            x1[i] = (float)rng.NextDouble();
            y[i] = x0[i] + 0.3 * x1[i] > 0.6 ? 1 : 0;
        }

        var settings = new RandomForestOptions { TreeCount = 20, MaximumDepth = 16, MinimumLeafSize = 1, Seed = 11 };
        var (a, oob) = RandomForestTrainer.Train([x0, x1], y, 2, settings, Serial);
        var (b, _) = RandomForestTrainer.Train([x0, x1], y, 2, settings, Two);
        Assert.True(oob > 0.97, $"OOB {oob}");
        var pa = new[] { new float[n], new float[n] };
        var pb = new[] { new float[n], new float[n] };
        a.Predict([x0, x1], n, pa);
        b.Predict([x0, x1], n, pb);
        Assert.Equal(pa[1], pb[1]);
        Assert.True(Enumerable.Range(0, n).Count(i => (pa[1][i] > 0.5 ? 1 : 0) == y[i]) > 0.99 * n);
        for (int i = 0; i < n; i++)
        {
            Assert.Equal(1f, pa[0][i] + pa[1][i], 4);
        }
    }

    [Fact]
    public void ThreeLabelledSlicesGiveIoUAbove09WhereAThresholdStaysBelow07()
    {
        var (grey, truth) = Phantom.Value;
        int[] training = [24, 48, 72];
        var labels = LabelsOn(truth, training);
        var classifier = VoxelClassifier.Train(grey, labels, Fine, new RandomForestOptions { Seed = 1 }, null, Two);
        Assert.Equal(["Graphite", "CarbonBinder"], classifier.Classes.Select(c => c.Name));
        var maps = classifier.PredictProbabilities(grey, Two);
        var predicted = ProbabilityLabelling.ArgMax(maps, classifier.Classes, Two);
        var heldOut = Enumerable.Range(0, 96).Except(training).ToArray();
        var iou = ClassificationAccuracy.Measure(predicted, truth, heldOut, Two);
        Assert.All(iou, j => Assert.True(j.Jaccard >= 0.9, $"{j.Phase} IoU {j.Jaccard} {string.Join(" ", iou)}"));

        // Any global grey threshold (graphite above or below it) stays far from that.
        for (int t = 0; t < 256; t += 4)
        {
            foreach (bool above in new[] { true, false })
            {
                long both = 0, union = 0;
                for (int z = 0; z < grey.Depth; z++)
                {
                    var g = grey.GetSlice<byte>(z);
                    var l = truth.GetLabels(z);
                    for (int i = 0; i < g.Length; i++)
                    {
                        bool a = l[i] == 1, b = above ? g[i] >= t : g[i] < t;
                        both += a && b ? 1 : 0;
                        union += a || b ? 1 : 0;
                    }
                }

                Assert.True((double)both / union < 0.7);
            }
        }

        // Same seed at another degree of parallelism: identical probabilities; save and reload: identical.
        var again = VoxelClassifier.Train(grey, labels, Fine, new RandomForestOptions { Seed = 1 }, null, Serial).PredictProbabilities(grey, Serial);
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "c.mmclf");
        VoxelClassifierFile.Save(classifier, path, force: false);
        var reloaded = VoxelClassifierFile.Load(path);
        Assert.Equal(classifier.FeatureSet, reloaded.FeatureSet);
        var fromFile = reloaded.PredictProbabilities(grey, Two);
        for (int z = 0; z < grey.Depth; z += 9)
        {
            Assert.True(maps[0].GetSlice<float>(z).SequenceEqual(again[0].GetSlice<float>(z)));
            Assert.True(maps[0].GetSlice<float>(z).SequenceEqual(fromFile[0].GetSlice<float>(z)));
        }

        // The paper's 85 % quantile labels (about) 15 % of the voxels as graphite.
        var quantile = ProbabilityLabelling.Quantile(maps, classifier.Classes, 0, 0.85, Two, out double threshold);
        long graphite = Enumerable.Range(0, grey.Depth).Sum(z => (long)quantile.GetLabels(z).ToArray().Count(v => v == 1));
        Assert.InRange(graphite / (double)grey.VoxelCount, 0.15, 0.30);
        Assert.InRange(threshold, 0, 1);

        // Corrupt and foreign-feature files are refused by name.
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x55;
        File.WriteAllBytes(path, bytes);
        Assert.Equal("ClassifierFileCorrupt", Assert.Throws<MicroMorphException>(() => VoxelClassifierFile.Load(path)).ErrorId);
        File.WriteAllBytes(path, bytes[..20]);
        Assert.Equal("ClassifierFileCorrupt", Assert.Throws<MicroMorphException>(() => VoxelClassifierFile.Load(path)).ErrorId);
        File.WriteAllText(path, "not a classifier");
        Assert.Equal("ClassifierFileNotRecognized", Assert.Throws<MicroMorphException>(() => VoxelClassifierFile.Load(path)).ErrorId);
        VoxelClassifierFile.Save(classifier, path, force: true, computationVersion: VoxelFeatureSet.ComputationVersion + 1);
        Assert.Equal("ClassifierFeatureSetMismatch", Assert.Throws<MicroMorphException>(() => VoxelClassifierFile.Load(path)).ErrorId);
    }

    [Fact]
    public void BadTrainingInputsAreNamed()
    {
        var (grey, truth) = Phantom.Value;
        var set = new VoxelFeatureSet([new(VoxelFeatureKind.GaussianSmoothing, 1.0)], 2);
        var settings = new RandomForestOptions { TreeCount = 2 };
        string Id(Action a) => Assert.Throws<MicroMorphException>(a).ErrorId;

        var small = new PhaseImage(32, truth.Height, truth.Depth, truth.Phases);
        Assert.Equal("LabelSizeMismatch", Id(() => VoxelClassifier.Train(grey, small, set, settings, null, Two)));
        var none = LabelsOn(truth);
        Assert.Equal("NoLabelledVoxels", Id(() => VoxelClassifier.Train(grey, none, set, settings, null, Two)));

        // Only graphite painted, but the table names CarbonBinder too.
        var one = LabelsOn(truth);
        one.GetLabels(5)[0] = 1;
        Assert.Equal("ClassWithoutExamples", Id(() => VoxelClassifier.Train(grey, one, set, settings, null, Two)));
        Assert.Equal("ClassWithoutExamples", Id(() => VoxelClassifier.Train(grey, one, set, settings, ["Graphite", "Binder"], Two)));
        Assert.Equal("InvalidTreeCount", Id(() => VoxelClassifier.Train(grey, one, set, new RandomForestOptions { TreeCount = 0 }, null, Two)));
        Assert.Equal("FeaturesNeedGreyValues", Id(() => VoxelClassifier.Train(truth, one, set, settings, null, Two)));
    }
}

public class PriorPhasesTests
{
    [Fact]
    public void PriorPoreStaysPoreAndOtherVoxelsKeepTheirClass()
    {
        var classes = new PhaseTable([new Phase(1, "Graphite", default), new Phase(2, "CarbonBinder", default)]);
        var classified = new PhaseImage(4, 1, 1, classes);
        classified.GetLabels(0)[0] = 1;
        classified.GetLabels(0)[1] = 1;
        classified.GetLabels(0)[2] = 2;
        classified.GetLabels(0)[3] = 2;
        var prior = new PhaseImage(4, 1, 1, new PhaseTable([new Phase(0, "Pore", default), new Phase(5, "Additive", default)]));
        prior.GetLabels(0)[0] = 5;
        prior.GetLabels(0)[2] = 5;
        var result = PriorPhases.Keep(classified, prior, [prior.Phases.Resolve("Pore")], ComputeOptions.Default);
        Assert.Equal(new byte[] { 1, 0, 2, 0 }, result.GetLabels(0).ToArray());
        Assert.Equal(["Pore", "Graphite", "CarbonBinder"], result.Phases.Select(p => p.Name));

        var clash = new PhaseImage(4, 1, 1, new PhaseTable([new Phase(1, "Pore", default)]));
        Assert.Equal("PhaseLabelConflict", Assert.Throws<MicroMorphException>(() => PriorPhases.Keep(classified, clash, [clash.Phases[0]], ComputeOptions.Default)).ErrorId);
    }
}
