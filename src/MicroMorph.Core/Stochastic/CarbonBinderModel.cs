using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Stochastic;

/// <summary>Labels and names of the three phases of a carbon-binder model realization.</summary>
public sealed record CarbonBinderPhaseNames(string Pore = "Pore", string CarbonBinder = "CBD", string Graphite = "Graphite")
{
    public const byte PoreLabel = 0, CarbonBinderLabel = 1, GraphiteLabel = 2;

    public PhaseTable ToPhaseTable() => new(
    [
        new Phase(PoreLabel, Pore, new RgbColor(0, 0, 0)),
        new Phase(CarbonBinderLabel, CarbonBinder, new RgbColor(255, 255, 255)),
        new Phase(GraphiteLabel, Graphite, new RgbColor(128, 128, 128)),
    ]);
}

/// <summary>
/// Realizations of the combined model Xi = Xi1 u (Xi2 n Xi3^c) of the additive phase (001 Eq. 4):
/// graphite spheroids Xi1, carbon-binder excursion set Xi2 and large pores Xi3 (open balls).
/// Painted in the order that makes Eq. 4 exact: Xi2 as CBD, Xi3 as pore over it, Xi1 as graphite
/// over everything. Each component has its own seed derived from the model seed, so changing one
/// component's parameters (e.g. the graphite intensity of the Table 3 study) keeps the others'
/// realizations (common random numbers).
/// </summary>
public static class CarbonBinderModel
{
    /// <summary>Stream ids of the three components' seeds.</summary>
    private const long GraphiteStream = 1, CarbonBinderStream = 2, PoreStream = 3;

    public static PhaseImage Generate(
        CarbonBinderModelParameters parameters,
        int width,
        int height,
        int depth,
        VoxelSize voxelSize,
        long seed,
        CarbonBinderPhaseNames? names,
        ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        parameters.Validate();
        double toModelUnit = LengthUnits.Factor(voxelSize.Unit, parameters.Unit);
        var physical = new VoxelSize(voxelSize.X * toModelUnit, voxelSize.Y * toModelUnit, voxelSize.Z * toModelUnit, parameters.Unit);
        names ??= new CarbonBinderPhaseNames();
        Volume.ValidateDimensions(width, height, depth, VoxelDataType.UInt8);
        var grid = GaussianRandomField.GenerationGrid(width, height, depth, physical, parameters.CovarianceScale);
        MemoryBudget.Require(
            GaussianRandomField.EstimateBytes(width, height, depth, grid, options.MaxDegreeOfParallelism) + (double)width * height * depth,
            "The carbon-binder model",
            new[] { width, height, depth });
        var image = new PhaseImage(width, height, depth, names.ToPhaseTable()) { VoxelSize = physical };

        // Three components painted in turn, each reporting its own progress (the germs of a Boolean model can take many seconds).
        var stages = new StagedProgress(
            options,
            new ProgressStage("Carbon-binder (excursion set)", 1),
            new ProgressStage("Large pores (Boolean model)", 1),
            new ProgressStage("Graphite (Boolean model)", 1));
        GaussianExcursionSet.Paint(image, CarbonBinderPhaseNames.CarbonBinderLabel, parameters.CarbonBinder, ComponentSeed(seed, CarbonBinderStream), stages.Next());
        BooleanModelRealization.Paint(image, CarbonBinderPhaseNames.PoreLabel, parameters.LargePores, ComponentSeed(seed, PoreStream), openGrains: true, stages.Next());
        BooleanModelRealization.Paint(image, CarbonBinderPhaseNames.GraphiteLabel, parameters.Graphite, ComponentSeed(seed, GraphiteStream), openGrains: false, stages.Next());

        image.VoxelSize = voxelSize;
        image.Source = "New-CarbonBinderModel";
        image.Metadata["CarbonBinderModel.Seed"] = seed.ToString(CultureInfo.InvariantCulture);
        image.Metadata["CarbonBinderModel.Parameters"] = parameters.ToString();
        return image;
    }

    /// <summary>The seed of one component: a hash of the model seed and the component's stream id.</summary>
    internal static long ComponentSeed(long seed, long stream) =>
        unchecked((long)RandomStream.Mix(unchecked((ulong)seed) ^ RandomStream.Mix(unchecked((ulong)stream))));
}
