using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;

namespace MicroMorph.Core.Classification;

/// <summary>
/// The classifier file (.mmclf): the magic "MMVOXCLF", the format version (int32), the payload
/// length (int64), the payload, and its SHA-256. The payload (little-endian, strings as
/// length-prefixed UTF-8) records the feature set (computation version, name, dimensions,
/// (family, sigma) list, channel names), the classes (label, name, colour), the training
/// settings and sample counts, and the trees' flat node arrays. Loading refuses a file that is
/// not one (<c>ClassifierFileNotRecognized</c>), a newer format (<c>ClassifierFormatNotSupported</c>),
/// damaged bytes (<c>ClassifierFileCorrupt</c>) and features this version computes differently
/// (<c>ClassifierFeatureSetMismatch</c>), so a reloaded classifier predicts exactly as saved.
/// </summary>
public static class VoxelClassifierFile
{
    public const int FormatVersion = 1;

    /// <summary>The customary file extension.</summary>
    public const string Extension = ".mmclf";

    private static readonly byte[] Magic = "MMVOXCLF"u8.ToArray();

    /// <summary>Writes atomically (temporary file, then rename); refuses an existing file unless <paramref name="force"/>.</summary>
    public static void Save(VoxelClassifier classifier, string path, bool force, CancellationToken cancellationToken = default) =>
        Save(classifier, path, force, VoxelFeatureSet.ComputationVersion, cancellationToken);

