using System.Globalization;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Transport;

/// <summary>
/// Effective conductivity, effective tortuosity and M-factor of one or more conducting phases along
/// one direction (001 Section 3.4, Eq. 27; 002 Section 4, Eqs. 2-3): steady conduction with potential
/// 1 on the inlet face and 0 on the outlet face, solved by <see cref="ConjugateGradientSolver"/> on the
/// component connected to both faces. sigma_eff = I L / (delta phi A) with I the current, L the
/// face-to-face length and A the face area; M = sigma_eff / sigma_0; tau_eff = epsilon / M.
/// </summary>
public static class EffectiveTransportAnalysis
{
    /// <summary>Largest number of distinct conductivities (phases) in one solve.</summary>
    public const int MaximumPhases = 63;

    /// <summary>A single conducting phase with conductivity 1 (tortuosity of a pore or solid phase).</summary>
    public static EffectiveTransportResult Compute(PhaseImage image, Phase phase, FlowDirection direction, TransportSolverSettings settings, ComputeOptions options) =>
        Compute(image, [new PhaseConductivity(phase, 1.0)], direction, settings, options);

    public static EffectiveTransportResult Compute(PhaseImage image, IReadOnlyList<PhaseConductivity> conductivities, FlowDirection direction, TransportSolverSettings settings, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(conductivities);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (conductivities.Count == 0)
        {
            throw MicroMorphException.Argument("NoConductingPhase", "Name at least one conducting phase.", conductivities);
        }

        if (conductivities.Count > MaximumPhases)
        {
            throw MicroMorphException.Argument("TooManyPhases", $"At most {MaximumPhases} conducting phases can be given; {conductivities.Count} were.", conductivities);
        }

        foreach (var c in conductivities)
        {
            if (!(c.Conductivity > 0) || double.IsInfinity(c.Conductivity))
            {
                throw MicroMorphException.Argument(
                    "InvalidConductivity",
                    string.Create(CultureInfo.InvariantCulture, $"The conductivity of '{c.Phase.Name}' is {c.Conductivity}; conductivities must be finite and greater than 0 (leave a non-conducting phase out)."),
                    c);
            }
        }

        var duplicate = conductivities.GroupBy(c => c.Phase.Label).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw MicroMorphException.Argument("DuplicatePhase", $"The phase '{duplicate.First().Phase.Name}' is given more than once.", duplicate.First().Phase);
        }

        if (!(settings.Tolerance > 0 && settings.Tolerance < 1))
        {
            throw MicroMorphException.Argument("InvalidTolerance", string.Create(CultureInfo.InvariantCulture, $"The tolerance must lie in (0, 1); it is {settings.Tolerance}."), settings.Tolerance);
        }

        if (settings.MaximumIterations < 1)
        {
            throw MicroMorphException.Argument("InvalidIterationLimit", $"The iteration limit must be at least 1; it is {settings.MaximumIterations}.", settings.MaximumIterations);
        }

        DescriptorPreconditions.RequireExtent(image, direction, "a conduction path from inlet to outlet");

        // Shares of the run measured on the electrode (256^3, pore phase: about 0.3 s, 0.8 s and 23 s on
        // two cores); the solve varies most with the structure.
        var stages = new StagedProgress(
            options,
            new ProgressStage("Counting phase voxels", 1),
            new ProgressStage("Finding the percolating component", 3),
            new ProgressStage("Solving the conduction problem", 70));
        var counts = PhaseCounter.CountLabels(image, stages.Next());
        foreach (var c in conductivities)
        {
            if (counts[c.Phase.Label] == 0)
            {
                throw MicroMorphException.InvalidData("EmptyPhase", $"The phase '{c.Phase.Name}' has no voxels in this image.", c.Phase);
            }
        }

        MemoryBudget.Require((double)image.VoxelCount * ConductionProblem.BytesPerVoxel, $"The conduction solve of a {image.Dimensions} volume", image);

        var classOf = new byte[256];
        var sigma = new double[conductivities.Count];
        long phaseVoxels = 0;
        for (int k = 0; k < conductivities.Count; k++)
        {
            classOf[conductivities[k].Phase.Label] = (byte)(k + 1);
            sigma[k] = conductivities[k].Conductivity;
            phaseVoxels += counts[conductivities[k].Phase.Label];
        }

        string name = string.Join("+", conductivities.Select(c => c.Phase.Name));
        double reference = sigma.Max();
        double epsilon = (double)phaseVoxels / image.VoxelCount;
        var problem = ConductionProblem.Build(image, classOf, sigma, direction, settings.PeriodicSides, stages.Next());
        double percolating = (double)problem.ActiveVoxels / phaseVoxels;
        if (problem.ActiveVoxels == 0)
        {
            return new EffectiveTransportResult(name, direction, epsilon, 0, 0, reference, double.PositiveInfinity, 0, 0, 0, true) { Source = image.Source };
        }

        var outcome = ConjugateGradientSolver.Solve(problem, settings, stages.Next());

        // Current for a unit potential drop from the dissipated power (quadratically accurate in the error).
        double current = outcome.Power;

        double effective = current * problem.Extent / problem.CrossSection;
        double m = effective / reference;
        double tau = epsilon / m;
        return new EffectiveTransportResult(name, direction, epsilon, percolating, effective, reference, tau, m, outcome.Iterations, outcome.RelativeResidual, outcome.Converged)
        {
            Source = image.Source,
        };
    }
}
