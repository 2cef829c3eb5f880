using System.Diagnostics;
using System.Globalization;
using System.Text;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;

namespace MicroMorph.Fuzzing;

/// <summary>
/// The readers' fuzz harness (issue 20). Modes:
/// <list type="bullet">
/// <item><c>campaign --seconds S [--cases N] [--formats tiff,png,hdf5,mhd,folder] [--seed K] [--parallel P] [--out DIR]</c>:
/// builds the seed files, then runs mutated cases in child processes (one per batch) under a time
/// and memory watchdog; writes results.tsv, summary.md and reproducers/ to DIR.</item>
/// <item><c>child SEEDDIR FORMAT SEED FIRST COUNT WORKDIR</c>: runs cases FIRST.. of FORMAT (used by campaign).</item>
/// <item><c>corpus-add CORPUSDIR REPRODUCERDIR...</c>: copies reproducers into the regression corpus with their outcome now.</item>
/// <item><c>write-case SEEDDIR FORMAT SEED INDEX DIR</c>: writes one case (to study it) and prints its outcome.</item>
/// </list>
/// </summary>
internal static class Program
{
    public static readonly string[] AllFormats = ["tiff", "png", "hdf5", "mhd", "folder"];

    private static int Main(string[] args)
    {
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        if (args.Length == 0)
        {
            Console.Error.WriteLine("usage: campaign --seconds S [--cases N] [--formats a,b] [--seed K] [--parallel P] [--out DIR] | child ... | corpus-add CORPUS DIR...");
            return 2;
        }

        return args[0] switch
        {
            "campaign" => Campaign.Run(Options(args.Skip(1).ToArray())),
            "child" => Child.Run(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), int.Parse(args[5], CultureInfo.InvariantCulture), args[6]),
            "corpus-add" => Corpus.Add(args[1], args.Skip(2).ToArray()),
            "write-case" => WriteCase(args[1], args[2], int.Parse(args[3], CultureInfo.InvariantCulture), int.Parse(args[4], CultureInfo.InvariantCulture), args[5]),
            _ => 2,
        };
    }

    /// <summary>Writes case INDEX of FORMAT (campaign seed SEED) to DIR with its case.txt, and prints its outcome.</summary>
    private static int WriteCase(string seedDir, string format, int seed, int index, string dir)
    {
        var (mutant, main, oracle, dataset) = Seeds.Load(seedDir).Case(format, seed, index);
        Seeds.Write(dir, mutant);
        var outcome = Reader.Classify(Seeds.MainPath(dir, main), oracle, dataset);
        File.WriteAllLines(Path.Combine(dir, "case.txt"), [main, oracle ?? string.Empty, Campaign.Clean(mutant.Description), Campaign.Clean(outcome.ToString()), dataset]);
        Console.WriteLine($"{mutant.Description}\n{outcome}");
        return outcome.IsDefect ? 1 : 0;
    }

    private static Dictionary<string, string> Options(string[] args)
    {
        var o = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            o[args[i].TrimStart('-')] = args[i + 1];
        }

        return o;
    }
}

/// <summary>What one case did.</summary>
internal sealed record Outcome(string Kind, string Detail)
{
    /// <summary>Outcomes that are defects: unwrapped exceptions, errors not naming the file, wrong voxels, hangs, memory, crashes.</summary>
    public bool IsDefect => Kind is "unwrapped" or "unnamed" or "silent-wrong" or "hang" or "memory" or "crash";

    public override string ToString() => Detail.Length == 0 ? Kind : Kind + ":" + Detail;
}

/// <summary>Reads one case the way Import-VoxelStack does and classifies the result.</summary>
internal static class Reader
{
    public static Outcome Classify(string mainPath, string? oracleHash, string? dataset = null)
    {
        try
        {
            var volume = VolumeReader.Read([mainPath], new VolumeReadOptions { Dataset = string.IsNullOrEmpty(dataset) ? null : dataset });
            if (oracleHash is null)
            {
                return new Outcome("ok", string.Empty);
            }

            return volume.ContentHash == oracleHash
                ? new Outcome("ok-same", string.Empty)
                : new Outcome("silent-wrong", $"{volume.Dimensions} {volume.DataType} {volume.ContentHash} instead of {oracleHash}");
        }
        catch (MicroMorphException ex) when (ex.ErrorId == "ReaderFailed")
        {
            return new Outcome("unwrapped", Describe(ex.InnerException ?? ex));
        }
        catch (MicroMorphException ex)
        {
            string name = Path.GetFileName(mainPath.TrimEnd('/'));
            return ex.Message.Contains(name, StringComparison.Ordinal)
                ? new Outcome("error", ex.ErrorId)
                : new Outcome("unnamed", ex.ErrorId + " " + ex.Message.Replace('\t', ' ').Replace('\n', ' '));
        }
        catch (Exception ex)
        {
            return new Outcome("unwrapped", Describe(ex));
        }
    }

