namespace MicroMorph.Core.Segmentation;

/// <summary>
/// The 27-entry feature vector of a voxel for the k-means trinarization (002 Section 3.2): the
/// voxel's grey value, then the sorted (ascending) grey values of its 6 face neighbours (distance
/// 1), of its 12 edge neighbours (distance sqrt 2) and of its 8 corner neighbours (distance sqrt 3).
/// Sorting within each group makes the vector invariant under rotations and flips of the 3x3x3
/// neighbourhood. Outside the volume the nearest face voxel is repeated (replicate border).
/// </summary>
internal static class NeighbourhoodFeatures
{
    public const int Count = 27;

    /// <summary>Feature entries in each group: the voxel, then the 6-, 12- and 8-neighbours.</summary>
    public static readonly int[] GroupOf = BuildGroups();

    /// <summary>Writes the features of voxel (x, y) of the slice <paramref name="here"/> (below/above: the clamped neighbouring slices).</summary>
    public static void Compute(float[] below, float[] here, float[] above, int w, int h, int x, int y, Span<float> f)
    {
        int xm = x > 0 ? x - 1 : 0, xp = x < w - 1 ? x + 1 : x;
        int rm = (y > 0 ? y - 1 : 0) * w, r = y * w, rp = (y < h - 1 ? y + 1 : y) * w;
        f[0] = here[r + x];

        // Distance 1: four in the slice, two across.
        f[1] = here[r + xm];
        f[2] = here[r + xp];
        f[3] = here[rm + x];
        f[4] = here[rp + x];
        f[5] = below[r + x];
        f[6] = above[r + x];

        // Distance sqrt 2: four diagonals in the slice, four edges on each side.
        f[7] = here[rm + xm];
        f[8] = here[rm + xp];
        f[9] = here[rp + xm];
        f[10] = here[rp + xp];
        f[11] = below[r + xm];
        f[12] = below[r + xp];
        f[13] = below[rm + x];
        f[14] = below[rp + x];
        f[15] = above[r + xm];
        f[16] = above[r + xp];
        f[17] = above[rm + x];
        f[18] = above[rp + x];

        // Distance sqrt 3: the corners.
        f[19] = below[rm + xm];
        f[20] = below[rm + xp];
        f[21] = below[rp + xm];
        f[22] = below[rp + xp];
        f[23] = above[rm + xm];
        f[24] = above[rm + xp];
        f[25] = above[rp + xm];
        f[26] = above[rp + xp];

        Sort(f.Slice(1, 6));
        Sort(f.Slice(7, 12));
        Sort(f.Slice(19, 8));
    }

    /// <summary>Insertion sort: the groups are tiny.</summary>
    private static void Sort(Span<float> v)
    {
        for (int i = 1; i < v.Length; i++)
        {
            float key = v[i];
            int j = i - 1;
            while (j >= 0 && v[j] > key)
            {
                v[j + 1] = v[j];
                j--;
            }

            v[j + 1] = key;
        }
    }

    private static int[] BuildGroups()
    {
        var g = new int[Count];
        for (int m = 0; m < Count; m++)
        {
            g[m] = m == 0 ? 0 : m <= 6 ? 1 : m <= 18 ? 2 : 3;
        }

        return g;
    }
}
