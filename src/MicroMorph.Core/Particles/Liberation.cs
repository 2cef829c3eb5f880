using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Mineral liberation (004 Section 2.3.4). A particle is free in phase i when the phase holds more
/// than <c>threshold</c> (0.99 in the paper; strictly larger) of its volume. Then
/// LD_i = V_i,free / (V_i,free + V_i,intergrown) (Eq. 1), with V_i,free the volume of phase i in
/// free particles and V_i,intergrown the volume of phase i in all other particles, so the
/// denominator is the whole volume of phase i in particles; Eq. 2 is the same restricted to the
/// particles whose size (volume or equivalent diameter) lies in a class [a, b).
/// </summary>
public static class Liberation
{
    public const double DefaultThreshold = 0.99;

    public static LiberationResult Compute(IReadOnlyList<ParticleMeasurement> particles, string phase, double threshold, IReadOnlyList<double>? sizeClassEdges, SizeMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(particles);
        ArgumentNullException.ThrowIfNull(phase);
        Validate(particles, threshold, sizeClassEdges);
        var first = particles[0].Share(phase) ?? throw new MicroMorphException(
            "PhaseNotFound",
            MicroMorphErrorKind.ObjectNotFound,
            $"The phase '{phase}' is not in the particles' phase table ({string.Join(", ", particles[0].Phases.Select(p => p.Phase))}).",
            phase);

        int classes = sizeClassEdges is null ? 0 : sizeClassEdges.Count - 1;
        var free = new double[classes];
        var grown = new double[classes];
        var count = new long[classes];
        var freeCount = new long[classes];
        double freeTotal = 0, grownTotal = 0;
        long particleCount = 0, freeParticles = 0;
        var grains = new List<GrainVolumeRecord>();
        foreach (var p in particles)
        {
            var share = p.Share(first.Phase)!;
            if (share.VoxelCount == 0)
            {
                continue;
            }

            bool isFree = share.VolumeFraction > threshold;
            particleCount++;
            if (isFree)
            {
                freeParticles++;
                freeTotal += share.Volume;
            }
            else
            {
                grownTotal += share.Volume;
            }

            int k = sizeClassEdges is null ? -1 : SizeClasses.Find(sizeClassEdges, SizeClasses.SizeOf(p, measure));
            if (k >= 0)
            {
                count[k]++;
                if (isFree)
                {
                    freeCount[k]++;
                    free[k] += share.Volume;
                }
                else
                {
                    grown[k] += share.Volume;
                }
            }

            foreach (double g in share.GrainVolumes)
            {
                grains.Add(new GrainVolumeRecord(p.Label, p.Volume, g, share.VolumeFraction));
            }
        }

        return new LiberationResult
        {
            Phase = first.Phase,
            Threshold = threshold,
            LiberationDegree = Ratio(freeTotal, grownTotal),
            FreeVolume = freeTotal,
            IntergrownVolume = grownTotal,
            ParticleCount = particleCount,
            FreeParticleCount = freeParticles,
            Unit = particles[0].Unit,
            SizeMeasure = measure,
            SizeClasses = Enumerable.Range(0, classes)
                .Select(k => new SizeClassLiberation(sizeClassEdges![k], sizeClassEdges[k + 1], count[k], freeCount[k], free[k], grown[k], Ratio(free[k], grown[k])))
                .ToArray(),
            Grains = grains,
        };
    }

    private static double Ratio(double free, double grown) => free + grown > 0 ? free / (free + grown) : double.NaN;

    /// <summary>Checks the threshold and size classes (before any measurement).</summary>
    public static void ValidateArguments(double threshold, IReadOnlyList<double>? edges)
    {
        if (!(threshold >= 0 && threshold < 1))
        {
            throw MicroMorphException.Argument("InvalidLiberationThreshold", string.Create(CultureInfo.InvariantCulture, $"The liberation threshold is a volume fraction in [0, 1); got {threshold}."), threshold);
        }

        if (edges is not null)
        {
            SizeClasses.Validate(edges);
        }
    }

    private static void Validate(IReadOnlyList<ParticleMeasurement> particles, double threshold, IReadOnlyList<double>? edges)
    {
        ValidateArguments(threshold, edges);
        if (particles.Count == 0)
        {
            throw MicroMorphException.InvalidData("NoParticles", "There are no particles to analyse (the particle mask is empty).", particles);
        }

        if (particles[0].Phases.Count == 0)
        {
            throw MicroMorphException.Argument("NoPhaseComposition", "The particles were measured without a phase image; liberation needs the phase of every voxel.", particles);
        }
    }
}
