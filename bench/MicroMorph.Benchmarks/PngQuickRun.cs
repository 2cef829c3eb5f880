using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.IO;

namespace MicroMorph.Benchmarks;

/// <summary>
/// --png [REPEATS] [FOLDER]: times PNG write and read of one 2048 x 2048 UInt16 slice and of a stack of
/// 64 slices of 512 x 512 UInt16 (one file each, read and written one after another), through each
/// codec in <see cref="Codecs"/>; one JSON line per codec and case (median of REPEATS after an untimed
/// warm-up). The grey values are a smooth field plus noise of +-64, like a reconstructed tomogram, so
/// the compression is neither trivial nor hopeless. Every read is checked voxel for voxel.
/// </summary>
public static class PngQuickRun
{
    /// <summary>The codecs compared: name, read, write one slice. (The hand-written codec was measured here before it was retired.)</summary>
    private static readonly (string Name, Func<string, VoxelStack> Read, Action<Volume, int, string> Write)[] Codecs =
    [
        ("ImageSharp 2.1.13", p => RasterImageCodec.Read(p, null), RasterImageCodec.WriteSlice),
    ];

    public static void Run(string[] args)
    {
        int repeats = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
        string folder = args.Length > 2 ? args[2] : Path.Combine(Path.GetTempPath(), "mm-png-bench");
        Directory.CreateDirectory(folder);
        var big = Field(2048, 2048, 1);
        var stack = Field(512, 512, 64);
        foreach (var (name, read, write) in Codecs)
        {
            string dir = Path.Combine(folder, name.Split(' ')[0]);
            Directory.CreateDirectory(dir);
            Time(name, "2048x2048 UInt16 slice", big, dir, repeats, read, write);
            Time(name, "64 x 512x512 UInt16 slices", stack, dir, repeats, read, write);
        }
    }

    private static void Time(string codec, string label, VoxelStack volume, string dir, int repeats, Func<string, VoxelStack> read, Action<Volume, int, string> write)
    {
        string[] files = Enumerable.Range(0, volume.Depth).Select(z => Path.Combine(dir, string.Create(CultureInfo.InvariantCulture, $"s{volume.Width}_{z:D4}.png"))).ToArray();
        var writeTimes = new List<double>();
        var readTimes = new List<double>();
        for (int r = -1; r < repeats; r++)
        {
            var sw = Stopwatch.StartNew();
            for (int z = 0; z < volume.Depth; z++)
            {
                write(volume, z, files[z]);
            }

            sw.Stop();
            if (r >= 0)
            {
                writeTimes.Add(sw.Elapsed.TotalSeconds);
            }

            sw.Restart();
            for (int z = 0; z < volume.Depth; z++)
            {
                var back = read(files[z]);
                if (r < 0 && !back.GetSliceBytes(0).SequenceEqual(volume.GetSliceBytes(z)))
                {
                    throw new InvalidOperationException($"{codec}: slice {z} does not read back exactly.");
                }
            }

            sw.Stop();
            if (r >= 0)
            {
                readTimes.Add(sw.Elapsed.TotalSeconds);
            }
        }

        writeTimes.Sort();
        readTimes.Sort();
        Console.WriteLine(JsonSerializer.Serialize(new
        {
            codec,
            data = label,
            repeats,
            dataBytes = volume.ByteCount,
            fileBytes = files.Sum(f => new FileInfo(f).Length),
            writeMedianSeconds = writeTimes[writeTimes.Count / 2],
            readMedianSeconds = readTimes[readTimes.Count / 2],
        }));
    }

    private static VoxelStack Field(int w, int h, int d)
    {
        var v = new VoxelStack(w, h, d, VoxelDataType.UInt16);
        var random = new Random(12345);
        for (int z = 0; z < d; z++)
        {
            var s = v.GetSlice<ushort>(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    double smooth = 20000 + 9000 * Math.Sin(x * 0.013 + z * 0.05) * Math.Cos(y * 0.021) + 4000 * Math.Sin((x + y) * 0.002);
                    s[y * w + x] = (ushort)Math.Clamp(smooth + random.Next(-64, 65), 0, 65535);
                }
            }
        }

        return v;
    }
}