    private static string Describe(Exception ex)
    {
        string frame = new StackTrace(ex).GetFrames().FirstOrDefault(f => f.GetMethod()?.DeclaringType?.Namespace?.StartsWith("MicroMorph", StringComparison.Ordinal) == true)?.GetMethod() is { } m
            ? m.DeclaringType?.Name + "." + m.Name
            : "?";
        return $"{ex.GetType().Name} at {frame}: {ex.Message.Replace('\t', ' ').Replace('\n', ' ')}";
    }
}

/// <summary>Seed files per format and the cases derived from them (deterministic: case i of a format and campaign seed is always the same mutant).</summary>
internal sealed class Seeds
{
    private readonly string _dir;

    private Seeds(string dir) => _dir = dir;

    /// <summary>
    /// Per format: the seeds, each a set of files (relative name to bytes), its main file, the unmutated
    /// volume's hash (or null), its dimensions and the HDF5 dataset to read (or empty).
    /// </summary>
    public Dictionary<string, List<(string Main, Dictionary<string, byte[]> Files, string? Hash, ulong[] Dims, string Dataset)>> ByFormat { get; } = [];

    public static Seeds Load(string dir)
    {
        var s = new Seeds(dir);
        foreach (var format in Program.AllFormats)
        {
            var list = new List<(string, Dictionary<string, byte[]>, string?, ulong[], string)>();
            string root = Path.Combine(dir, format);
            if (!Directory.Exists(root))
            {
                continue;
            }

            foreach (var seedDir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                var info = File.ReadAllLines(Path.Combine(seedDir, "seed.txt"));
                var files = Directory.GetFiles(Path.Combine(seedDir, "files"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)
                    .ToDictionary(f => Path.GetRelativePath(Path.Combine(seedDir, "files"), f), File.ReadAllBytes);
                string? hash = info[1].Length == 0 ? null : info[1];
                var dims = info.Length > 2 && info[2].Length > 0 ? info[2].Split(' ').Select(ulong.Parse).ToArray() : [];
                list.Add((info[0], files, hash, dims, info.Length > 3 ? info[3] : string.Empty));
            }

            s.ByFormat[format] = list;
        }

        return s;
    }

    /// <summary>Writes the seed files: the committed test fixtures plus volumes written by MicroMorph's own writers.</summary>
    public static void Build(string dir, string repositoryRoot)
    {
        if (Directory.Exists(dir))
        {
            Directory.Delete(dir, true);
        }

        string data = Path.Combine(repositoryRoot, "tests/MicroMorph.Core.Tests/Data");
        int n = 0;
        void Add(string format, string main, Dictionary<string, byte[]> files)
        {
            string seedDir = Path.Combine(dir, format, (n++).ToString("D3", CultureInfo.InvariantCulture));
            foreach (var (name, bytes) in files)
            {
                string p = Path.Combine(seedDir, "files", name);
                Directory.CreateDirectory(Path.GetDirectoryName(p)!);
                File.WriteAllBytes(p, bytes);
            }

            string? hash = null;
            string dims = string.Empty;
            string dataset = string.Empty;
            for (int attempt = 0; attempt < 2 && hash is null; attempt++)
            {
                try
                {
                    var v = VolumeReader.Read([Path.Combine(seedDir, "files", main)], new VolumeReadOptions { Dataset = dataset.Length == 0 ? null : dataset });
                    hash = v.ContentHash;
                    dims = string.Join(' ', new[] { v.Depth, v.Height, v.Width }.Where(d => d > 1).Distinct());
                }
                catch (MicroMorphException ex) when (ex.ErrorId == "Hdf5DatasetRequired" && ex.Target is string[] names && names.Length > 0)
                {
                    // A file of several image datasets: fuzz the reading of its first one.
                    dataset = names[0];
                }
                catch (MicroMorphException)
                {
                    break;
                }
            }

            File.WriteAllLines(Path.Combine(seedDir, "seed.txt"), [main, hash ?? string.Empty, dims, dataset]);
        }

        Dictionary<string, byte[]> One(string path) => new() { [Path.GetFileName(path)] = File.ReadAllBytes(path) };
        foreach (var f in Directory.GetFiles(Path.Combine(data, "tiff"), "*.tif").Order(StringComparer.Ordinal).Where(f => new FileInfo(f).Length < 64 << 10))
        {
            Add("tiff", Path.GetFileName(f), One(f));
        }

        foreach (var f in Directory.GetFiles(Path.Combine(data, "png"), "*.png").Order(StringComparer.Ordinal))
        {
            Add("png", Path.GetFileName(f), One(f));
        }

        foreach (var f in Directory.GetFiles(Path.Combine(data, "hdf5"), "*.h5").Order(StringComparer.Ordinal).Where(f => !Path.GetFileName(f).Contains("truncated", StringComparison.Ordinal)))
        {
            Add("hdf5", Path.GetFileName(f), One(f));
        }

        Add("mhd", "itk_float.mhd", new() { ["itk_float.mhd"] = File.ReadAllBytes(Path.Combine(data, "raw/itk_float.mhd")), ["itk_float.raw"] = File.ReadAllBytes(Path.Combine(data, "raw/itk_float.raw")) });
        Add("mhd", "itk_short2d.mha", One(Path.Combine(data, "raw/itk_short2d.mha")));

        // MicroMorph's own writers: every TIFF compression, HDF5, MetaImage and PNG slices.
        string temp = Path.Combine(dir, "_write");
        Directory.CreateDirectory(temp);
        var u16 = Synthetic(24, 20, 3, VoxelDataType.UInt16);
        var u8 = Synthetic(24, 20, 3, VoxelDataType.UInt8);
        var f32 = Synthetic(19, 11, 2, VoxelDataType.Float32);
        foreach (var (volume, tag) in new[] { (u16, "u16"), (u8, "u8"), (f32, "f32") })
        {
            foreach (var compression in Enum.GetValues<TiffCompression>())
            {
                foreach (var order in new[] { ByteOrder.LittleEndian, ByteOrder.BigEndian })
                {
                    string name = $"mm_{tag}_{compression}_{order}.tif";
                    VolumeWriter.Write(volume, Path.Combine(temp, name), VolumeFormat.Tiff, new VolumeWriteOptions { Compression = compression, ByteOrder = order, Force = true });
                    Add("tiff", name, One(Path.Combine(temp, name)));
                }
            }

            string h5 = $"mm_{tag}.h5";
            VolumeWriter.Write(volume, Path.Combine(temp, h5), VolumeFormat.Hdf5, new VolumeWriteOptions { Force = true });
            Add("hdf5", h5, One(Path.Combine(temp, h5)));
            string mhd = $"mm_{tag}.mhd";
            var written = VolumeWriter.Write(volume, Path.Combine(temp, mhd), VolumeFormat.Raw, new VolumeWriteOptions { Force = true });
            Add("mhd", mhd, written.ToDictionary(f => Path.GetFileName(f), f => File.ReadAllBytes(f)));
        }

        var bytes = new byte[24 * 20 * 3];
        u8.ReadSliceBytes(0).CopyTo(bytes);
        string local = "ObjectType = Image\nNDims = 3\nDimSize = 24 20 1\nElementType = MET_UCHAR\nElementSpacing = 0.5 0.5 2\nHeaderSize = -1\nElementDataFile = LOCAL\n";
        Add("mhd", "local.mha", new() { ["local.mha"] = [.. Encoding.ASCII.GetBytes(local), .. bytes.AsSpan(0, 24 * 20)] });

        foreach (var (volume, tag) in new[] { (u8, "u8"), (u16, "u16") })
        {
            string folder = Path.Combine(temp, "slices_" + tag);
            Directory.CreateDirectory(folder);
            var files = VolumeWriter.Write(volume, Path.Combine(folder, "slice.png"), VolumeFormat.PngSlices, new VolumeWriteOptions { Force = true });
            Add("png", Path.GetFileName(files[0]), One(files[0]));
            Add("folder", "slices", files.ToDictionary(f => "slices/" + Path.GetFileName(f), File.ReadAllBytes));
            var tiffSlices = new Dictionary<string, byte[]>();
            for (int z = 0; z < volume.Depth; z++)
            {
                var slice = VoxelStack.CreateUninitialized(volume.Width, volume.Height, 1, volume.DataType);
                volume.ReadSliceBytes(z).CopyTo(slice.GetSliceBytes(0));
                string p = Path.Combine(temp, $"t_{tag}_{z}.tif");
                VolumeWriter.Write(slice, p, VolumeFormat.Tiff, new VolumeWriteOptions { Force = true, Compression = z == 1 ? TiffCompression.Lzw : TiffCompression.None });
                tiffSlices[$"slices/z{z}.tif"] = File.ReadAllBytes(p);
            }

            Add("folder", "slices", tiffSlices);
        }

        Directory.Delete(temp, true);
    }

    /// <summary>A small volume with structure (gradients and a disc) so that compression has something to do.</summary>
    private static VoxelStack Synthetic(int w, int h, int d, VoxelDataType type)
    {
        var v = new VoxelStack(w, h, d, type);
        for (int z = 0; z < d; z++)
        {
            var bytes = v.GetSliceBytes(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double value = ((x - 10) * (x - 10)) + ((y - 9) * (y - 9)) < 30 ? 200 : (x * 3) + y + (40 * z);
                    int i = (y * w) + x;
                    switch (type)
                    {
                        case VoxelDataType.UInt8: bytes[i] = (byte)value; break;
                        case VoxelDataType.UInt16: BitConverter.TryWriteBytes(bytes[(2 * i)..], (ushort)(value * 97)); break;
                        default: BitConverter.TryWriteBytes(bytes[(4 * i)..], (float)(value / 7)); break;
                    }
                }
            }
        }

        return v;
    }