    internal static void Save(VoxelClassifier classifier, string path, bool force, int computationVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(path);
        var payload = Payload(classifier, computationVersion);
        AtomicFileWriter.Write(
            path,
            temp =>
            {
                using var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write);
                using var writer = new BinaryWriter(stream);
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write((long)payload.Length);
                writer.Write(payload);
                writer.Write(SHA256.HashData(payload));
            },
            force,
            cancellationToken);
        classifier.Source = Path.GetFullPath(path);
    }

    private static byte[] Payload(VoxelClassifier c, int computationVersion)
    {
        using var memory = new MemoryStream();
        using (var w = new BinaryWriter(memory, Encoding.UTF8, leaveOpen: true))
        {
            var set = c.FeatureSet;
            w.Write(computationVersion);
            w.Write(set.Name);
            w.Write(set.Dimensions);
            w.Write(set.Features.Count);
            foreach (var f in set.Features)
            {
                w.Write((int)f.Kind);
                w.Write(f.Kind.ToString());
                w.Write(f.Sigma);
            }

            w.Write(set.ChannelCount);
            foreach (var name in set.ChannelNames)
            {
                w.Write(name);
            }

            w.Write(c.Classes.Count);
            foreach (var p in c.Classes)
            {
                w.Write(p.Label);
                w.Write(p.Name);
                w.Write(p.Color.R);
                w.Write(p.Color.G);
                w.Write(p.Color.B);
                w.Write(c.SamplesPerClass[c.Classes.ToList().IndexOf(p)]);
            }

            var s = c.Settings;
            w.Write(s.TreeCount);
            w.Write(s.MaximumDepth);
            w.Write(s.MinimumLeafSize);
            w.Write(s.FeaturesPerSplit);
            w.Write(s.BinCount);
            w.Write(s.Seed);
            w.Write(c.OutOfBagAccuracy);
            w.Write(c.Forest.Trees.Count);
            foreach (var tree in c.Forest.Trees)
            {
                w.Write(tree.NodeCount);
                foreach (int v in tree.Feature)
                {
                    w.Write(v);
                }

                foreach (float v in tree.Threshold)
                {
                    w.Write(v);
                }

                foreach (int v in tree.Child)
                {
                    w.Write(v);
                }

                w.Write(tree.LeafValues.Length);
                foreach (float v in tree.LeafValues)
                {
                    w.Write(v);
                }
            }
        }

        return memory.ToArray();
    }

    /// <summary>Reads a classifier written by <see cref="Save(VoxelClassifier, string, bool, CancellationToken)"/>.</summary>
    public static VoxelClassifier Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string full = Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new MicroMorphException("ClassifierFileNotFound", MicroMorphErrorKind.ObjectNotFound, $"The classifier file '{full}' does not exist.", path);
        }

        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(full);
        }
        catch (IOException ex)
        {
            throw new MicroMorphException("ClassifierReadFailed", MicroMorphErrorKind.ReadError, $"Reading '{full}' failed: {ex.Message}", path, ex);
        }

        if (bytes.Length < Magic.Length + 4 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw MicroMorphException.InvalidData("ClassifierFileNotRecognized", $"'{full}' is not a MicroMorph voxel classifier file (it does not start with MMVOXCLF).", path);
        }

        int version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != FormatVersion)
        {
            throw new MicroMorphException(
                "ClassifierFormatNotSupported",
                MicroMorphErrorKind.NotSupported,
                string.Create(CultureInfo.InvariantCulture, $"'{full}' is a classifier file of format version {version}; this MicroMorph reads version {FormatVersion}."),
                path);
        }

        int header = Magic.Length + 12;
        long length = bytes.Length >= header ? BitConverter.ToInt64(bytes, Magic.Length + 4) : -1;
        if (length < 0 || length != bytes.Length - header - 32)
        {
            throw Corrupt(full, "its length does not match its header (truncated or appended to)");
        }

        var payload = bytes.AsSpan(header, (int)length);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(bytes.AsSpan(header + (int)length, 32)))
        {
            throw Corrupt(full, "its checksum does not match its content");
        }

        try
        {
            using var reader = new BinaryReader(new MemoryStream(bytes, header, (int)length), Encoding.UTF8);
            var classifier = Read(reader, full);
            classifier.Source = full;
            return classifier;
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or ArgumentException or OverflowException or OutOfMemoryException or FormatException)
        {
            throw Corrupt(full, ex.Message);
        }
    }

    private static VoxelClassifier Read(BinaryReader r, string path)
    {
        int computation = r.ReadInt32();
        if (computation != VoxelFeatureSet.ComputationVersion)
        {
            throw Mismatch(path, string.Create(CultureInfo.InvariantCulture, $"its features were computed by feature version {computation}; this MicroMorph computes version {VoxelFeatureSet.ComputationVersion}; train the classifier again"));
        }

        string name = r.ReadString();
        int dimensions = r.ReadInt32();
        int featureCount = Count(r.ReadInt32(), 10000);
        var features = new List<VoxelFeature>();
        for (int i = 0; i < featureCount; i++)
        {
            int kind = r.ReadInt32();
            string kindName = r.ReadString();
            double sigma = r.ReadDouble();
            if (!Enum.IsDefined((VoxelFeatureKind)kind) || ((VoxelFeatureKind)kind).ToString() != kindName)
            {
                throw Mismatch(path, $"it uses the feature '{kindName}', which this MicroMorph does not compute");
            }

            features.Add(new VoxelFeature((VoxelFeatureKind)kind, sigma));
        }

        VoxelFeatureSet set;
        try
        {
            set = new VoxelFeatureSet(features, dimensions, name);
        }
        catch (MicroMorphException ex)
        {
            throw Mismatch(path, ex.Message);
        }

        int channels = Count(r.ReadInt32(), 100000);
        var channelNames = Enumerable.Range(0, channels).Select(_ => r.ReadString()).ToArray();
        if (!channelNames.SequenceEqual(set.ChannelNames))
        {
            throw Mismatch(path, $"its {channels} recorded channels ({string.Join(", ", channelNames.Take(4))}...) differ from the {set.ChannelCount} channels of its feature set");
        }

        int classCount = Count(r.ReadInt32(), 255);
        var phases = new List<Phase>();
        var samples = new long[classCount];
        for (int i = 0; i < classCount; i++)
        {
            byte label = r.ReadByte();
            string className = r.ReadString();
            var color = new RgbColor(r.ReadByte(), r.ReadByte(), r.ReadByte());
            samples[i] = r.ReadInt64();
            phases.Add(new Phase(label, className, color));
        }

        var classes = new PhaseTable(phases);
        var settings = new RandomForestOptions
        {
            TreeCount = r.ReadInt32(),
            MaximumDepth = r.ReadInt32(),
            MinimumLeafSize = r.ReadInt32(),
            FeaturesPerSplit = r.ReadInt32(),
            BinCount = r.ReadInt32(),
            Seed = r.ReadInt64(),
        };
        double oob = r.ReadDouble();
        int treeCount = Count(r.ReadInt32(), 10000);
        var trees = new DecisionTree[treeCount];
        for (int t = 0; t < treeCount; t++)
        {
            int nodes = Count(r.ReadInt32(), (int)Math.Min(int.MaxValue, r.BaseStream.Length / 12));
            var feature = new int[nodes];
            var threshold = new float[nodes];
            var child = new int[nodes];
            for (int i = 0; i < nodes; i++)
            {
                feature[i] = r.ReadInt32();
            }

            for (int i = 0; i < nodes; i++)
            {
                threshold[i] = r.ReadSingle();
            }

            for (int i = 0; i < nodes; i++)
            {
                child[i] = r.ReadInt32();
            }

            int leaves = Count(r.ReadInt32(), (int)Math.Min(int.MaxValue, r.BaseStream.Length / 4));
            var leaf = new float[leaves];
            for (int i = 0; i < leaves; i++)
            {
                leaf[i] = r.ReadSingle();
            }

            trees[t] = new DecisionTree(feature, threshold, child, leaf);
            if (!trees[t].IsConsistent(set.ChannelCount, classCount))
            {
                throw Corrupt(path, $"tree {t} points outside its nodes");
            }
        }

        if (r.BaseStream.Position != r.BaseStream.Length)
        {
            throw Corrupt(path, "it holds data after the last tree");
        }

        return new VoxelClassifier(set, classes, new RandomForest(trees, set.ChannelCount, classCount), settings, samples, oob);
    }

    private static int Count(int value, int maximum) =>
        value >= 0 && value <= maximum ? value : throw new FormatException($"A count of {value} is out of range.");

    private static MicroMorphException Corrupt(string path, string why) =>
        MicroMorphException.InvalidData("ClassifierFileCorrupt", $"The classifier file '{path}' is damaged: {why}.", path);

    private static MicroMorphException Mismatch(string path, string why) =>
        MicroMorphException.InvalidData("ClassifierFeatureSetMismatch", $"The classifier file '{path}' does not fit this MicroMorph's features: {why}.", path);
}
