using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Classification;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --classifier N [DIMENSIONS 2|3] [TREES] [DEPTH] [MAXDOP]: the texture phantom at N^3
/// (ClassificationPhantom, seed 1), dense labels on slices N/4, N/2, 3N/4, the Grafensteiner2021
/// preset; times training and features + prediction, reports IoU on the other slices and the best
/// global threshold's IoU, as one JSON line.
/// </summary>
public static class ClassifierQuickRun
{
    public static void Run(string[] args)
    {
        int n = int.Parse(args[1], CultureInfo.InvariantCulture);
        int dimensions = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 3;
        int trees = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 100;
        int depth = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 20;
        int dop = args.Length > 5 ? int.Parse(args[5], CultureInfo.InvariantCulture) : -1;
        var options = new ComputeOptions { MaxDegreeOfParallelism = dop };
        var watch = Stopwatch.StartNew();
        var (grey, truth) = ClassificationPhantom.Create(n, n, n, 1, 0.35, Math.Max(8, n / 4.0), options);
        double phantomSeconds = watch.Elapsed.TotalSeconds;
        int[] training = [n / 4, n / 2, 3 * n / 4];
        var labels = new PhaseImage(n, n, n, truth.Phases.Prepend(new Phase(0, "Unlabelled", default)).ToArray() is var p ? new PhaseTable(p) : null!);
        foreach (int z in training)
        {
            truth.GetLabels(z).CopyTo(labels.GetLabels(z));
        }

        var set = Environment.GetEnvironmentVariable("CLASSIFIER_SIGMAS") is { Length: > 0 } sigmas
            ? VoxelFeatureSet.Grid(Enum.GetValues<VoxelFeatureKind>(), sigmas.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)), dimensions)
            : VoxelFeatureSet.Preset(VoxelFeatureSet.Grafensteiner2021, dimensions);
        int leaf = Environment.GetEnvironmentVariable("CLASSIFIER_LEAF") is { Length: > 0 } leafText ? int.Parse(leafText, CultureInfo.InvariantCulture) : 1;
        watch.Restart();
        var classifier = VoxelClassifier.Train(grey, labels, set, new RandomForestOptions { TreeCount = trees, MaximumDepth = depth, MinimumLeafSize = leaf, Seed = 1 }, null, options);
        double trainSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        VoxelFeatureComputer.ForEachChunk(grey, set, Enumerable.Range(0, n).ToArray(), VoxelFeatureComputer.DefaultChunkDepth(grey, set), options, (_, _) => { });
        double featureSeconds = watch.Elapsed.TotalSeconds;
        watch.Restart();
        var maps = classifier.PredictProbabilities(grey, options);
        double predictSeconds = watch.Elapsed.TotalSeconds;
        var predicted = ProbabilityLabelling.ArgMax(maps, classifier.Classes, options);
        var heldOut = Enumerable.Range(0, n).Where(z => !training.Contains(z)).ToArray();
        var iou = ClassificationAccuracy.Measure(predicted, truth, heldOut, options);
        var iouTraining = ClassificationAccuracy.Measure(predicted, truth, training, options);
        if (Environment.GetEnvironmentVariable("CLASSIFIER_DUMP") is { Length: > 0 } dump)
        {
            int zd = n / 2 + 7;
            File.WriteAllBytes(dump + ".grey", grey.GetSliceBytes(zd).ToArray());
            File.WriteAllBytes(dump + ".truth", truth.GetSliceBytes(zd).ToArray());
            File.WriteAllBytes(dump + ".prob", maps[0].GetSliceBytes(zd).ToArray());
        }

        // The best single global grey threshold (graphite above or below it).
        double bestThreshold = 0;
        for (int t = 0; t < 256; t += 2)
        {
            foreach (bool above in new[] { true, false })
            {
                long both = 0, union = 0;
                for (int z = 0; z < n; z++)
                {
                    var g = grey.GetSlice<byte>(z);
                    var l = truth.GetLabels(z);
                    for (int i = 0; i < g.Length; i++)
                    {
                        bool a = l[i] == ClassificationPhantom.GraphiteLabel, b = above ? g[i] >= t : g[i] < t;
                        both += a && b ? 1 : 0;
                        union += a || b ? 1 : 0;
                    }
                }

                bestThreshold = Math.Max(bestThreshold, (double)both / union);
            }
        }

        Console.WriteLine(JsonSerializer.Serialize(new
        {
            tool = "MicroMorph",
            operation = "voxel-classifier",
            size = n,
            dimensions,
            trees,
            depth,
            channels = set.ChannelCount,
            samples = classifier.SamplesPerClass.Sum(),
            phantomSeconds,
            trainSeconds,
            featureSeconds,
            predictSeconds,
            meanTreeDepth = classifier.Forest.MeanDepth,
            nodes = classifier.Forest.NodeCount,
            outOfBag = classifier.OutOfBagAccuracy,
            iou = iou.ToDictionary(j => j.Phase, j => j.Jaccard),
            bestGlobalThresholdIoU = bestThreshold,
            iouTrainingSlices = iouTraining.ToDictionary(j => j.Phase, j => j.Jaccard),
        }));
    }
}
