using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Particles;

namespace MicroMorph.Core.Filtering;

/// <summary>
/// Hole filling of one phase, as <c>scipy.ndimage.binary_fill_holes</c>: the connected components
/// of the complement (every other phase) that do not touch a face of the volume are enclosed by
/// the phase and become it (the "unrealistic holes" inside graphite particles of 001 Section 2.3.2).
/// The complement's components are found by the run labeller of <see cref="ConnectedComponents"/>
/// with the given connectivity (SciPy's default structure is 6-connectivity of the complement). A
/// one-slice image is filled in 2-D: only its four edges count as faces.
/// </summary>
public static class HoleFilling
{
    /// <summary>A copy of <paramref name="image"/> in which the holes of <paramref name="phase"/> take its label.</summary>
    public static PhaseImage Apply(PhaseImage image, Phase phase, int connectivity, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phase);
        ArgumentNullException.ThrowIfNull(options);
        RunLabeller.ValidateConnectivity(connectivity);
        MemoryBudget.Require(image.VoxelCount, "The filtered phase image", image);
        var labeller = RunLabeller.Run(new ComplementRunSource(image, phase.Label), connectivity, options, "Labelling the complement of " + phase.Name);
        int w = image.Width, h = image.Height, d = image.Depth;
        var open = new bool[labeller.ComponentCount + 1];
        for (int z = 0; z < d; z++)
        {
            var runs = labeller.Slice(z);
            bool zFace = d > 1 && (z == 0 || z == d - 1);
            for (int y = 0; y < h; y++)
            {
                bool face = zFace || y == 0 || y == h - 1;
                for (int i = runs.RowFirst[y]; i < runs.RowFirst[y + 1]; i++)
                {
                    if (face || runs.Start[i] == 0 || runs.End[i] == w)
                    {
                        open[labeller.LabelOf(z, i)] = true;
                    }
                }
            }
        }

        long holes = 0, filled = 0;
        for (long c = 1; c < open.Length; c++)
        {
            holes += open[c] ? 0 : 1;
        }

        var result = new PhaseImage(w, h, d, image.Phases);
        result.DeriveFrom(image);
        var perSlice = new long[d];
        SliceIterator.For(d, options with { Progress = null }, "Filling holes", z =>
        {
            var labels = result.GetLabels(z);
            image.GetLabels(z).CopyTo(labels);
            var runs = labeller.Slice(z);
            long n = 0;
            for (int y = 0; y < h; y++)
            {
                for (int i = runs.RowFirst[y]; i < runs.RowFirst[y + 1]; i++)
                {
                    if (!open[labeller.LabelOf(z, i)])
                    {
                        labels.Slice((y * w) + runs.Start[i], runs.End[i] - runs.Start[i]).Fill(phase.Label);
                        n += runs.End[i] - runs.Start[i];
                    }
                }
            }

            perSlice[z] = n;
        });
        foreach (long n in perSlice)
        {
            filled += n;
        }

        result.Metadata["Filter.FillHoles"] = FormattableString.Invariant($"{phase.Name} connectivity={connectivity} holes={holes} voxels={filled}");
        return result;
    }

    /// <summary>Runs of the voxels whose label is not the phase's.</summary>
    private sealed class ComplementRunSource(PhaseImage image, byte phase) : RunSource(image.Width, image.Height, image.Depth)
    {
        public override void Extract(int z, SliceRuns runs)
        {
            ReadOnlySpan<byte> slice = image.GetLabels(z);
            int w = Width;
            for (int y = 0; y < Height; y++)
            {
                runs.RowFirst[y] = runs.Count;
                var row = slice.Slice(y * w, w);
                int x = 0;
                while (x < w)
                {
                    int s = row[x..].IndexOfAnyExcept(phase);
                    if (s < 0)
                    {
                        break;
                    }

                    s += x;
                    int e = row[s..].IndexOf(phase);
                    e = e < 0 ? w : s + e;
                    runs.Add(s, e);
                    x = e;
                }
            }

            runs.RowFirst[Height] = runs.Count;
        }
    }
}
