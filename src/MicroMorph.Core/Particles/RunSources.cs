using System.Buffers;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Particles;

/// <summary>Runs of the voxels whose phase label is in a set (SIMD search for run ends).</summary>
internal sealed class PhaseMaskRunSource : RunSource
{
    private readonly PhaseImage _image;
    private readonly SearchValues<byte> _foreground;
    private readonly int _single;

    public PhaseMaskRunSource(PhaseImage image, IEnumerable<byte> labels)
        : base(image.Width, image.Height, image.Depth)
    {
        _image = image;
        byte[] set = labels.Distinct().Order().ToArray();
        _foreground = SearchValues.Create(set);
        _single = set.Length == 1 ? set[0] : -1; // one label: the plain byte search is faster
    }

    public override void Extract(int z, SliceRuns runs)
    {
        ReadOnlySpan<byte> slice = _image.GetLabels(z);
        int w = Width;
        for (int y = 0; y < Height; y++)
        {
            runs.RowFirst[y] = runs.Count;
            var row = slice.Slice(y * w, w);
            int x = 0;
            while (x < w)
            {
                int s = _single >= 0 ? row[x..].IndexOf((byte)_single) : row[x..].IndexOfAny(_foreground);
                if (s < 0)
                {
                    break;
                }

                s += x;
                int e = _single >= 0 ? row[s..].IndexOfAnyExcept((byte)_single) : row[s..].IndexOfAnyExcept(_foreground);
                e = e < 0 ? w : s + e;
                runs.Add(s, e);
                x = e;
            }
        }

        runs.RowFirst[Height] = runs.Count;
    }
}

/// <summary>Runs of equal non-zero label of a UInt32 label volume (the key is the label).</summary>
internal sealed class LabelRunSource : RunSource
{
    private readonly VoxelStack _labels;

    public LabelRunSource(VoxelStack labels)
        : base(labels.Width, labels.Height, labels.Depth) => _labels = labels;

    public override void Extract(int z, SliceRuns runs)
    {
        ReadOnlySpan<uint> slice = _labels.GetSlice<uint>(z);
        int w = Width;
        for (int y = 0; y < Height; y++)
        {
            runs.RowFirst[y] = runs.Count;
            var row = slice.Slice(y * w, w);
            int x = 0;
            while (x < w)
            {
                uint l = row[x];
                if (l == 0)
                {
                    int next = row[x..].IndexOfAnyExcept(0u);
                    if (next < 0)
                    {
                        break;
                    }

                    x += next;
                    continue;
                }

                int e = row[x..].IndexOfAnyExcept(l);
                e = e < 0 ? w : x + e;
                runs.Add(x, e, l);
                x = e;
            }
        }

        runs.RowFirst[Height] = runs.Count;
    }
}

/// <summary>Runs of equal (particle label, phase label) inside particles: the grains of Section 2.3.4.</summary>
internal sealed class GrainRunSource : RunSource
{
    private readonly VoxelStack _labels;
    private readonly PhaseImage _phases;

    public GrainRunSource(VoxelStack labels, PhaseImage phases)
        : base(labels.Width, labels.Height, labels.Depth)
    {
        _labels = labels;
        _phases = phases;
    }

    public override void Extract(int z, SliceRuns runs)
    {
        ReadOnlySpan<uint> slice = _labels.GetSlice<uint>(z);
        ReadOnlySpan<byte> phase = _phases.GetLabels(z);
        int w = Width;
        for (int y = 0; y < Height; y++)
        {
            runs.RowFirst[y] = runs.Count;
            int o = y * w;
            int x = 0;
            while (x < w)
            {
                uint l = slice[o + x];
                if (l == 0)
                {
                    x++;
                    continue;
                }

                byte p = phase[o + x];
                int e = x + 1;
                while (e < w && slice[o + e] == l && phase[o + e] == p)
                {
                    e++;
                }

                runs.Add(x, e, ((ulong)l << 8) | p);
                x = e;
            }
        }

        runs.RowFirst[Height] = runs.Count;
    }
}

/// <summary>
/// Runs of the tops of the h-maxima transform: voxels of the mask where the reconstruction equals
/// f - h (computed in the same float arithmetic, so the comparison is exact).
/// </summary>
internal sealed class HMaximaRunSource : RunSource
{
    private readonly VoxelStack _f;
    private readonly VoxelStack _rec;
    private readonly VoxelStack _mask;
    private readonly float _h;

    public HMaximaRunSource(VoxelStack f, VoxelStack rec, VoxelStack mask, float h)
        : base(f.Width, f.Height, f.Depth)
    {
        _f = f;
        _rec = rec;
        _mask = mask;
        _h = h;
    }

    public override void Extract(int z, SliceRuns runs)
    {
        ReadOnlySpan<float> f = _f.GetSlice<float>(z);
        ReadOnlySpan<float> rec = _rec.GetSlice<float>(z);
        ReadOnlySpan<uint> m = _mask.GetSlice<uint>(z);
        int w = Width;
        for (int y = 0; y < Height; y++)
        {
            runs.RowFirst[y] = runs.Count;
            int o = y * w;
            int x = 0;
            while (x < w)
            {
                if (!Top(m, f, rec, o + x))
                {
                    x++;
                    continue;
                }

                int e = x + 1;
                while (e < w && Top(m, f, rec, o + e))
                {
                    e++;
                }

                runs.Add(x, e);
                x = e;
            }
        }

        runs.RowFirst[Height] = runs.Count;
    }

    private bool Top(ReadOnlySpan<uint> m, ReadOnlySpan<float> f, ReadOnlySpan<float> rec, int i) => m[i] != 0 && rec[i] == f[i] - _h;
}
