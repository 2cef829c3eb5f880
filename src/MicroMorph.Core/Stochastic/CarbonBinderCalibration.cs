using System.Globalization;
using MathNet.Numerics.Distributions;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Stochastic;

/// <summary>Settings of <see cref="CarbonBinderCalibration"/>.</summary>
public sealed record CarbonBinderCalibrationOptions
{
    /// <summary>The theta candidates of 001 Section 3.2.3, per nm.</summary>
    public static IReadOnlyList<double> PaperPoreRadiusRatesPerNanometre { get; } = [0.0125, 0.0118, 0.0111, 0.0105, 0.0100, 0.0095, 0.0091];

    /// <summary>Candidate rates theta per unit of the image; null: the paper's, converted to the image's unit.</summary>
    public IReadOnlyList<double>? PoreRadiusRates { get; init; }

    /// <summary>Realizations per candidate (the paper: three).</summary>
    public int Realizations { get; init; } = 3;

    /// <summary>Seed of the realizations; realization k uses the same seed for every candidate (common random numbers).</summary>
    public long Seed { get; init; }

    /// <summary>L of Eq. 17; NaN: the voxel size.</summary>
    public double LengthScale { get; init; } = double.NaN;

    /// <summary>Largest distance of the covariance fit; null: the excursion-set calibration's default.</summary>
    public double? MaxDistance { get; init; }

    /// <summary>Connectivity of the graphite phase for its Euler characteristic (Eq. 17).</summary>
    public EulerConnectivity Connectivity { get; init; } = EulerConnectivity.Six;
}

/// <summary>One theta candidate: lambda_Y from Eq. 25 and the L1 distances between the pore CPSDs of its realizations and the data.</summary>
/// <param name="PoreSizeDistribution">The mean pore CPSD of the candidate's realizations (the dashed lines of Fig. A2).</param>
public sealed record PoreRateCandidate(double PoreRadiusRate, double PoreIntensity, IReadOnlyList<double> Distances, IReadOnlyList<CurvePoint> PoreSizeDistribution)
{
    public IReadOnlyList<double> Distances { get; init; } = ResultList.Of(Distances, "distances");

    public IReadOnlyList<CurvePoint> PoreSizeDistribution { get; init; } = Curve.Of(PoreSizeDistribution, "Radius", "CoveredFraction", string.Empty);

    public double MeanDistance => Distances.Average();

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"theta {PoreRadiusRate:G4}: L1 {MeanDistance:G4}");
}

/// <summary>
/// The whole carbon-binder model fitted to a three-phase image (001 Section 3.2). VolumeFraction is
/// the measured additive fraction V; the other fractions are the fitted components' V1, V2, V3
/// (Eqs. 22-24). The graphite
/// Boolean model, the carbon-binder excursion set, and the large-pore model's theta (best candidate)
/// with lambda_Y from Eq. 25. <see cref="Parameters"/> feeds <c>New-CarbonBinderModel</c>.
/// </summary>
public sealed record CarbonBinderCalibrationResult(
    CarbonBinderModelParameters Parameters,
    double VolumeFraction,
    double GraphiteVolumeFraction,
    double CarbonBinderVolumeFraction,
    double LargePoreVolumeFraction,
    BooleanModelCalibrationResult Graphite,
    ExcursionSetCalibrationResult CarbonBinder,
    IReadOnlyList<PoreRateCandidate> PoreRateCandidates,
    IReadOnlyList<CurvePoint> PoreSizeDistribution)
{
    public string Unit => Parameters.Unit;

    public IReadOnlyList<PoreRateCandidate> PoreRateCandidates { get; init; } = ResultList.Of(PoreRateCandidates, "candidates");

    /// <summary>The pore CPSD of the data (fraction of the pores covered by balls of radius at least r, per r in <see cref="Unit"/>).</summary>
    public IReadOnlyList<CurvePoint> PoreSizeDistribution { get; init; } = Curve.Of(PoreSizeDistribution, "Radius", "CoveredFraction", Parameters.Unit);

    public string Source { get; init; } = string.Empty;
}

