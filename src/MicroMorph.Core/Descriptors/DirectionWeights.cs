namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Weights of a discrete set of directions for integrals over the unit sphere (discrete Crofton
/// formulas): each direction gets the relative area of its spherical Voronoi cell. For the 26
/// directions of the cubic lattice these are Ohser and Mücklich's 0.045778 (axes), 0.036981 (face
/// diagonals) and 0.035196 (space diagonals); computing them lets anisotropic voxels use the
/// directions of their own lattice.
/// </summary>
public static class DirectionWeights
{
    /// <summary>
    /// Relative Voronoi areas (summing to 1) of the given directions and their opposites, one
    /// weight per direction (the opposite direction has the same weight, so each listed direction
    /// stands for two cells: the returned weights sum to 1/2).
    /// </summary>
    /// <param name="samples">Number of quasi-uniform sample points on the sphere (Fibonacci lattice).</param>
    public static double[] VoronoiWeights(IReadOnlyList<(double X, double Y, double Z)> directions, int samples = 1_000_000)
    {
        ArgumentNullException.ThrowIfNull(directions);
        int n = directions.Count;
        var unit = new (double X, double Y, double Z)[2 * n];
        for (int i = 0; i < n; i++)
        {
            var (x, y, z) = directions[i];
            double length = Math.Sqrt(x * x + y * y + z * z);
            unit[i] = (x / length, y / length, z / length);
            unit[i + n] = (-x / length, -y / length, -z / length);
        }

        var counts = new long[n];
        double golden = Math.PI * (3 - Math.Sqrt(5));
        for (int k = 0; k < samples; k++)
        {
            double z = 1 - (2.0 * k + 1) / samples;
            double r = Math.Sqrt(1 - z * z);
            double phi = golden * k;
            double x = r * Math.Cos(phi), y = r * Math.Sin(phi);
            int best = 0;
            double bestDot = double.NegativeInfinity;
            for (int j = 0; j < unit.Length; j++)
            {
                double dot = unit[j].X * x + unit[j].Y * y + unit[j].Z * z;
                if (dot > bestDot)
                {
                    bestDot = dot;
                    best = j;
                }
            }

            counts[best % n]++;
        }

        // Each count covers a direction and its opposite: halve for the weight of one of the two.
        return counts.Select(c => c / (2.0 * samples)).ToArray();
    }
}
