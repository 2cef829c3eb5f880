using System.Collections.Concurrent;
using System.Numerics;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// Per-configuration contributions of a 2x2x2 window (bit dx + 2 dy + 4 dz) to the Euler
/// characteristic, the surface area and the integral of mean curvature, for one voxel size and
/// adjacency. Summed over the configuration histogram they give the totals of the observed
/// region; every table is derived here from the cell complex, none is typed in.
/// </summary>
internal sealed class ConfigurationTables
{
    private static readonly ConcurrentDictionary<(double, double, double, EulerConnectivity), ConfigurationTables> Cache = new();

    private ConfigurationTables(double[] euler, double[] surface, double[] curvature)
    {
        Euler = euler;
        Surface = surface;
        Curvature = curvature;
    }

    public double[] Euler { get; }

    public double[] Surface { get; }

    public double[] Curvature { get; }

    public static ConfigurationTables For(VoxelSize size, EulerConnectivity connectivity) =>
        Cache.GetOrAdd((size.X, size.Y, size.Z, connectivity), key => Build(key.Item1, key.Item2, key.Item3, key.Item4));

    /// <summary>The 13 lattice directions with first non-zero component positive.</summary>
    internal static IReadOnlyList<(int X, int Y, int Z)> Directions { get; } = BuildDirections();

    private static ConfigurationTables Build(double sx, double sy, double sz, EulerConnectivity connectivity)
    {
        bool six = connectivity == EulerConnectivity.Six;
        double voxelVolume = sx * sy * sz;
        var euler = new double[256];
        var surface = new double[256];
        var curvature = new double[256];

        // Lines: physical direction vectors and their Voronoi weights (discrete Cauchy-Crofton).
        var lines = Directions.Select(m => (m.X * sx, m.Y * sy, m.Z * sz)).ToArray();
        var lineWeights = DirectionWeights.VoronoiWeights(lines);

        // Planes: the lattice planes m . index = k cut the window in squares, rectangles or
        // triangles; their physical normal is m / s.
        var normals = Directions.Select(m => (m.X / sx, m.Y / sy, m.Z / sz)).ToArray();
        var planeWeights = DirectionWeights.VoronoiWeights(normals);
        var cells = Directions.Select(m => PlaneCells(m)).ToArray();
        var cellArea = cells.Select(list => list.Sum(cell => cell.Weight * Area(cell.Vertices, sx, sy, sz))).ToArray();

        for (int c = 0; c < 256; c++)
        {
            euler[c] = six ? EulerSix(c) : EulerTwentySix(c);

            double s = 0;
            for (int i = 0; i < Directions.Count; i++)
            {
                var (lx, ly, lz) = lines[i];
                double length = Math.Sqrt(lx * lx + ly * ly + lz * lz);
                // S = 2 E[P_L] with both orientations of each line: 4 * weight of one orientation.
                s += 4 * lineWeights[i] * Transitions(c, Directions[i]) * voxelVolume / length;
            }

            surface[c] = s;

            double m = 0;
            for (int i = 0; i < Directions.Count; i++)
            {
                double chi = 0;
                foreach (var cell in cells[i])
                {
                    chi += cell.Weight * (six ? ClosedCellEuler(c, cell.Vertices) : OpenCellEuler(c, cell.Vertices));
                }

                // M = 2 pi E[chi_A] with both orientations of each normal: 4 pi * weight of one.
                m += 4 * Math.PI * planeWeights[i] * chi * voxelVolume / cellArea[i];
            }

            curvature[c] = m;
        }

        return new ConfigurationTables(euler, surface, curvature);
    }

    private static int Bit(int x, int y, int z) => x + 2 * y + 4 * z;

    private static bool In(int c, int x, int y, int z) => (c >> Bit(x, y, z) & 1) != 0;

