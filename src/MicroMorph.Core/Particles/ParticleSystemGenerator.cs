using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Test data for the 004 workflow: balls of several phases in a matrix (label 0), placed by random
/// sequential addition with a gap of two voxels between separate particles (until the count is
/// reached or 20 radii in a row find no room); a fraction of them is
/// intergrown (two phases either side of a random plane near the centre) and a fraction has a
/// partner ball overlapping it (centres 0.8 (r1 + r2) apart), so labelling alone merges the pair
/// and the watershed has to split it. One random stream (stream 0 of the seed) drives the
/// placement in a fixed order, so a seed gives the same voxels on any machine.
/// </summary>
public static class ParticleSystemGenerator
{
    private const int Attempts = 200;
    private const int MaxFailures = 20;

    public static PhaseImage Generate(int width, int height, int depth, VoxelSize voxelSize, ParticleSystemParameters p, long seed)
    {
        ArgumentNullException.ThrowIfNull(p);
        Validate(p);
        Volume.ValidateDimensions(width, height, depth, VoxelDataType.UInt8);
        MemoryBudget.Require((double)width * height * depth, "The particle system", p);
        var table = new PhaseTable(new[] { new Phase(0, "Matrix", RgbColor.Default(0)) }
            .Concat(p.PhaseNames.Select((n, i) => new Phase((byte)(i + 1), n, RgbColor.Default(i + 1)))));
        var image = new PhaseImage(width, height, depth, table) { VoxelSize = voxelSize };
        var rng = new RandomStream(seed, 0);
        var placed = new List<Ball>();
        double gap = 2 * Math.Max(voxelSize.X, Math.Max(voxelSize.Y, voxelSize.Z));
        double[] box = [width * voxelSize.X, height * voxelSize.Y, depth * voxelSize.Z];
        int particles = 0, failures = 0;
        while (particles < p.ParticleCount && failures < MaxFailures)
        {
            double r = rng.NextUniform(p.MinimumRadius, p.MaximumRadius);
            Ball? primary = null;
            for (int a = 0; a < Attempts && primary is null; a++)
            {
                var c = new double[3];
                for (int k = 0; k < 3; k++)
                {
                    c[k] = box[k] > 2 * r ? rng.NextUniform(r, box[k] - r) : box[k] / 2;
                }

                var candidate = new Ball(c[0], c[1], c[2], r);
                if (placed.All(b => !b.Near(candidate, gap)))
                {
                    primary = candidate;
                }
            }

            if (primary is null)
            {
                failures++; // the box is (nearly) full for this radius; a smaller one may still fit
                continue;
            }

            failures = 0;
            Paint(image, primary, p, rng);
            placed.Add(primary);
            particles++;
            if (particles < p.ParticleCount && rng.NextDouble() < p.TouchingFraction)
            {
                double r2 = rng.NextUniform(p.MinimumRadius, p.MaximumRadius);
                var (dx, dy, dz) = rng.NextDirection();
                double s = 0.8 * (r + r2);
                var partner = new Ball(primary.X + s * dx, primary.Y + s * dy, primary.Z + s * dz, r2);
                bool inside = partner.X >= r2 && partner.Y >= r2 && partner.Z >= r2 && partner.X <= box[0] - r2 && partner.Y <= box[1] - r2 && partner.Z <= box[2] - r2;
                if (inside && placed.All(b => b == primary || !b.Near(partner, gap)))
                {
                    Paint(image, partner, p, rng);
                    placed.Add(partner);
                    particles++;
                }
            }
        }

        image.Source = string.Create(CultureInfo.InvariantCulture, $"ParticleSystem(n={particles}, r={p.MinimumRadius}..{p.MaximumRadius}, seed={seed})");
        image.Metadata["ParticleCount"] = particles.ToString(CultureInfo.InvariantCulture);
        image.Metadata["Seed"] = seed.ToString(CultureInfo.InvariantCulture);
        return image;
    }

    private static void Validate(ParticleSystemParameters p)
    {
        if (p.ParticleCount < 1)
        {
            throw MicroMorphException.Argument("InvalidParticleCount", $"The particle count must be positive; got {p.ParticleCount}.", p);
        }

        if (!(p.MinimumRadius > 0 && p.MaximumRadius >= p.MinimumRadius && double.IsFinite(p.MaximumRadius)))
        {
            throw MicroMorphException.Argument("InvalidRadius", string.Create(CultureInfo.InvariantCulture, $"Radii must satisfy 0 < minimum <= maximum; got {p.MinimumRadius} and {p.MaximumRadius}."), p);
        }

        if (p.PhaseNames.Count is < 1 or > 255 || p.PhaseNames.Any(string.IsNullOrWhiteSpace))
        {
            throw MicroMorphException.Argument("InvalidPhaseNames", "Name between 1 and 255 particle phases.", p);
        }

        if (!(p.IntergrownFraction is >= 0 and <= 1) || !(p.TouchingFraction is >= 0 and <= 1))
        {
            throw MicroMorphException.Argument("InvalidFraction", "The intergrown and touching fractions are probabilities in [0, 1].", p);
        }
    }

    private static void Paint(PhaseImage image, Ball b, ParticleSystemParameters p, RandomStream rng)
    {
        int m = p.PhaseNames.Count;
        byte first = (byte)(1 + (int)(rng.NextDouble() * m));
        byte second = first;
        (double X, double Y, double Z) normal = (1, 0, 0);
        double offset = 0;
        if (m > 1 && rng.NextDouble() < p.IntergrownFraction)
        {
            second = (byte)(1 + ((first - 1 + 1 + (int)(rng.NextDouble() * (m - 1))) % m));
            normal = rng.NextDirection();
            offset = rng.NextUniform(-0.5, 0.5) * b.R;
        }

        var vs = image.VoxelSize;
        int x0 = Math.Max(0, (int)Math.Floor((b.X - b.R) / vs.X)), x1 = Math.Min(image.Width - 1, (int)Math.Ceiling((b.X + b.R) / vs.X));
        int y0 = Math.Max(0, (int)Math.Floor((b.Y - b.R) / vs.Y)), y1 = Math.Min(image.Height - 1, (int)Math.Ceiling((b.Y + b.R) / vs.Y));
        int z0 = Math.Max(0, (int)Math.Floor((b.Z - b.R) / vs.Z)), z1 = Math.Min(image.Depth - 1, (int)Math.Ceiling((b.Z + b.R) / vs.Z));
        for (int z = z0; z <= z1; z++)
        {
            var slice = image.GetLabels(z);
            double dz = (z + 0.5) * vs.Z - b.Z;
            for (int y = y0; y <= y1; y++)
            {
                double dy = (y + 0.5) * vs.Y - b.Y;
                for (int x = x0; x <= x1; x++)
                {
                    double dx = (x + 0.5) * vs.X - b.X;
                    if (dx * dx + dy * dy + dz * dz <= b.R * b.R)
                    {
                        slice[y * image.Width + x] = dx * normal.X + dy * normal.Y + dz * normal.Z < offset ? first : second;
                    }
                }
            }
        }
    }

    private sealed record Ball(double X, double Y, double Z, double R)
    {
        public bool Near(Ball o, double gap)
        {
            double dx = X - o.X, dy = Y - o.Y, dz = Z - o.Z, s = R + o.R + gap;
            return dx * dx + dy * dy + dz * dz < s * s;
        }
    }
}
