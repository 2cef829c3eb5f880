using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Tests.Segmentation;

/// <summary>
/// A synthetic three-phase ground truth (labels 0 pore, 1 CBD, 2 AM): large overlapping spheres of
/// active material, small spheres of carbon binder in the pore space; and its grey image with
/// three phase means, a binomial blur and Gaussian noise.
/// </summary>
internal static class SyntheticElectrode
{
    public static readonly PhaseTable Phases = new([new Phase(0, "Pore", default), new Phase(1, "CBD", default), new Phase(2, "AM", default)]);

    public static PhaseImage Truth(int n, int seed = 3, double amRadius = 5, int amSpheres = 0, double cbdRadius = 1.8, int cbdSpheres = 0)
    {
        var rng = new Random(seed);
        var image = new PhaseImage(n, n, n, Phases);
        amSpheres = amSpheres > 0 ? amSpheres : (int)(0.75 * n * n * n / (4.19 * amRadius * amRadius * amRadius) * 0.6);
        cbdSpheres = cbdSpheres > 0 ? cbdSpheres : (int)(0.2 * n * n * n / (4.19 * cbdRadius * cbdRadius * cbdRadius));
        Paint(image, rng, amSpheres, amRadius, 2, overwrite: true);
        Paint(image, rng, cbdSpheres, cbdRadius, 1, overwrite: false);
        return image;
    }

    private static void Paint(PhaseImage image, Random rng, int count, double radius, byte label, bool overwrite)
    {
        int n = image.Width;
        for (int s = 0; s < count; s++)
        {
            double cx = rng.NextDouble() * n, cy = rng.NextDouble() * n, cz = rng.NextDouble() * n;
            int r = (int)Math.Ceiling(radius);
            for (int z = Math.Max(0, (int)cz - r); z <= Math.Min(n - 1, (int)cz + r); z++)
            {
                var labels = image.GetLabels(z);
                for (int y = Math.Max(0, (int)cy - r); y <= Math.Min(n - 1, (int)cy + r); y++)
                {
                    for (int x = Math.Max(0, (int)cx - r); x <= Math.Min(n - 1, (int)cx + r); x++)
                    {
                        double d2 = (x - cx) * (x - cx) + (y - cy) * (y - cy) + (z - cz) * (z - cz);
                        if (d2 <= radius * radius && (overwrite || labels[y * n + x] == 0))
                        {
                            labels[y * n + x] = label;
                        }
                    }
                }
            }
        }
    }

    /// <summary>Grey values: phase means, a [1 2 1]/4 blur along each axis, Gaussian noise, rounded to 8 bits.</summary>
    public static VoxelStack Grey(PhaseImage truth, double[] means, double noise, int seed = 5)
    {
        int n = truth.Width;
        var v = new double[n, n, n];
        for (int z = 0; z < n; z++)
        {
            var labels = truth.GetLabels(z);
            for (int i = 0; i < labels.Length; i++)
            {
                v[z, i / n, i % n] = means[labels[i]];
            }
        }

        for (int axis = 0; axis < 3; axis++)
        {
            var b = new double[n, n, n];
            for (int z = 0; z < n; z++)
            {
                for (int y = 0; y < n; y++)
                {
                    for (int x = 0; x < n; x++)
                    {
                        double At(int d) => axis switch
                        {
                            0 => v[z, y, Math.Clamp(x + d, 0, n - 1)],
                            1 => v[z, Math.Clamp(y + d, 0, n - 1), x],
                            _ => v[Math.Clamp(z + d, 0, n - 1), y, x],
                        };
                        b[z, y, x] = 0.25 * At(-1) + 0.5 * At(0) + 0.25 * At(1);
                    }
                }
            }

            v = b;
        }

        var rng = new Random(seed);
        var grey = new VoxelStack(n, n, n, VoxelDataType.UInt8);
        for (int z = 0; z < n; z++)
        {
            var s = grey.GetSliceBytes(z);
            for (int i = 0; i < s.Length; i++)
            {
                double g = Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                s[i] = (byte)Math.Clamp(Math.Round(v[z, i / n, i % n] + noise * g), 0, 255);
            }
        }

        return grey;
    }

    public static double[] Fractions(PhaseImage image)
    {
        var counts = new long[3];
        for (int z = 0; z < image.Depth; z++)
        {
            foreach (byte b in image.GetLabels(z))
            {
                counts[b]++;
            }
        }

        return counts.Select(c => (double)c / image.VoxelCount).ToArray();
    }
}
