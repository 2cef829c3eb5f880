using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// Paints grains (balls and spheroids of any orientation, 001 Section 3.1.1 and Eq. 3) into a label
/// volume: every voxel whose centre lies in a grain gets the label, whatever it held before.
/// </summary>
/// <remarks>
/// A spheroid with polar half-axis p along the unit vector a and equatorial radius e is the set
/// F(x) = |x|^2 + k (a.x)^2 - e^2 &lt;= 0 with k = e^2/p^2 - 1 (x relative to the centre; k = 0 for a
/// ball, so balls are computed without rounding: for radius 3 at a voxel centre, the voxels at
/// distance exactly 3 are found). For a slice z the y-range of the section is the root interval of
/// a quadratic in y, and for each row y in it the x-interval is the root interval of a quadratic in
/// x, filled as one span: no voxel of the bounding box is tested. Closed grains take F &lt;= 0,
/// open grains (001 Eq. 3, where the large pores are open balls) F &lt; 0. Slices are painted in
/// parallel, each by one worker that considers only the grains binned to it by their z-range, so
/// the result is race-free and independent of the degree of parallelism.
/// </remarks>
public static class GrainRasterizer
{
    /// <summary>Most (grain, slice) pairs binned at once; larger jobs are painted in bands of slices.</summary>
    private const long BandEntryLimit = 1 << 24;

    /// <summary>
    /// Paints <paramref name="grains"/> (centres in the physical coordinates of <paramref name="target"/>,
    /// see <see cref="PlacedGrain"/>) with <paramref name="label"/>, overwriting what is there.
    /// Closed grains by default; <paramref name="openGrains"/> leaves out voxel centres on a boundary.
    /// </summary>
    public static void Paint(PhaseImage target, byte label, IReadOnlyList<PlacedGrain> grains, bool openGrains, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(options);
        RequireLabel(target, label);
        var all = grains as PlacedGrain[] ?? grains.ToArray();
        foreach (var g in all)
        {
            Validate(g);
        }

        var voxel = target.VoxelSize;
        int depth = target.Depth;

        // Number of (grain, slice) pairs per slice, by a difference array over the grains' z-ranges.
        var perSlice = new long[depth + 1];
        foreach (var g in all)
        {
            if (SliceRange(g, voxel.Z, depth, out int k0, out int k1))
            {
                perSlice[k0]++;
                perSlice[k1 + 1]--;
            }
        }

        for (int z = 1; z <= depth; z++)
        {
            perSlice[z] += perSlice[z - 1];
        }

        for (int z0 = 0; z0 < depth;)
        {
            // A band of slices whose pairs fit in one index array (usually the whole image).
            int z1 = z0;
            long total = 0;
            while (z1 < depth && (z1 == z0 || total + perSlice[z1] <= BandEntryLimit))
            {
                total += perSlice[z1++];
            }

            int bandStart = z0;
            int slices = z1 - z0;
            var offsets = new int[slices + 1];
            for (int j = 0; j < slices; j++)
            {
                offsets[j + 1] = checked(offsets[j] + (int)perSlice[bandStart + j]);
            }

            var entries = new int[offsets[slices]];
            var cursor = (int[])offsets.Clone();
            for (int i = 0; i < all.Length; i++)
            {
                if (SliceRange(all[i], voxel.Z, depth, out int k0, out int k1))
                {
                    for (int k = Math.Max(k0, bandStart); k <= Math.Min(k1, z1 - 1); k++)
                    {
                        entries[cursor[k - bandStart]++] = i;
                    }
                }
            }

            SliceIterator.For(slices, options, "Painting grains", j =>
                PaintSlice(target, bandStart + j, label, all, entries.AsSpan(offsets[j], offsets[j + 1] - offsets[j]), openGrains));
            z0 = z1;
        }
    }

    /// <summary>Half-extent of a grain along a coordinate axis whose direction cosine with the grain axis is <paramref name="cosine"/>.</summary>
    internal static double HalfExtent(in Grain grain, double cosine)
    {
        double p = grain.PolarRadius, e = grain.EquatorialRadius;
        return Math.Sqrt(e * e + (p * p - e * e) * Math.Min(1, cosine * cosine));
    }

    /// <summary>Unit grain axis (the stored one need not be normalised).</summary>
    internal static (double X, double Y, double Z) Axis(in Grain grain)
    {
        double n = Math.Sqrt(grain.AxisX * grain.AxisX + grain.AxisY * grain.AxisY + grain.AxisZ * grain.AxisZ);
        return (grain.AxisX / n, grain.AxisY / n, grain.AxisZ / n);
    }

