using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// Simulated element maps of hetero-aggregates, the test bed of 000's mixing measures: disk-shaped
/// primary particles (the spherical projections of Section 2.2) with germs uniform in a centred
/// disk-shaped envelope, diameters gamma distributed per species, species drawn independently
/// (a completely random mixture, the lower bound Eq. 5) or by cluster (segregation, near Eq. 4).
/// Overlapping carbon and silica give [1,1] pixels, as transmission does. Streams: 1 germs,
/// 2 species, 3 diameters, 4 cluster centres, so the same seed gives the same map. Without overlaps
/// (<see cref="AggregateMapParameters.AllowOverlap"/> false) a germ that would overlap a placed disk is
/// redrawn (random sequential adsorption). The map keeps its particles (<see cref="AggregateMap.GetParticles"/>).
/// </summary>
public static class AggregateMapSimulator
{
    public static AggregateMap Generate(AggregateMapParameters parameters, ComputeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        parameters.Validate();
        options ??= ComputeOptions.Default;
        var p = parameters;
        double dc = p.CarbonDiameter / p.PixelSize, ds = p.SilicaDiameter / p.PixelSize;
        double sc = p.CarbonDiameterSpread / p.PixelSize, ss = p.SilicaDiameterSpread / p.PixelSize;
        double cx = 0.5 * p.Width, cy = 0.5 * p.Height;
        double envelope = Math.Max(1, 0.5 * Math.Min(p.Width, p.Height) - 0.5 * Math.Max(dc, ds));
        double q = p.CarbonParticleFraction;
        int count = p.ParticleCount;
        if (count == 0)
        {
            double meanArea = Math.PI / 4 * (q * (dc * dc + sc * sc) + (1 - q) * (ds * ds + ss * ss));
            count = Math.Max(1, (int)Math.Round(p.Coverage * Math.PI * envelope * envelope / meanArea));
        }

        var germs = new RandomStream(p.Seed, 1);
        var species = new RandomStream(p.Seed, 2);
        var sizes = new RandomStream(p.Seed, 3);
        var clusterStream = new RandomStream(p.Seed, 4);

        var clusters = new (double X, double Y, bool Carbon)[p.Arrangement == MixtureArrangement.Segregated ? p.ClusterCount : 0];
        int carbonClusters = (int)Math.Round(q * clusters.Length);
        if (clusters.Length >= 2 && q > 0 && q < 1)
        {
            carbonClusters = Math.Clamp(carbonClusters, 1, clusters.Length - 1);
        }

        for (int k = 0; k < clusters.Length; k++)
        {
            var (x, y) = PointInDisk(clusterStream, cx, cy, envelope);
            clusters[k] = (x, y, k < carbonClusters);
        }

        var particles = new AggregateParticle[count];
        var grid = p.AllowOverlap ? null : new DiskGrid(p.Width, p.Height, 2 * Math.Max(dc + 3 * sc, ds + 3 * ss));
        for (int i = 0; i < count; i++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            AggregateParticle particle;
            int attempts = 0;
            bool? drawnSpecies = null;
            double drawnDiameter = 0;
            do
            {
                if (++attempts > MaxPlacementAttempts)
                {
                    double summed = count * Math.PI / 4 * (q * (dc * dc + sc * sc) + (1 - q) * (ds * ds + ss * ss)) / (Math.PI * envelope * envelope);
                    throw Errors.MicroMorphException.Argument(
                        "CoverageTooHigh",
                        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Only {i} of {count} non-overlapping particles could be placed (summed area {summed:F2} of the envelope); random sequential adsorption jams near 0.547: lower the coverage or the particle count, or allow overlaps."),
                        p);
                }

                if (attempts % RedrawSizeEvery == 0)
                {
                    drawnSpecies = null; // near jamming a large disk may find no room: draw a new particle
                }

                var (x, y) = PointInDisk(germs, cx, cy, envelope);
                bool carbon;
                if (clusters.Length == 0)
                {
                    // Random mixtures keep species and size across rejected positions, so the
                    // placement does not favour small particles or a species.
                    drawnSpecies ??= species.NextDouble() < q;
                    carbon = drawnSpecies.Value;
                }
                else
                {
                    int best = 0;
                    double bestD = double.PositiveInfinity;
                    for (int k = 0; k < clusters.Length; k++)
                    {
                        double d = (clusters[k].X - x) * (clusters[k].X - x) + (clusters[k].Y - y) * (clusters[k].Y - y);
                        if (d < bestD)
                        {
                            bestD = d;
                            best = k;
                        }
                    }

                    carbon = clusters[best].Carbon;
                }

                if (clusters.Length > 0 || attempts % RedrawSizeEvery == 1)
                {
                    double mean = carbon ? dc : ds, spread = carbon ? sc : ss;
                    drawnDiameter = spread > 0 ? sizes.NextGamma(mean * mean / (spread * spread), mean / (spread * spread)) : mean;
                }

                particle = new AggregateParticle(x, y, drawnDiameter, carbon);
            }
            while (grid is not null && !grid.TryAdd(particle));

            particles[i] = particle;
        }

        return Rasterize(particles, p.Width, p.Height, p.PixelSize, p.Unit, p.Name);
    }

