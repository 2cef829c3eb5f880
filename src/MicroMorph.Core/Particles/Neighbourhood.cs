namespace MicroMorph.Core.Particles;

/// <summary>The offsets of the 6-, 18- or 26-neighbourhood, split into those before and after a voxel in raster order.</summary>
internal sealed class Neighbourhood
{
    public Neighbourhood(int connectivity)
    {
        RunLabeller.ValidateConnectivity(connectivity);
        var all = new List<(int X, int Y, int Z)>();
        for (int dz = -1; dz <= 1; dz++)
        {
            for (int dy = -1; dy <= 1; dy++)
            {
                for (int dx = -1; dx <= 1; dx++)
                {
                    int n = Math.Abs(dx) + Math.Abs(dy) + Math.Abs(dz);
                    if (n > 0 && (connectivity == 26 || (connectivity == 18 && n <= 2) || (connectivity == 6 && n == 1)))
                    {
                        all.Add((dx, dy, dz));
                    }
                }
            }
        }

        All = all.ToArray();
        Before = all.Where(o => o.Z < 0 || (o.Z == 0 && (o.Y < 0 || (o.Y == 0 && o.X < 0)))).ToArray();
        After = all.Where(o => !Before.Contains(o)).ToArray();
        ByDz = [.. Enumerable.Range(-1, 3).Select(dz => all.Where(o => o.Z == dz).Select(o => (o.X, o.Y)).ToArray())];
    }

    /// <summary>In-plane offsets (x, y) of the neighbours in slice z + dz, at index dz + 1.</summary>
    public (int X, int Y)[][] ByDz { get; }

    public (int X, int Y, int Z)[] All { get; }

    public (int X, int Y, int Z)[] Before { get; }

    public (int X, int Y, int Z)[] After { get; }
}