    /// <summary>Slices whose centre plane may cut the grain (the bounding box, widened by a rounding margin).</summary>
    private static bool SliceRange(in PlacedGrain g, double vz, int depth, out int first, out int last)
    {
        double h = HalfExtent(g.Grain, Axis(g.Grain).Z);
        h += 1e-9 * (h + Math.Abs(g.Z));
        return IndexRange(g.Z - h, g.Z + h, vz, depth, out first, out last);
    }

    /// <summary>Indices i in [0, count) with (i + 0.5) v in [lo, hi] (closed).</summary>
    private static bool IndexRange(double lo, double hi, double v, int count, out int first, out int last)
    {
        double a = Math.Ceiling(lo / v - 0.5), b = Math.Floor(hi / v - 0.5);
        first = (int)Math.Max(a, 0);
        last = (int)Math.Min(b, count - 1);
        return a <= b && a <= count - 1 && b >= 0;
    }

    private static void PaintSlice(PhaseImage target, int z, byte label, PlacedGrain[] grains, ReadOnlySpan<int> indices, bool open)
    {
        var labels = target.GetLabels(z);
        int width = target.Width, height = target.Height;
        var voxel = target.VoxelSize;
        double vx = voxel.X, vy = voxel.Y;
        double planeZ = (z + 0.5) * voxel.Z;
        foreach (int index in indices)
        {
            ref readonly var g = ref grains[index];
            var (ax, ay, az) = Axis(g.Grain);
            double p = g.Grain.PolarRadius, e = g.Grain.EquatorialRadius;
            double e2 = e * e;
            double k = e2 / (p * p) - 1;
            double dz = planeZ - g.Z;

            // F(X, Y) = qxx X^2 + 2 qxy X Y + qyy Y^2 + 2 lx X + 2 ly Y + c0 on this plane.
            double qxx = 1 + k * ax * ax, qyy = 1 + k * ay * ay, qxy = k * ax * ay;
            double lx = k * ax * az * dz, ly = k * ay * az * dz;
            double c0 = (1 + k * az * az) * dz * dz - e2;

            // Rows where min over X of F is <= 0: |alpha| Y^2 - 2 beta Y - gamma <= 0.
            double alpha = qxx * qyy - qxy * qxy;
            double beta = qxy * lx - qxx * ly;
            double gamma = lx * lx - qxx * c0;
            double rowDisc = beta * beta + alpha * gamma;
            if (rowDisc < 0)
            {
                continue;
            }

            double rowRoot = Math.Sqrt(rowDisc);
            double yLo = (beta - rowRoot) / alpha, yHi = (beta + rowRoot) / alpha;
            double pad = 1e-9 * (Math.Abs(yLo) + Math.Abs(yHi) + Math.Abs(g.Y));
            if (!IndexRange(g.Y + yLo - pad, g.Y + yHi + pad, vy, height, out int j0, out int j1))
            {
                continue;
            }

            for (int j = j0; j <= j1; j++)
            {
                double dy = (j + 0.5) * vy - g.Y;
                double b = qxy * dy + lx;
                double c = (qyy * dy + 2 * ly) * dy + c0;
                double disc = b * b - qxx * c;
                if (disc < 0 || (open && disc == 0))
                {
                    continue;
                }

                double root = Math.Sqrt(disc);
                double lo = (g.X + (-b - root) / qxx) / vx - 0.5;
                double hi = (g.X + (-b + root) / qxx) / vx - 0.5;
                double first = open ? Math.Floor(lo) + 1 : Math.Ceiling(lo);
                double last = open ? Math.Ceiling(hi) - 1 : Math.Floor(hi);
                first = Math.Max(first, 0);
                last = Math.Min(last, width - 1);
                if (first <= last)
                {
                    labels.Slice(j * width + (int)first, (int)last - (int)first + 1).Fill(label);
                }
            }
        }
    }

    private static void RequireLabel(PhaseImage target, byte label)
    {
        if (!target.Phases.TryGet(label, out _))
        {
            throw MicroMorphException.Argument(
                "LabelNotInPhaseTable",
                $"Label {label} is not in the phase table of the target image ({target.Phases}); add the phase before painting it.",
                label);
        }
    }

    private static void Validate(in PlacedGrain g)
    {
        var grain = g.Grain;
        double axis = grain.AxisX * grain.AxisX + grain.AxisY * grain.AxisY + grain.AxisZ * grain.AxisZ;
        bool ok = double.IsFinite(g.X) && double.IsFinite(g.Y) && double.IsFinite(g.Z)
            && grain.PolarRadius > 0 && double.IsFinite(grain.PolarRadius)
            && grain.EquatorialRadius > 0 && double.IsFinite(grain.EquatorialRadius)
            && axis > 0 && double.IsFinite(axis);
        if (!ok)
        {
            throw MicroMorphException.Argument(
                "InvalidGrain",
                "A grain needs a finite centre, finite positive half-axes and a non-zero finite axis; got " + g + ".",
                g);
        }
    }
}