    private const int MaxPlacementAttempts = 100000;

    /// <summary>A random mixture keeps a particle's species and size for this many rejected positions, then draws new ones.</summary>
    private const int RedrawSizeEvery = 1000;

    /// <summary>
    /// The map of the given disks (pixel units): each disk ORs its species bit into the pixels whose
    /// centres it covers, so overlapping carbon and silica give [1,1]. The map keeps the particles.
    /// </summary>
    public static AggregateMap Rasterize(AggregateParticle[] particles, int width, int height, double pixelSize = 1, string unit = "px", string name = "")
    {
        ArgumentNullException.ThrowIfNull(particles);
        var classes = new byte[(long)width * height];
        foreach (var d in particles)
        {
            Rasterize(classes, width, height, d.X, d.Y, 0.5 * d.Diameter, (byte)(d.Carbon ? 1 : 2));
        }

        return new AggregateMap(width, height, classes, pixelSize, unit, name).WithParticles(particles);
    }

    /// <summary>
    /// A bucket grid of placed disks for the overlap test of random sequential adsorption: a disk is
    /// refused when its centre lies closer than <paramref name="tolerance"/> times the sum of the radii to
    /// a placed one (1: no overlap; smaller values allow partial overlaps).
    /// </summary>
    internal sealed class DiskGrid(int width, int height, double cell, double tolerance = 1)
    {
        private readonly int _nx = Math.Max(1, (int)Math.Ceiling(width / cell)), _ny = Math.Max(1, (int)Math.Ceiling(height / cell));
        private readonly Dictionary<int, List<AggregateParticle>> _cells = [];
        private double _maxRadius;

        public bool TryAdd(AggregateParticle d)
        {
            double r = 0.5 * d.Diameter;
            int span = (int)Math.Ceiling((r + _maxRadius) / cell);
            int ix = Cell(d.X, _nx), iy = Cell(d.Y, _ny);
            for (int j = Math.Max(0, iy - span); j <= Math.Min(_ny - 1, iy + span); j++)
            {
                for (int i = Math.Max(0, ix - span); i <= Math.Min(_nx - 1, ix + span); i++)
                {
                    if (_cells.TryGetValue(j * _nx + i, out var list))
                    {
                        foreach (var o in list)
                        {
                            double reach = tolerance * (r + 0.5 * o.Diameter);
                            if ((o.X - d.X) * (o.X - d.X) + (o.Y - d.Y) * (o.Y - d.Y) < reach * reach)
                            {
                                return false;
                            }
                        }
                    }
                }
            }

            int key = iy * _nx + ix;
            if (!_cells.TryGetValue(key, out var bucket))
            {
                _cells[key] = bucket = [];
            }

            bucket.Add(d);
            _maxRadius = Math.Max(_maxRadius, r);
            return true;
        }

        private int Cell(double v, int n) => Math.Clamp((int)(v / cell), 0, n - 1);
    }

    private static (double X, double Y) PointInDisk(RandomStream stream, double cx, double cy, double radius)
    {
        double r = radius * Math.Sqrt(stream.NextDouble());
        double phi = 2 * Math.PI * stream.NextDouble();
        return (cx + r * Math.Cos(phi), cy + r * Math.Sin(phi));
    }

    /// <summary>ORs <paramref name="bit"/> into every pixel whose centre lies in the disk.</summary>
    private static void Rasterize(byte[] classes, int width, int height, double x, double y, double r, byte bit)
    {
        int y0 = Math.Max(0, (int)Math.Floor(y - r)), y1 = Math.Min(height - 1, (int)Math.Ceiling(y + r));
        double r2 = r * r;
        for (int j = y0; j <= y1; j++)
        {
            double dy = j + 0.5 - y;
            double h2 = r2 - dy * dy;
            if (h2 < 0)
            {
                continue;
            }

            double h = Math.Sqrt(h2);
            int x0 = Math.Max(0, (int)Math.Ceiling(x - h - 0.5)), x1 = Math.Min(width - 1, (int)Math.Floor(x + h - 0.5));
            long row = (long)j * width;
            for (int i = x0; i <= x1; i++)
            {
                classes[row + i] |= bit;
            }
        }
    }
}
