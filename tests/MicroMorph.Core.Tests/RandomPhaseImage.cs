using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Tests;

/// <summary>Reproducible random two-phase images (0 = Solid, 1 = Pore) for comparisons with brute force.</summary>
public static class RandomPhaseImage
{
    public static readonly PhaseTable TwoPhases = new([new Phase(0, "Solid", default), new Phase(1, "Pore", default)]);

    public static PhaseImage Create(int w, int h, int d, double porosity, int seed, VoxelSize size)
    {
        var rng = new Random(seed);
        var image = new PhaseImage(w, h, d, TwoPhases) { VoxelSize = size };
        for (int z = 0; z < d; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                s[i] = rng.NextDouble() < porosity ? (byte)1 : (byte)0;
            }
        }

        return image;
    }
}
