using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Classification;

/// <summary>
/// A trained voxel classifier (001 Section 2.3.1-2.3.2, the Trainable Weka / ilastik workflow):
/// the feature set it was trained on, the classes (labels and names of the training label image),
/// and a random forest over the feature channels. Train from a grey stack and a sparse label
/// image (0 = unlabelled), predict per-class probabilities of any grey stack, save and load
/// with <see cref="VoxelClassifierFile"/>.
/// </summary>
public sealed class VoxelClassifier
{
    internal VoxelClassifier(VoxelFeatureSet featureSet, PhaseTable classes, RandomForest forest, RandomForestOptions settings, long[] samplesPerClass, double outOfBagAccuracy)
    {
        FeatureSet = featureSet;
        Classes = classes;
        Forest = forest;
        Settings = settings;
        SamplesPerClass = Descriptors.ResultList.Of<long>(samplesPerClass, "classes");
        OutOfBagAccuracy = outOfBagAccuracy;
    }

    public VoxelFeatureSet FeatureSet { get; }

    /// <summary>The classes, by label and name, in the order of the probability maps.</summary>
    public PhaseTable Classes { get; }

    public RandomForest Forest { get; }

    public RandomForestOptions Settings { get; }

    /// <summary>Labelled voxels per class the forest was trained on.</summary>
    public IReadOnlyList<long> SamplesPerClass { get; }

    /// <summary>Out-of-bag accuracy on the labelled voxels (Breiman's estimate of the error on unseen voxels of the same slices).</summary>
    public double OutOfBagAccuracy { get; }

    /// <summary>The file it was loaded from or saved to, if any.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>
    /// Trains on the labelled voxels of <paramref name="labels"/> (0 = unlabelled; a phase image
    /// or an integer stack), features computed from <paramref name="grey"/>. Class names come from
    /// the phase table, or from <paramref name="classNames"/> (label i named classNames[i - 1]),
    /// or are "Class1", "Class2", ....
    /// </summary>
    public static VoxelClassifier Train(Volume grey, Volume labels, VoxelFeatureSet featureSet, RandomForestOptions settings, IReadOnlyList<string>? classNames, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(grey);
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(featureSet);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        settings.Validate();
        if (grey is PhaseImage)
        {
            throw MicroMorphException.Argument("FeaturesNeedGreyValues", "The classifier learns from a grey-value stack, not a phase image.", grey);
        }

        if (labels.Width != grey.Width || labels.Height != grey.Height || labels.Depth != grey.Depth)
        {
            throw MicroMorphException.Argument(
                "LabelSizeMismatch",
                $"The label image ({labels.Dimensions}) must have the size of the grey stack ({grey.Dimensions}).",
                labels);
        }

        if (labels.DataType == VoxelDataType.Float32)
        {
            throw MicroMorphException.Argument("LabelsNotInteger", "The label image must hold integer labels (0 = unlabelled), not Float32 values.", labels);
        }

        // Count labels per slice (one pass, parallel).
        var perSlice = new long[labels.Depth][];

        // Shares measured on the classification phantom (160^3, two labelled slices, 20 trees).
        var stages = new StagedProgress(
            options,
            new ProgressStage("Counting labels", 1),
            new ProgressStage("Features of the labelled slices", 3),
            new ProgressStage("Training the random forest", 4));
        SliceIterator.For(labels.Depth, stages.Next(), "Counting labels", z =>
        {
            var counts = new long[256];
            var values = new float[labels.SliceVoxelCount];
            GreyValues.ReadSlice(labels, z, values);
            foreach (float v in values)
            {
                if (v < 0 || v > 255)
                {
                    throw MicroMorphException.Argument("LabelOutOfRange", string.Create(CultureInfo.InvariantCulture, $"Slice {z} holds the label {v}; labels must be 0 (unlabelled) to 255."), labels);
                }

                counts[(int)v]++;
            }

            perSlice[z] = counts;
        });

        var total = new long[256];
        foreach (var counts in perSlice)
        {
            for (int l = 1; l < 256; l++)
            {
                total[l] += counts[l];
            }
        }

        var classes = ClassTable(labels, total, classNames);
        var samplesPerClass = classes.Select(c => total[c.Label]).ToArray();
        long n = samplesPerClass.Sum();
        if (n == 0)
        {
            throw MicroMorphException.Argument("NoLabelledVoxels", "The label image has no labelled voxel (every voxel is 0, unlabelled).", labels);
        }

        var empty = classes.Where((c, i) => samplesPerClass[i] == 0).ToArray();
        if (empty.Length > 0)
        {
            throw MicroMorphException.Argument(
                "ClassWithoutExamples",
                $"The class(es) {string.Join(", ", empty.Select(c => $"'{c.Name}' (label {c.Label})"))} have no labelled voxel; label examples of every class.",
                labels);
        }

        if (classes.Count < 2)
        {
            throw MicroMorphException.Argument("TooFewClasses", $"Only the class '{classes[0].Name}' is labelled; a classifier needs examples of at least two classes.", labels);
        }

        if (n > int.MaxValue / 2)
        {
            throw MicroMorphException.Argument("TooManyLabelledVoxels", $"{n} labelled voxels are too many training samples; label fewer slices.", labels);
        }

        int channels = featureSet.ChannelCount;
        MemoryBudget.Require(n * (channels * 5.0 + 16), "The training samples", labels);

        // Feature channels at the labelled voxels, in slice and voxel order.
        var classIndex = new int[256];
        Array.Fill(classIndex, -1);
        for (int i = 0; i < classes.Count; i++)
        {
            classIndex[classes[i].Label] = i;
        }

        var slices = Enumerable.Range(0, labels.Depth).Where(z => perSlice[z].Skip(1).Any(c => c > 0)).ToArray();
        var offset = new Dictionary<int, int>();
        int running = 0;
        foreach (int z in slices)
        {
            offset[z] = running;
            running += (int)perSlice[z].Skip(1).Sum();
        }

        var columns = Enumerable.Range(0, channels).Select(_ => new float[n]).ToArray();
        var y = new int[n];
        var sampling = stages.Next();
        VoxelFeatureComputer.ForEachChunk(grey, featureSet, slices, VoxelFeatureComputer.DefaultChunkDepth(grey, featureSet), sampling, (chunk, features) =>
        {
            SliceIterator.For(chunk.Length, sampling with { Progress = null }, "Collecting training samples", i =>
            {
                int z = chunk[i];
                var values = new float[labels.SliceVoxelCount];
                GreyValues.ReadSlice(labels, z, values);
                int k = offset[z];
                for (int v = 0; v < values.Length; v++)
                {
                    int label = (int)values[v];
                    if (label == 0)
                    {
                        continue;
                    }

                    y[k] = classIndex[label];
                    for (int c = 0; c < channels; c++)
                    {
                        columns[c][k] = features[i][c][v];
                    }

                    k++;
                }
            });
        });

        var (forest, oob) = RandomForestTrainer.Train(columns, y, classes.Count, settings, stages.Next());
        return new VoxelClassifier(featureSet, classes, forest, settings, samplesPerClass, oob);
    }

