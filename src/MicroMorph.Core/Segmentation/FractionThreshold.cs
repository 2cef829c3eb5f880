using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Segmentation;

/// <summary>The outcome of <see cref="FractionThreshold"/>: the image and where its classes were cut.</summary>
/// <param name="Thresholds">The grey value at each cut (classes below it, ties split at it).</param>
/// <param name="AchievedFractions">The classes' voxel fractions, exactly round(target * N) voxels each.</param>
public sealed record FractionThresholdResult(PhaseImage Image, IReadOnlyList<double> Thresholds, IReadOnlyList<double> TargetFractions, IReadOnlyList<double> AchievedFractions);

/// <summary>
/// Global thresholds chosen so that the classes, ordered from dark to bright, take given volume
/// fractions (the thresholding trinarization of 002 Section 3.1): the darkest round(f0 N) voxels
/// become class 0, the next round(f1 N) class 1, and so on. Voxels that share the grey value at a
/// cut are split in raster order (z, then y, then x), so every class gets exactly its number of
/// voxels, also on 8-bit data with few grey values.
/// </summary>
/// <remarks>
/// The cuts are found by a two-pass radix selection on 32-bit keys that sort like the grey values
/// (the high 16 bits, then the low 16 bits within the bucket), so float data needs no sorted copy.
/// Then the voxels at each cut are counted per slice, and one parallel pass writes the labels.
/// </remarks>
public static class FractionThreshold
{
    public static FractionThresholdResult Apply(VoxelStack grey, IReadOnlyList<double> fractions, PhaseTable phases, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(grey);
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(options);
        ValidateFractions(fractions, phases.Count);
        long n = grey.VoxelCount;

        // Class sizes: cumulative rounding, so they sum to N exactly.
        var ends = new long[fractions.Count];
        double cumulative = 0;
        for (int c = 0; c < fractions.Count; c++)
        {
            cumulative += fractions[c];
            ends[c] = c == fractions.Count - 1 ? n : Math.Min(n, (long)Math.Round(cumulative * n));
        }

        // Cut c lies at rank ends[c] (the first voxel of class c + 1), for the classes but the last.
        int cuts = fractions.Count - 1;
        var cutKey = new uint[cuts];
        var tiesBefore = new long[cuts]; // voxels of the cut's key that go below it
        var tiesPerSlice = new long[grey.Depth, cuts];
        if (grey.DataType == VoxelDataType.UInt8)
        {
            // 8 bits: one pass of per-slice histograms gives the cuts and the ties of every slice.
            var perSlice = new long[grey.Depth][];
            SliceIterator.For(grey.Depth, options with { Progress = null }, "Grey-value histogram", z =>
            {
                var h = new long[256];
                foreach (byte v in grey.GetSliceBytes(z))
                {
                    h[v]++;
                }

                perSlice[z] = h;
            });
            var total = new long[256];
            foreach (var h in perSlice)
            {
                for (int v = 0; v < 256; v++)
                {
                    total[v] += h[v];
                }
            }

            for (int c = 0; c < cuts; c++)
            {
                var (bin, rest) = Locate(total, Math.Min(ends[c], n - 1));
                cutKey[c] = (uint)bin;
                tiesBefore[c] = ends[c] >= n ? long.MaxValue : rest;
                for (int z = 0; z < grey.Depth; z++)
                {
                    tiesPerSlice[z, c] = perSlice[z][bin];
                }
            }
        }
        else
        {
            var high = Histogram(grey, options, null)[0];
            var highBin = new int[cuts];
            var rankInBin = new long[cuts];
            for (int c = 0; c < cuts; c++)
            {
                (highBin[c], rankInBin[c]) = Locate(high, Math.Min(ends[c], n - 1));
            }

            var low = Histogram(grey, options, highBin);
            for (int c = 0; c < cuts; c++)
            {
                var (lowBin, rest) = Locate(low[c], rankInBin[c]);
                cutKey[c] = ((uint)highBin[c] << 16) | (uint)lowBin;
                tiesBefore[c] = ends[c] >= n ? long.MaxValue : rest;
            }

            // Voxels at each cut's key per slice.
            SliceIterator.For(
                grey.Depth,
                options with { Progress = null },
                "Thresholds",
                () => new uint[grey.Width * grey.Height],
                (z, keys) =>
                {
                    Keys(grey, z, keys);
                    foreach (uint k in keys)
                    {
                        for (int c = 0; c < cuts; c++)
                        {
                            if (k == cutKey[c])
                            {
                                tiesPerSlice[z, c]++;
                            }
                        }
                    }
                },
                _ => { });
        }

        var image = new PhaseImage(grey.Width, grey.Height, grey.Depth, phases);
        image.DeriveFrom(grey);
        var quota = new long[grey.Depth, cuts];
        for (int c = 0; c < cuts; c++)
        {
            long left = tiesBefore[c];
            for (int z = 0; z < grey.Depth; z++)
            {
                quota[z, c] = left;
                left = Math.Max(0, left - tiesPerSlice[z, c]);
            }
        }

        var labels = phases.Select(p => p.Label).ToArray();
        var counts = new long[grey.Depth, fractions.Count];
        SliceIterator.For(grey.Depth, options, "Thresholding", () => new uint[grey.Width * grey.Height], (z, keys) =>
        {
            Keys(grey, z, keys);
            var target = image.GetLabels(z);
            var left = new long[cuts];
            for (int c = 0; c < cuts; c++)
            {
                left[c] = quota[z, c];
            }

            for (int i = 0; i < keys.Length; i++)
            {
                uint k = keys[i];
                int cls = cuts;
                for (int c = 0; c < cuts; c++)
                {
                    if (k < cutKey[c] || (k == cutKey[c] && left[c] > 0))
                    {
                        cls = c;
                        break;
                    }
                }

                // A voxel at a cut's key that stays above it uses none of that cut's quota; one below does.
                for (int c = cls; c < cuts; c++)
                {
                    if (k == cutKey[c] && left[c] > 0)
                    {
                        left[c]--;
                    }
                }

                target[i] = labels[cls];
                counts[z, cls]++;
            }
        },
        _ => { });

        var achieved = new double[fractions.Count];
        for (int z = 0; z < grey.Depth; z++)
        {
            for (int c = 0; c < fractions.Count; c++)
            {
                achieved[c] += (double)counts[z, c] / n;
            }
        }

        var thresholds = cutKey.Select(k => ValueOf(k, grey.DataType)).ToArray();
        image.Source = grey.Source;
        image.Metadata["Trinarization.Method"] = "Threshold";
        image.Metadata["Trinarization.Thresholds"] = string.Join(" ", thresholds.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));
        return new FractionThresholdResult(image, thresholds, fractions.ToArray(), achieved);
    }

    /// <summary>How far the given volume fractions may sum from 1: rounding of published figures, not a second meaning.</summary>
    public const double SumTolerance = 1e-3;

    internal static void ValidateFractions(IReadOnlyList<double> fractions, int phaseCount)
    {
        if (fractions.Count != phaseCount || fractions.Count < 2)
        {
            throw MicroMorphException.Argument(
                "FractionCountMismatch",
                $"Give one volume fraction per phase ({phaseCount} phases, {fractions.Count} fractions); at least two.",
                fractions);
        }

        // Fractions are often published rounded (TauFactor's 0.44992 / 0.40047 / 0.14962 sum to 1.00001):
        // a sum within SumTolerance of 1 is accepted, and the last class takes the voxels that remain.
        double sum = fractions.Sum();
        if (fractions.Any(f => !(f >= 0 && f <= 1)) || Math.Abs(sum - 1) > SumTolerance)
        {
            throw MicroMorphException.Argument(
                "InvalidVolumeFractions",
                string.Create(CultureInfo.InvariantCulture, $"The volume fractions must lie in [0, 1] and sum to 1 within {SumTolerance}; they are {string.Join(", ", fractions)} (sum {sum:G6})."),
                fractions);
        }
    }

    /// <summary>Counts of the high 16 bits of the keys (bins == null), or of the low 16 bits within each given high bin.</summary>
    private static long[][] Histogram(VoxelStack grey, ComputeOptions options, int[]? bins)
    {
        int tables = bins?.Length ?? 1;
        var total = Enumerable.Range(0, tables).Select(_ => new long[65536]).ToArray();
        SliceIterator.For(
            grey.Depth,
            options with { Progress = null },
            "Grey-value histogram",
            () => (Keys: new uint[grey.Width * grey.Height], Counts: Enumerable.Range(0, tables).Select(_ => new long[65536]).ToArray()),
            (z, state) =>
            {
                Keys(grey, z, state.Keys);
                if (bins is null)
                {
                    foreach (uint k in state.Keys)
                    {
                        state.Counts[0][k >> 16]++;
                    }

                    return;
                }

                foreach (uint k in state.Keys)
                {
                    int hi = (int)(k >> 16);
                    for (int c = 0; c < bins.Length; c++)
                    {
                        if (hi == bins[c])
                        {
                            state.Counts[c][k & 0xFFFF]++;
                        }
                    }
                }
            },
            state =>
            {
                lock (total)
                {
                    for (int t = 0; t < tables; t++)
                    {
                        for (int b = 0; b < 65536; b++)
                        {
                            total[t][b] += state.Counts[t][b];
                        }
                    }
                }
            });
        return total;
    }

    /// <summary>The bin holding the element of 0-based <paramref name="rank"/>, and its rank within the bin.</summary>
    private static (int Bin, long RankInBin) Locate(long[] histogram, long rank)
    {
        long before = 0;
        for (int b = 0; b < histogram.Length; b++)
        {
            if (rank < before + histogram[b])
            {
                return (b, rank - before);
            }

            before += histogram[b];
        }

        throw new InvalidOperationException("Rank beyond the histogram.");
    }

    /// <summary>32-bit keys that sort like the grey values of slice z; NaN is refused.</summary>
    private static void Keys(VoxelStack grey, int z, uint[] keys)
    {
        switch (grey.DataType)
        {
            case VoxelDataType.UInt8:
            {
                var s = grey.GetSliceBytes(z);
                for (int i = 0; i < s.Length; i++)
                {
                    keys[i] = s[i];
                }

                break;
            }

            case VoxelDataType.UInt16:
            {
                var s = grey.GetSlice<ushort>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    keys[i] = s[i];
                }

                break;
            }

            case VoxelDataType.Int16:
            {
                var s = grey.GetSlice<short>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    keys[i] = (uint)(s[i] + 32768);
                }

                break;
            }

            case VoxelDataType.UInt32:
                grey.GetSlice<uint>(z).CopyTo(keys);
                break;

            default:
            {
                var s = grey.GetSlice<float>(z);
                for (int i = 0; i < s.Length; i++)
                {
                    float v = s[i];
                    if (float.IsNaN(v))
                    {
                        throw MicroMorphException.InvalidData("NaNGreyValue", $"Slice {z} holds NaN grey values; replace them before thresholding.", grey);
                    }

                    // IEEE order: flip all bits of negatives, the sign bit of positives (-0 and +0 become neighbours).
                    uint bits = BitConverter.SingleToUInt32Bits(v == 0 ? 0f : v);
                    keys[i] = (bits & 0x80000000u) != 0 ? ~bits : bits | 0x80000000u;
                }

                break;
            }
        }
    }

    private static double ValueOf(uint key, VoxelDataType type) => type switch
    {
        VoxelDataType.Int16 => (double)key - 32768,
        VoxelDataType.Float32 => BitConverter.UInt32BitsToSingle((key & 0x80000000u) != 0 ? key & 0x7FFFFFFFu : ~key),
        _ => key,
    };
}
