using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// Simulated element maps of hetero-aggregates, the test bed of 000's mixing measures: disk-shaped
/// primary particles (the spherical projections of Section 2.2) with germs uniform in a centred
/// disk-shaped envelope, diameters gamma distributed per species, species drawn independently
/// (a completely random mixture, the lower bound Eq. 5) or by cluster (segregation, near Eq. 4).
/// Overlapping carbon and silica give [1,1] pixels, as transmission does. Streams: 1 germs,
/// 2 species, 3 diameters, 4 cluster centres, so the same seed gives the same map.
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

        var classes = new byte[(long)p.Width * p.Height];
        for (int i = 0; i < count; i++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var (x, y) = PointInDisk(germs, cx, cy, envelope);
            bool carbon;
            if (clusters.Length == 0)
            {
                carbon = species.NextDouble() < q;
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

            double mean = carbon ? dc : ds, spread = carbon ? sc : ss;
            double diameter = spread > 0 ? sizes.NextGamma(mean * mean / (spread * spread), mean / (spread * spread)) : mean;
            Rasterize(classes, p.Width, p.Height, x, y, 0.5 * diameter, (byte)(carbon ? 1 : 2));
        }

        return new AggregateMap(p.Width, p.Height, classes, p.PixelSize, p.Unit, p.Name);
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