    private static PhaseTable ClassTable(Volume labels, long[] total, IReadOnlyList<string>? classNames)
    {
        var present = Enumerable.Range(1, 255).Where(l => total[l] > 0).ToArray();
        if (classNames is { Count: > 0 })
        {
            if (classNames.Count > 255)
            {
                throw MicroMorphException.Argument("TooManyClasses", "At most 255 classes can be named.", classNames);
            }

            var unnamed = present.Where(l => l > classNames.Count).ToArray();
            if (unnamed.Length > 0)
            {
                throw MicroMorphException.Argument(
                    "LabelWithoutClassName",
                    $"The label image holds label(s) {string.Join(", ", unnamed)}, but only {classNames.Count} class names were given (label i is named by the i-th name).",
                    labels);
            }

            return new PhaseTable(classNames.Select((name, i) => new Phase((byte)(i + 1), name, RgbColor.Default(i + 1))));
        }

        if (labels is PhaseImage image)
        {
            var known = image.Phases.Where(p => p.Label != 0).Select(p => (int)p.Label);
            return new PhaseTable(known.Union(present).OrderBy(l => l).Select(l =>
                image.Phases.TryGet((byte)l, out var phase) ? phase : new Phase((byte)l, "Class" + l.ToString(CultureInfo.InvariantCulture), RgbColor.Default(l))));
        }

        return new PhaseTable(present.Select(l => new Phase((byte)l, "Class" + l.ToString(CultureInfo.InvariantCulture), RgbColor.Default(l))));
    }

    /// <summary>
    /// The per-class probability maps of <paramref name="grey"/>: one Float32 stack per class, in
    /// the order of <see cref="Classes"/> (metadata "Classifier.Class" names the class), the
    /// features streamed chunk by chunk so only the maps are held whole.
    /// </summary>
    public VoxelStack[] PredictProbabilities(Volume grey, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(grey);
        ArgumentNullException.ThrowIfNull(options);
        if (grey is PhaseImage)
        {
            throw MicroMorphException.Argument("FeaturesNeedGreyValues", "The classifier predicts from a grey-value stack, not a phase image.", grey);
        }

        int k = Classes.Count;
        MemoryBudget.Require(grey.VoxelCount * 4.0 * k, $"The {k} probability maps (Float32)", grey);
        var maps = Classes.Select(c =>
        {
            var map = VoxelStack.CreateUninitialized(grey.Width, grey.Height, grey.Depth, VoxelDataType.Float32);
            map.VoxelSize = grey.VoxelSize;
            map.Source = string.IsNullOrEmpty(grey.Source) ? $"P({c.Name})" : $"P({c.Name}) of {grey.Source}";
            map.Metadata["Classifier.Class"] = c.Name;
            map.Metadata["Classifier.Label"] = c.Label.ToString(CultureInfo.InvariantCulture);
            return map;
        }).ToArray();

        int n = (int)grey.SliceVoxelCount;
        var all = Enumerable.Range(0, grey.Depth).ToArray();
        int chunkDepth = Math.Max(VoxelFeatureComputer.DefaultChunkDepth(grey, FeatureSet), Math.Min(8, grey.Depth));
        VoxelFeatureComputer.ForEachChunk(grey, FeatureSet, all, chunkDepth, options, (chunk, features) =>
        {
            SliceIterator.For(
                chunk.Length,
                options with { Progress = null },
                "Classifying voxels",
                () => Enumerable.Range(0, k).Select(_ => new float[n]).ToArray(),
                (i, probabilities) =>
                {
                    Forest.Predict(features[i], n, probabilities);
                    for (int c = 0; c < k; c++)
                    {
                        probabilities[c].AsSpan().CopyTo(maps[c].GetSlice<float>(chunk[i]));
                    }
                },
                _ => { });
        });

        return maps;
    }

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"VoxelClassifier [{Classes}] {FeatureSet.Name} {FeatureSet.Dimensions}-D, {Forest.Trees.Count} trees");
}