/// <summary>
/// Calibrates Xi = Xi1 u (Xi2 n Xi3^c) (001 Eq. 4) to a segmented image of the additive phase:
/// Xi1 by Nelder-Mead on the intrinsic volumes of the graphite (Eq. 17), Xi2 by Eqs. 19-21 on the
/// carbon-binder, and Xi3 by scanning theta: lambda_Y from Eq. 25 makes the volume fraction of the
/// additives (graphite and carbon-binder) match, and the theta whose realizations' pore CPSD is
/// nearest in L1 to the data's is kept (Section 3.2.3).
/// </summary>
public static class CarbonBinderCalibration
{
    /// <param name="image">The segmented additive phase: graphite, carbon-binder and pore (every other label).</param>
    /// <param name="graphite">The graphite phase of <paramref name="image"/>.</param>
    /// <param name="carbonBinder">The carbon-binder phase of <paramref name="image"/>.</param>
    /// <param name="carbonBinderSample">
    /// A cutout showing carbon-binder and pores only, without graphite or large pores (the paper's
    /// 278 x 136 x 124 voxels, Fig. A1); Xi2 is calibrated on it. It must hold a phase named like
    /// <paramref name="carbonBinder"/>.
    /// </param>
    public static CarbonBinderCalibrationResult Calibrate(
        PhaseImage image,
        Phase graphite,
        Phase carbonBinder,
        PhaseImage carbonBinderSample,
        CarbonBinderCalibrationOptions settings,
        ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(carbonBinderSample);
        ArgumentNullException.ThrowIfNull(graphite);
        ArgumentNullException.ThrowIfNull(carbonBinder);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(options);
        if (graphite.Label == carbonBinder.Label)
        {
            throw MicroMorphException.Argument("SamePhaseTwice", $"The graphite and the carbon-binder phase are both '{graphite.Name}'; name two different phases.", carbonBinder);
        }

        if (settings.Realizations < 1)
        {
            throw MicroMorphException.Argument("InvalidRealizationCount", $"At least one realization per candidate is needed; {settings.Realizations} was asked for.", settings.Realizations);
        }

        var rates = PoreRadiusRates(settings, image.VoxelSize.Unit);

        // One run, five stages; each realization of the theta scan costs about a generation and a CPSD.
        var stages = new StagedProgress(
            options,
            new ProgressStage("Counting phases", 0.5),
            new ProgressStage("Graphite Boolean model (Xi1)", 2),
            new ProgressStage("Carbon-binder excursion set (Xi2)", 2),
            new ProgressStage("Pore size distribution of the data", 2),
            new ProgressStage("Large-pore rate theta (Xi3)", 3.0 * rates.Count * settings.Realizations));
        var counts = PhaseCounter.CountLabels(image, stages.Next());
        double n = image.VoxelCount;
        double v = (counts[graphite.Label] + counts[carbonBinder.Label]) / n;
        if (counts[graphite.Label] == 0 || counts[carbonBinder.Label] == 0)
        {
            throw MicroMorphException.InvalidData("EmptyPhase", $"The image holds no {(counts[graphite.Label] == 0 ? graphite.Name : carbonBinder.Name)}; both the graphite and the carbon-binder phase are needed.", image);
        }

        if (v >= 1)
        {
            throw MicroMorphException.InvalidData("NoPoreSpace", "Graphite and carbon-binder fill the whole image; the large-pore model needs pore space to fit.", image);
        }

        // Xi1: graphite spheroids (Section 3.2.1).
        var graphiteFit = BooleanModelCalibration.Calibrate(
            image,
            graphite,
            new BooleanModelCalibrationOptions { GrainShape = BooleanGrainShape.Spheroid, LengthScale = settings.LengthScale },
            settings.Connectivity,
            stages.Next());
        double v1 = graphiteFit.Fitted.VolumeFraction;

        // Xi2: carbon-binder excursion set (Section 3.2.2), on the cutout.
        var cbdFit = ExcursionSetCalibration.Calibrate(carbonBinderSample, SamplePhase(carbonBinderSample, carbonBinder), settings.MaxDistance, stages.Next());
        double v2 = cbdFit.VolumeFraction;

        // Xi3: Eq. 25 needs V1 < V < V1 + V2 (1 - V1).
        double ratio = (v - v1) / (v2 * (1 - v1));
        if (!(ratio > 0 && ratio < 1))
        {
            throw MicroMorphException.InvalidData(
                "VolumeFractionOutOfModelRange",
                string.Create(CultureInfo.InvariantCulture, $"The additive volume fraction V = {v:G4} must lie between V1 = {v1:G4} and V1 + V2 (1 - V1) = {v1 + v2 * (1 - v1):G4} (Eq. 22) for the large pores to explain it; the carbon-binder sample's fraction V2 = {v2:G4} is too small or the graphite fit too large."),
                image);
        }

        var pore = PoreComplement(image, graphite, carbonBinder);
        var dataCpsd = PhaseSizeDistribution.Compute(pore.Image, pore.Phase, stages.Next());
        // Each realization of the scan is generated and measured in turn: two steps per realization, so that the
        // progress moves within a realization too (one realization of a large image takes many seconds).
        int total = rates.Count * settings.Realizations;
        var realizations = new StagedProgress(
            stages.Next(),
            Enumerable.Range(1, total).SelectMany(i => new[]
            {
                new ProgressStage($"Realization {i} of {total}: generating", 1),
                new ProgressStage($"Realization {i} of {total}: pore size distribution", 1),
            }).ToArray());
        var candidates = new List<PoreRateCandidate>();
        foreach (double theta in rates)
        {
            double lambdaY = -theta * theta * theta / (8 * Math.PI) * Math.Log(ratio);
            var model = Assemble(graphiteFit.Parameters, cbdFit.Parameters, theta, lambdaY, image.VoxelSize.Unit);
            var distances = new double[settings.Realizations];
            var curves = new IReadOnlyList<CurvePoint>[settings.Realizations];
            for (int k = 0; k < settings.Realizations; k++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                var realization = CarbonBinderModel.Generate(model, image.Width, image.Height, image.Depth, image.VoxelSize, settings.Seed + k, null, realizations.Next());
                curves[k] = PhaseSizeDistribution.Compute(realization, realization.Phases[0], realizations.Next());
                distances[k] = PhaseSizeDistribution.L1Distance(curves[k], dataCpsd);
            }

            candidates.Add(new PoreRateCandidate(theta, lambdaY, distances, PhaseSizeDistribution.Mean(curves)));
        }

        var best = candidates.MinBy(c => c.MeanDistance)!;
        return new CarbonBinderCalibrationResult(
            Assemble(graphiteFit.Parameters, cbdFit.Parameters, best.PoreRadiusRate, best.PoreIntensity, image.VoxelSize.Unit),
            v,
            v1,
            v2,
            1 - Math.Exp(-best.PoreIntensity * 8 * Math.PI / Math.Pow(best.PoreRadiusRate, 3)),
            graphiteFit,
            cbdFit,
            candidates,
            dataCpsd)
        {
            Source = image.Source,
        };
    }

