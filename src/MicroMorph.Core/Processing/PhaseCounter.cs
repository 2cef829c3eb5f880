using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Processing;

/// <summary>Voxel counts per label of a labelled volume, in one parallel pass.</summary>
public static class PhaseCounter
{
    /// <summary>Returns 256 counts, index = label.</summary>
    public static long[] CountLabels(Volume labels, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.DataType != VoxelDataType.UInt8)
        {
            throw new ArgumentException("Label counting needs a UInt8 volume.", nameof(labels));
        }

        var perSlice = new long[labels.Depth][];
        SliceIterator.For(labels.Depth, options, "Counting phases", z =>
        {
            var h = new long[256];
            // Four partial histograms break the store-to-load dependency on runs of one label.
            Span<int> h0 = stackalloc int[256], h1 = stackalloc int[256], h2 = stackalloc int[256], h3 = stackalloc int[256];
            ReadOnlySpan<byte> s = labels.GetSliceBytes(z);
            int n = s.Length;
            int i = 0;
            // Flush before an int counter could overflow (slices may exceed 2^31 / 4 voxels per counter).
            while (i < n)
            {
                int end = (int)Math.Min(n, i + (1L << 30));
                for (; i + 3 < end; i += 4)
                {
                    h0[s[i]]++;
                    h1[s[i + 1]]++;
                    h2[s[i + 2]]++;
                    h3[s[i + 3]]++;
                }

                for (; i < end; i++)
                {
                    h0[s[i]]++;
                }

                for (int l = 0; l < 256; l++)
                {
                    h[l] += (long)h0[l] + h1[l] + h2[l] + h3[l];
                }

                h0.Clear();
                h1.Clear();
                h2.Clear();
                h3.Clear();
            }

            perSlice[z] = h;
        });

        var total = new long[256];
        foreach (var h in perSlice)
        {
            for (int l = 0; l < 256; l++)
            {
                total[l] += h[l];
            }
        }

        return total;
    }
}