    /// <summary>
    /// 6-adjacency: the closed complex on voxel centres. The window is one cube; its 6 faces are
    /// shared by 2 windows, its 12 edges by 4, its 8 vertices by 8: chi = V/8 - E/4 + F/2 - C.
    /// </summary>
    private static double EulerSix(int c)
    {
        double v = BitOperations.PopCount((uint)c), e = 0, f = 0;
        for (int a = 0; a < 2; a++)
        {
            for (int b = 0; b < 2; b++)
            {
                e += (In(c, 0, a, b) && In(c, 1, a, b) ? 1 : 0) + (In(c, a, 0, b) && In(c, a, 1, b) ? 1 : 0) + (In(c, a, b, 0) && In(c, a, b, 1) ? 1 : 0);
            }
        }

        for (int s = 0; s < 2; s++)
        {
            f += (In(c, s, 0, 0) && In(c, s, 1, 0) && In(c, s, 0, 1) && In(c, s, 1, 1) ? 1 : 0)
               + (In(c, 0, s, 0) && In(c, 1, s, 0) && In(c, 0, s, 1) && In(c, 1, s, 1) ? 1 : 0)
               + (In(c, 0, 0, s) && In(c, 1, 0, s) && In(c, 0, 1, s) && In(c, 1, 1, s) ? 1 : 0);
        }

        return v / 8 - e / 4 + f / 2 - (c == 255 ? 1 : 0);
    }

    /// <summary>
    /// 26-adjacency: the union of closed unit cubes around the voxels. The window surrounds one
    /// corner of that complex: the corner (present if any voxel is), 6 half-edges (present if
    /// any of the 4 voxels on that side is), 12 quarter-faces (any of 2 voxels), 8 eighth-cubes.
    /// </summary>
    private static double EulerTwentySix(int c)
    {
        double v = c != 0 ? 1 : 0, e = 0, f = 0;
        double cubes = BitOperations.PopCount((uint)c);
        for (int s = 0; s < 2; s++)
        {
            e += (In(c, s, 0, 0) || In(c, s, 1, 0) || In(c, s, 0, 1) || In(c, s, 1, 1) ? 1 : 0)
               + (In(c, 0, s, 0) || In(c, 1, s, 0) || In(c, 0, s, 1) || In(c, 1, s, 1) ? 1 : 0)
               + (In(c, 0, 0, s) || In(c, 1, 0, s) || In(c, 0, 1, s) || In(c, 1, 1, s) ? 1 : 0);
        }

        for (int a = 0; a < 2; a++)
        {
            for (int b = 0; b < 2; b++)
            {
                f += (In(c, a, b, 0) || In(c, a, b, 1) ? 1 : 0) + (In(c, a, 0, b) || In(c, a, 1, b) ? 1 : 0) + (In(c, 0, a, b) || In(c, 1, a, b) ? 1 : 0);
            }
        }

        return v - e / 2 + f / 4 - cubes / 8;
    }

    /// <summary>
    /// Voxel pairs (p, p + m) inside the window whose membership differs, each weighted by
    /// 1 / (number of windows holding the pair), so the sum over windows counts every pair once.
    /// </summary>
    private static double Transitions(int c, (int X, int Y, int Z) m)
    {
        double weight = 1.0 / (1 << ((m.X == 0 ? 1 : 0) + (m.Y == 0 ? 1 : 0) + (m.Z == 0 ? 1 : 0)));
        double count = 0;
        for (int z = 0; z < 2; z++)
        {
            for (int y = 0; y < 2; y++)
            {
                for (int x = 0; x < 2; x++)
                {
                    int xx = x + m.X, yy = y + m.Y, zz = z + m.Z;
                    if (xx is >= 0 and < 2 && yy is >= 0 and < 2 && zz is >= 0 and < 2 && In(c, x, y, z) != In(c, xx, yy, zz))
                    {
                        count++;
                    }
                }
            }
        }

        return count * weight;
    }

    private sealed record Cell((int X, int Y, int Z)[] Vertices, double Weight);

    /// <summary>
    /// The cells (3 or 4 window vertices on one lattice plane m . v = k, in cyclic order) of the
    /// plane family with normal m, each weighted by 1 / (number of windows holding it): a square
    /// on a window face (axis normals) lies in 2 windows, every other cell in 1.
    /// </summary>
    private static List<Cell> PlaneCells((int X, int Y, int Z) m)
    {
        var cells = new List<Cell>();
        var corners = new List<(int X, int Y, int Z)>();
        for (int z = 0; z < 2; z++)
        {
            for (int y = 0; y < 2; y++)
            {
                for (int x = 0; x < 2; x++)
                {
                    corners.Add((x, y, z));
                }
            }
        }

        foreach (var level in corners.GroupBy(v => v.X * m.X + v.Y * m.Y + v.Z * m.Z))
        {
            var vertices = level.ToArray();
            if (vertices.Length < 3)
            {
                continue;
            }

            bool onFace = (m.X == 0 ? 1 : 0) + (m.Y == 0 ? 1 : 0) + (m.Z == 0 ? 1 : 0) == 2;
            cells.Add(new Cell(Cyclic(vertices), onFace ? 0.5 : 1.0));
        }

        return cells;
    }

