using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Stochastic;

/// <summary>
/// The mu-excursion set Xi2 = {t : Z(t) >= mu} of the Gaussian random field of Eq. 2 (001 Section
/// 3.1.2); its volume fraction is 1 - Phi(mu) (Eq. 18). The field is thresholded row by row as it
/// is synthesised (<see cref="GaussianRandomField"/>), so it is never stored: the output costs one
/// byte per voxel.
/// </summary>
public static class GaussianExcursionSet
{
    /// <summary>Default name of the excursion set's phase (label 1) in <see cref="Generate"/>.</summary>
    public const string DefaultPhaseName = "Solid";

    /// <summary>Default name of the complement (label 0).</summary>
    public const string DefaultBackgroundName = "Pore";

    /// <summary>
    /// A new two-phase image (0 <paramref name="backgroundName"/>, 1 <paramref name="phaseName"/>) of
    /// one realisation; eta is per <see cref="VoxelSize.Unit"/> of <paramref name="voxelSize"/>.
    /// Parameters, seed, generation grid and clipped spectral mass are recorded in its Metadata.
    /// </summary>
    public static PhaseImage Generate(int width, int height, int depth, VoxelSize voxelSize, GaussianExcursionSetParameters parameters, long seed, ComputeOptions options, string phaseName = DefaultPhaseName, string backgroundName = DefaultBackgroundName)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        parameters.Validate();
        var table = new PhaseTable([new Phase(0, backgroundName, RgbColor.Default(0)), new Phase(1, phaseName, RgbColor.Default(1))]);
        var grid = GaussianRandomField.GenerationGrid(width, height, depth, voxelSize, parameters.CovarianceScale);
        GaussianRandomField.EnsureFits(
            GaussianRandomField.EstimateBytes(width, height, depth, grid, options.MaxDegreeOfParallelism) + (long)width * height * depth,
            "The Gaussian excursion set",
            new[] { width, height, depth });
        var image = new PhaseImage(width, height, depth, table) { VoxelSize = voxelSize };
        Paint(image, 1, parameters, seed, options);
        image.Source = string.Create(CultureInfo.InvariantCulture, $"Gaussian excursion set (mu = {parameters.Threshold:G6}, eta = {parameters.CovarianceScale:G6} / {voxelSize.Unit}, seed {seed})");
        return image;
    }

    /// <summary>
    /// Paints <paramref name="label"/> into <paramref name="target"/> wherever Z >= mu, leaving the
    /// other voxels as they are (to compose models by painting one set over another). eta is per
    /// unit of the target's voxel size. Returns the field's generator (grid size, clipped mass).
    /// </summary>
    public static GaussianRandomField Paint(PhaseImage target, byte label, GaussianExcursionSetParameters parameters, long seed, ComputeOptions options, long streamId = GaussianRandomField.DefaultStreamId)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(options);
        parameters.Validate();
        if (!target.Phases.TryGet(label, out var phase))
        {
            throw MicroMorphException.Argument(
                "LabelNotInPhaseTable",
                string.Create(CultureInfo.InvariantCulture, $"Label {label} is not in the phase table ({target.Phases}); add it before painting."),
                label);
        }

        // Shares measured at 200^3: the spectrum takes about as long as the field.
        var stages = new StagedProgress(options, new ProgressStage("Covariance spectrum", 1), new ProgressStage("Gaussian random field", 1));
        var field = GaussianRandomField.Create(target.Width, target.Height, target.Depth, target.VoxelSize, parameters.CovarianceScale, stages.Next());
        double mu = parameters.Threshold;
        int width = target.Width;
        field.Generate(
            seed,
            (y, z, row) =>
            {
                var labels = target.GetLabels(z).Slice(y * width, width);
                for (int x = 0; x < row.Length; x++)
                {
                    if (row[x] >= mu)
                    {
                        labels[x] = label;
                    }
                }
            },
            stages.Next(),
            streamId);

        string prefix = "GaussianExcursionSet." + phase.Name + ".";
        var md = target.Metadata;
        md[prefix + "Threshold"] = parameters.Threshold.ToString("R", CultureInfo.InvariantCulture);
        md[prefix + "CovarianceScale"] = parameters.CovarianceScale.ToString("R", CultureInfo.InvariantCulture);
        md[prefix + "Unit"] = target.VoxelSize.Unit;
        md[prefix + "Seed"] = seed.ToString(CultureInfo.InvariantCulture);
        md[prefix + "Stream"] = streamId.ToString(CultureInfo.InvariantCulture);
        md[prefix + "GenerationGrid"] = field.GridDimensions;
        md[prefix + "ClippedSpectralMass"] = field.ClippedSpectralMass.ToString("G6", CultureInfo.InvariantCulture);
        return field;
    }
}
