using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Morphology;

/// <summary>
/// The distinct positive values of a distance transform, ascending, and the index of a value
/// among them. On an isotropic grid every squared distance is an integer number of squared voxel
/// sizes, so both come from a dense table indexed by that integer; otherwise from a sorted set
/// and binary search. (+infinity, a phase without boundary, is the last level.)
/// </summary>
internal sealed class DistanceLevels
{
    private readonly int[]? _levelOfSquare; // isotropic: level index by round(v^2 / s^2), -1 if absent
    private readonly double _inverseSquaredSpacing;

    public DistanceLevels(VoxelStack distance)
    {
        ArgumentNullException.ThrowIfNull(distance);
        var vs = distance.VoxelSize;
        bool hasInfinity = false;
        if (vs.IsIsotropic)
        {
            _inverseSquaredSpacing = 1 / (vs.X * vs.X);
            // The float value the transform stored for each squared distance k (0 = absent): the
            // flood compares against exactly these, so they are taken from the data, in one pass.
            var exactOfSquare = new float[16];
            for (int z = 0; z < distance.Depth; z++)
            {
                foreach (float v in distance.GetSlice<float>(z))
                {
                    if (!(v > 0))
                    {
                        continue;
                    }

                    if (float.IsPositiveInfinity(v))
                    {
                        hasInfinity = true;
                        continue;
                    }

                    int k = Square(v);
                    if (k >= exactOfSquare.Length)
                    {
                        Array.Resize(ref exactOfSquare, Math.Max(k + 1, exactOfSquare.Length * 2));
                    }

                    if (exactOfSquare[k] == 0)
                    {
                        exactOfSquare[k] = v;
                    }
                }
            }

            _levelOfSquare = new int[exactOfSquare.Length];
            var values = new List<float>();
            for (int k = 0; k < exactOfSquare.Length; k++)
            {
                _levelOfSquare[k] = exactOfSquare[k] > 0 ? values.Count : -1;
                if (exactOfSquare[k] > 0)
                {
                    values.Add(exactOfSquare[k]);
                }
            }

            if (hasInfinity)
            {
                values.Add(float.PositiveInfinity);
            }

            Values = values.ToArray();
            return;
        }

        var set = new HashSet<float>();
        float previous = float.NaN;
        for (int z = 0; z < distance.Depth; z++)
        {
            foreach (float v in distance.GetSlice<float>(z))
            {
                // Runs of equal values are common; skip the hash lookup for them.
                if (v > 0 && v != previous)
                {
                    set.Add(v);
                }

                previous = v;
            }
        }

        Values = set.Order().ToArray();
    }

    /// <summary>The distinct positive values, ascending.</summary>
    public float[] Values { get; }

    /// <summary>Index of <paramref name="value"/> (one of the transform's values) in <see cref="Values"/>.</summary>
    public int Of(float value)
    {
        if (_levelOfSquare is not null)
        {
            return float.IsPositiveInfinity(value) ? Values.Length - 1 : _levelOfSquare[Square(value)];
        }

        return Array.BinarySearch(Values, value);
    }

    private int Square(float v) => (int)Math.Round(v * (double)v * _inverseSquaredSpacing);
}