    /// <summary>Case <paramref name="index"/> of a format: its seed and mutant, the same for the same campaign seed.</summary>
    public (Mutant Mutant, string Main, string? Oracle, string Dataset) Case(string format, int campaignSeed, int index)
    {
        var seeds = ByFormat[format];
        // (No string.GetHashCode: it differs between processes, and the parent regenerates a child's case.)
        var r = new Random(unchecked((campaignSeed * 1_000_003) + (index * 7919) + (format.Length * 31) + format[0]));
        var (main, files, hash, dims, dataset) = seeds[r.Next(seeds.Count)];
        Mutant m = format switch
        {
            "tiff" => Mutators.Tiff(main, files[main], r),
            "png" => Mutators.Png(main, files[main], r),
            "hdf5" => Mutators.Hdf5(main, files[main], r, dims),
            "mhd" => Mutators.MetaImage(files, main, r),
            _ => Folder(files, r),
        };
        return (m, main, m.RemovalOnly ? hash : null, dataset);
    }

    /// <summary>Slice folders: one slice mutated as its format, or a slice removed, added or replaced.</summary>
    private static Mutant Folder(Dictionary<string, byte[]> files, Random r)
    {
        var result = files.ToDictionary(kv => kv.Key, kv => kv.Value);
        var names = result.Keys.Order(StringComparer.Ordinal).ToList();
        string victim = names[r.Next(names.Count)];
        switch (r.Next(6))
        {
            case 0:
                result.Remove(victim);
                return new Mutant("folder: remove " + victim, false, result);
            case 1:
                result["slices/zz_extra" + Path.GetExtension(victim)] = r.Next(2) == 0 ? [] : result[victim][..(result[victim].Length / 2)];
                return new Mutant("folder: add a broken slice", false, result);
            case 2:
                result[victim] = result[names[(names.IndexOf(victim) + 1) % names.Count]];
                return new Mutant("folder: duplicate a slice", false, result);
            default:
            {
                var m = victim.EndsWith(".png", StringComparison.Ordinal)
                    ? Mutators.Png(victim, result[victim], r)
                    : Mutators.Tiff(victim, result[victim], r);
                result[victim] = m.Files[victim];
                return new Mutant("folder: " + victim + " " + m.Description, false, result);
            }
        }
    }

