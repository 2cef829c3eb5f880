using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Processing;

/// <summary>
/// Reduces resolution by integer factors per axis. The output has floor(n / factor) voxels per
/// axis and the voxel size grows by the factors, so every output voxel covers exactly the block it
/// stands for. Voxels beyond the last whole block (n mod factor at the far edge) are dropped: the
/// voxel size is uniform, so a partial block cannot keep its true extent, and counting it as a
/// whole block would inflate the physical volume (factor 3 on 256 voxels: 86 x 3 = 258, +2.4 % per
/// axis). <see cref="DroppedVoxels"/> tells the caller what is cropped; a factor larger than the
/// size along its axis is refused.
/// </summary>
public static class Downsampler
{
    public static Volume Downsample(Volume volume, (int X, int Y, int Z) factor, DownsamplingMethod method, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);

        var (w, h, d) = OutputSize(volume, factor);
        if (method == DownsamplingMethod.Mean && volume is PhaseImage)
        {
            throw MicroMorphException.Argument(
                "MeanOfLabels",
                "The mean of phase labels is not a label; use -Method Majority or Subsample for a phase image.",
                volume);
        }

        if (method == DownsamplingMethod.Majority && volume.DataType != VoxelDataType.UInt8)
        {
            throw MicroMorphException.Argument(
                "MajorityNeedsLabels",
                $"-Method Majority votes among labels 0-255 and needs a UInt8 stack or a phase image; this stack is {volume.DataType}.",
                volume);
        }

        var result = VolumeFactory.CreateLike(volume, w, h, d, string.Create(CultureInfo.InvariantCulture, $"{method} {factor.X}x{factor.Y}x{factor.Z}"));
        var vs = volume.VoxelSize;
        result.VoxelSize = new VoxelSize(vs.X * factor.X, vs.Y * factor.Y, vs.Z * factor.Z, vs.Unit);

        SliceIterator.For(d, options, "Down-sampling", z =>
        {
            switch (volume.DataType)
            {
                case VoxelDataType.UInt8: Slice<byte>(volume, result, z, factor, method); break;
                case VoxelDataType.UInt16: Slice<ushort>(volume, result, z, factor, method); break;
                case VoxelDataType.Int16: Slice<short>(volume, result, z, factor, method); break;
                case VoxelDataType.UInt32: Slice<uint>(volume, result, z, factor, method); break;
                default: Slice<float>(volume, result, z, factor, method); break;
            }
        });
        return result;
    }

    /// <summary>
    /// The output dimensions, floor(n / factor) per axis. Throws <c>InvalidDownsamplingFactor</c>
    /// for a factor below 1 and <c>DownsamplingFactorTooLarge</c> for a factor larger than the size
    /// along its axis (no whole block would remain).
    /// </summary>
    public static (int Width, int Height, int Depth) OutputSize(Volume volume, (int X, int Y, int Z) factor)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (factor.X < 1 || factor.Y < 1 || factor.Z < 1)
        {
            throw MicroMorphException.Argument(
                "InvalidDownsamplingFactor",
                string.Create(CultureInfo.InvariantCulture, $"Down-sampling factors must be positive integers; got {factor.X}, {factor.Y}, {factor.Z}."),
                factor);
        }

        foreach (var (axis, size, f) in new[] { ("x", volume.Width, factor.X), ("y", volume.Height, factor.Y), ("z", volume.Depth, factor.Z) })
        {
            if (f > size)
            {
                string hint = axis == "z" && size == 1 ? " For a 2D image, give one factor (it applies to x and y) or 1 for z." : string.Empty;
                throw MicroMorphException.Argument(
                    "DownsamplingFactorTooLarge",
                    string.Create(CultureInfo.InvariantCulture, $"A factor of {f} along {axis} is larger than the volume's {size} voxel(s) along {axis} ({volume.Dimensions}): not one whole block would remain.{hint}"),
                    factor);
            }
        }

        return (volume.Width / factor.X, volume.Height / factor.Y, volume.Depth / factor.Z);
    }

    /// <summary>
    /// The voxels beyond the last whole block along each axis (n mod factor), which
    /// <see cref="Downsample"/> drops at the far edge (the highest x, y, z).
    /// </summary>
    public static (int X, int Y, int Z) DroppedVoxels(Volume volume, (int X, int Y, int Z) factor)
    {
        var (w, h, d) = OutputSize(volume, factor);
        return (volume.Width - w * factor.X, volume.Height - h * factor.Y, volume.Depth - d * factor.Z);
    }

    private static void Slice<T>(Volume src, Volume dst, int zOut, (int X, int Y, int Z) f, DownsamplingMethod method)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        var output = dst.GetSlice<T>(zOut);
        int z0 = zOut * f.Z, z1 = Math.Min(src.Depth, z0 + f.Z);
        if (method == DownsamplingMethod.Subsample)
        {
            var input = src.GetSlice<T>(z0);
            for (int y = 0; y < dst.Height; y++)
            {
                for (int x = 0; x < dst.Width; x++)
                {
                    output[y * dst.Width + x] = input[(y * f.Y) * src.Width + x * f.X];
                }
            }

            return;
        }

        Span<long> histogram = method == DownsamplingMethod.Majority ? new long[256] : default;
        for (int y = 0; y < dst.Height; y++)
        {
            int y0 = y * f.Y, y1 = Math.Min(src.Height, y0 + f.Y);
            for (int x = 0; x < dst.Width; x++)
            {
                int x0 = x * f.X, x1 = Math.Min(src.Width, x0 + f.X);
                double sum = 0;
                long n = 0;
                if (method == DownsamplingMethod.Majority)
                {
                    histogram.Clear();
                }

                for (int z = z0; z < z1; z++)
                {
                    var input = src.GetSlice<T>(z);
                    for (int yy = y0; yy < y1; yy++)
                    {
                        for (int xx = x0; xx < x1; xx++)
                        {
                            T v = input[yy * src.Width + xx];
                            if (method == DownsamplingMethod.Majority)
                            {
                                histogram[int.CreateTruncating(v)]++;
                            }
                            else
                            {
                                double dv = double.CreateTruncating(v);
                                if (!double.IsNaN(dv))
                                {
                                    sum += dv;
                                    n++;
                                }
                            }
                        }
                    }
                }

                if (method == DownsamplingMethod.Majority)
                {
                    int best = 0;
                    for (int l = 1; l < 256; l++)
                    {
                        if (histogram[l] > histogram[best])
                        {
                            best = l;
                        }
                    }

                    output[y * dst.Width + x] = T.CreateTruncating(best);
                }
                else
                {
                    double mean = n == 0 ? double.NaN : sum / n;
                    output[y * dst.Width + x] = typeof(T) == typeof(float) ? T.CreateTruncating(mean) : T.CreateSaturating(Math.Round(mean, MidpointRounding.AwayFromZero));
                }
            }
        }
    }
}
