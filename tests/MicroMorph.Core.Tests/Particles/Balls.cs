using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Tests.Particles;

/// <summary>Test volumes made of digital balls (voxel centres within radius of the centre).</summary>
internal static class Balls
{
    public static readonly PhaseTable Phases = new([new Phase(0, "Matrix", default), new Phase(1, "Calcite", default), new Phase(2, "Talc", default), new Phase(3, "Dolomite", default)]);

    public static PhaseImage Empty(int w, int h, int d, double voxel = 1) => new(w, h, d, Phases) { VoxelSize = new VoxelSize(voxel, "um") };

    /// <summary>Paints a ball; voxels on the positive side of the plane x = <paramref name="splitX"/> get <paramref name="secondLabel"/>.</summary>
    public static long Paint(PhaseImage image, double cx, double cy, double cz, double r, byte label, double splitX = double.PositiveInfinity, byte secondLabel = 0)
    {
        long n = 0;
        for (int z = Math.Max(0, (int)Math.Floor(cz - r)); z <= Math.Min(image.Depth - 1, (int)Math.Ceiling(cz + r)); z++)
        {
            var s = image.GetLabels(z);
            for (int y = Math.Max(0, (int)Math.Floor(cy - r)); y <= Math.Min(image.Height - 1, (int)Math.Ceiling(cy + r)); y++)
            {
                for (int x = Math.Max(0, (int)Math.Floor(cx - r)); x <= Math.Min(image.Width - 1, (int)Math.Ceiling(cx + r)); x++)
                {
                    double dx = x - cx, dy = y - cy, dz = z - cz;
                    if (dx * dx + dy * dy + dz * dz <= r * r)
                    {
                        s[y * image.Width + x] = x >= splitX ? secondLabel : label;
                        n++;
                    }
                }
            }
        }

        return n;
    }
}