    public static string MainPath(string caseDir, string main) => main == "slices" ? Path.Combine(caseDir, "slices") : Path.Combine(caseDir, main);

    public static void Write(string caseDir, Mutant m)
    {
        foreach (var (name, bytes) in m.Files)
        {
            string p = Path.Combine(caseDir, name);
            Directory.CreateDirectory(Path.GetDirectoryName(p)!);
            File.WriteAllBytes(p, bytes);
        }

        if (m.Files.Keys.All(k => k.StartsWith("slices/", StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(Path.Combine(caseDir, "slices"));
        }
    }
}

/// <summary>The child process: runs a range of cases and reports each on stdout (START before, DONE after).</summary>
internal static class Child
{
    public static int Run(string seedDir, string format, int seed, int first, int count, string workDir)
    {
        var seeds = Seeds.Load(seedDir);
        for (int i = first; i < first + count; i++)
        {
            var (mutant, main, oracle, dataset) = seeds.Case(format, seed, i);
            string caseDir = Path.Combine(workDir, format + "-" + i.ToString(CultureInfo.InvariantCulture));
            Seeds.Write(caseDir, mutant);
            Console.Out.WriteLine($"START\t{i}");
            Console.Out.Flush();
            long allocated = GC.GetTotalAllocatedBytes(false);
            var watch = Stopwatch.StartNew();
            var outcome = Reader.Classify(Seeds.MainPath(caseDir, main), oracle, dataset);
            long mib = (GC.GetTotalAllocatedBytes(false) - allocated) >> 20;
            Console.Out.WriteLine($"DONE\t{i}\t{Campaign.Clean(outcome.ToString()).Replace('\t', ' ')}\t{watch.ElapsedMilliseconds}\t{mib}\t{mutant.Files.Values.Sum(b => (long)b.Length)}".Replace('\n', ' '));
            Console.Out.Flush();
            Directory.Delete(caseDir, true);
        }

        return 0;
    }
}