    private static CarbonBinderModelParameters Assemble(BooleanModelParameters graphite, GaussianExcursionSetParameters cbd, double theta, double lambdaY, string unit)
    {
        var g = (GammaSpheroids)graphite.Grains;
        return new CarbonBinderModelParameters(graphite.Intensity, g.ShapeA, g.ShapeC, g.Rate, cbd.Threshold, cbd.CovarianceScale, theta, lambdaY, unit);
    }

    private static IReadOnlyList<double> PoreRadiusRates(CarbonBinderCalibrationOptions settings, string unit)
    {
        if (settings.PoreRadiusRates is { } given)
        {
            if (given.Count == 0 || given.Any(t => !(t > 0) || double.IsInfinity(t)))
            {
                throw MicroMorphException.Argument("InvalidPoreRadiusRate", "The candidate rates theta must be finite positive numbers per length unit.", given);
            }

            return given;
        }

        if (LengthUnits.MetresPerUnit(unit) is null)
        {
            throw MicroMorphException.Argument(
                "PoreRadiusRateNeeded",
                $"The image's voxel size is in '{unit}', which is not a length unit, so the paper's candidate rates (per nm) cannot be converted; give the candidates (-PoreRadiusRate) per {unit}.",
                unit);
        }

        double nanometresPerUnit = LengthUnits.Factor(unit, "nm");
        return CarbonBinderCalibrationOptions.PaperPoreRadiusRatesPerNanometre.Select(t => t * nanometresPerUnit).ToArray();
    }

    /// <summary>The sample's phase named like <paramref name="carbonBinder"/>.</summary>
    private static Phase SamplePhase(PhaseImage sample, Phase carbonBinder)
    {
        foreach (var phase in sample.Phases)
        {
            if (string.Equals(phase.Name, carbonBinder.Name, StringComparison.OrdinalIgnoreCase))
            {
                return phase;
            }
        }

        throw MicroMorphException.Argument(
            "CarbonBinderSamplePhaseMissing",
            $"The carbon-binder sample has no phase named '{carbonBinder.Name}' (its phases: {sample.Phases}); cut it from the same segmentation, e.g. with Select-VoxelRegion.",
            sample);
    }

    /// <summary>The pore space: every voxel that is neither graphite nor carbon-binder, as a two-phase image.</summary>
    private static (PhaseImage Image, Phase Phase) PoreComplement(PhaseImage image, Phase graphite, Phase carbonBinder)
    {
        var phases = new PhaseTable([new Phase(0, "Pore", new RgbColor(0, 0, 0)), new Phase(1, "Additive", new RgbColor(255, 255, 255))]);
        var pores = new PhaseImage(image.Width, image.Height, image.Depth, phases) { VoxelSize = image.VoxelSize };
        for (int z = 0; z < image.Depth; z++)
        {
            var source = image.GetLabels(z);
            var target = pores.GetLabels(z);
            for (int i = 0; i < source.Length; i++)
            {
                target[i] = source[i] == graphite.Label || source[i] == carbonBinder.Label ? (byte)1 : (byte)0;
            }
        }

        return (pores, phases[0]);
    }
}