    /// <summary>A triangle is cyclic as it is; a quadrilateral is ordered so that its diagonals (longest pairs) are not sides.</summary>
    private static (int X, int Y, int Z)[] Cyclic((int X, int Y, int Z)[] v)
    {
        if (v.Length == 3)
        {
            return v;
        }

        static int D2((int X, int Y, int Z) a, (int X, int Y, int Z) b) =>
            (a.X - b.X) * (a.X - b.X) + (a.Y - b.Y) * (a.Y - b.Y) + (a.Z - b.Z) * (a.Z - b.Z);

        // v[0]'s opposite vertex is the farthest one; the other two are its neighbours.
        int opposite = Enumerable.Range(1, 3).MaxBy(i => D2(v[0], v[i]));
        var others = Enumerable.Range(1, 3).Where(i => i != opposite).ToArray();
        return [v[0], v[others[0]], v[opposite], v[others[1]]];
    }

    private static double Area((int X, int Y, int Z)[] v, double sx, double sy, double sz)
    {
        // Fan triangulation from v[0] (the cells are convex and planar).
        double area = 0;
        for (int i = 1; i + 1 < v.Length; i++)
        {
            double ax = (v[i].X - v[0].X) * sx, ay = (v[i].Y - v[0].Y) * sy, az = (v[i].Z - v[0].Z) * sz;
            double bx = (v[i + 1].X - v[0].X) * sx, by = (v[i + 1].Y - v[0].Y) * sy, bz = (v[i + 1].Z - v[0].Z) * sz;
            double cx = ay * bz - az * by, cy = az * bx - ax * bz, cz = ax * by - ay * bx;
            area += 0.5 * Math.Sqrt(cx * cx + cy * cy + cz * cz);
        }

        return area;
    }

    /// <summary>
    /// 2D Euler contribution of one cell for the closed complex on the points (4-adjacency on
    /// squares and rectangles, 6-adjacency on triangles): a point is shared by 4 (quadrilateral
    /// lattice) or 6 (triangular lattice) cells, a side by 2.
    /// </summary>
    private static double ClosedCellEuler(int c, (int X, int Y, int Z)[] v)
    {
        int n = v.Length;
        double points = 0, sides = 0;
        bool all = true;
        for (int i = 0; i < n; i++)
        {
            bool a = In(c, v[i].X, v[i].Y, v[i].Z), b = In(c, v[(i + 1) % n].X, v[(i + 1) % n].Y, v[(i + 1) % n].Z);
            points += a ? 1 : 0;
            sides += a && b ? 1 : 0;
            all &= a;
        }

        double share = n == 4 ? 4 : 6;
        return points / share - sides / 2 + (all ? 1 : 0);
    }

    /// <summary>
    /// 2D Euler contribution of one cell for the union of closed Voronoi cells around the points
    /// (8-adjacency on squares and rectangles): the cell centre is a vertex of that complex
    /// (present if any point is), each side is crossed by an edge (present if either end point
    /// is, shared by 2 cells), and each point's Voronoi cell is shared by 4 or 6 cells.
    /// </summary>
    private static double OpenCellEuler(int c, (int X, int Y, int Z)[] v)
    {
        int n = v.Length;
        double points = 0, sides = 0;
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            bool a = In(c, v[i].X, v[i].Y, v[i].Z), b = In(c, v[(i + 1) % n].X, v[(i + 1) % n].Y, v[(i + 1) % n].Z);
            points += a ? 1 : 0;
            sides += a || b ? 1 : 0;
            any |= a;
        }

        double share = n == 4 ? 4 : 6;
        return (any ? 1 : 0) - sides / 2 + points / share;
    }

    private static List<(int X, int Y, int Z)> BuildDirections()
    {
        var list = new List<(int X, int Y, int Z)>();
        for (int z = -1; z <= 1; z++)
        {
            for (int y = -1; y <= 1; y++)
            {
                for (int x = -1; x <= 1; x++)
                {
                    // Keep one of each pair +-m: the first non-zero component positive.
                    int lead = x != 0 ? x : y != 0 ? y : z;
                    if (lead > 0)
                    {
                        list.Add((x, y, z));
                    }
                }
            }
        }

        return list;
    }
}
