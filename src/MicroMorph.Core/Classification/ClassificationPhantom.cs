using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Classification;

/// <summary>
/// A synthetic FIB-SEM-like test volume for texture classification (the situation of 001
/// Section 2.3.2): large oblate "graphite" grains (a Boolean model of randomly oriented oblate
/// spheroids) in a fine-grained "carbon-binder" matrix. Both phases have the same mean grey
/// value; the matrix carries strong fine-scale noise (white noise smoothed at <see cref="TextureScale"/> voxels), the grains
/// the same noise at a fifth of the amplitude, so a global threshold fails and texture features
/// succeed. Deterministic in the seed: grains from RandomStream(seed, 0), the noise of slice z
/// from RandomStream(seed, 1 + z).
/// </summary>
public static class ClassificationPhantom
{
    public const byte GraphiteLabel = 1;
    public const byte CarbonBinderLabel = 2;

    /// <summary>Standard deviation in voxels of the Gaussian that correlates the matrix noise (its grain size).</summary>
    public const double TextureScale = 1.5;

    /// <param name="volumeFraction">Expected volume fraction of the grains (Boolean model: 1 - exp(-lambda E[V])).</param>
    /// <param name="equatorialRadius">Mean equatorial half-axis of the grains in voxels (uniform within +-30 %); the polar half-axis is half of it.</param>
    public static (VoxelStack Grey, PhaseImage Truth) Create(int width, int height, int depth, long seed, double volumeFraction, double equatorialRadius, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Volume.ValidateDimensions(width, height, depth, VoxelDataType.Float32);
        if (!(volumeFraction > 0 && volumeFraction < 0.9))
        {
            throw MicroMorphException.Argument("InvalidVolumeFraction", "The grain volume fraction must be between 0 and 0.9.", volumeFraction);
        }

        if (!(equatorialRadius >= 2 && equatorialRadius <= 1000))
        {
            throw MicroMorphException.Argument("InvalidRadius", "The grain radius must be between 2 and 1000 voxels.", equatorialRadius);
        }

        var table = new PhaseTable([
            new Phase(GraphiteLabel, "Graphite", new RgbColor(0xE6, 0x9F, 0x00)),
            new Phase(CarbonBinderLabel, "CarbonBinder", new RgbColor(0x56, 0xB4, 0xE9)),
        ]);
        var truth = new PhaseImage(width, height, depth, table);
        for (int z = 0; z < depth; z++)
        {
            truth.GetLabels(z).Fill(CarbonBinderLabel);
        }

        // Germs in the window grown by the largest half-axis; E[a^2 c] = 0.5 E[a^3], a ~ U(0.7 r, 1.3 r).
        var random = new RandomStream(seed, 0);
        double r = equatorialRadius, margin = 1.3 * r;
        double meanCube = (Math.Pow(1.3 * r, 4) - Math.Pow(0.7 * r, 4)) / (4 * 0.6 * r);
        double meanVolume = 4.0 / 3 * Math.PI * 0.5 * meanCube;
        double lambda = -Math.Log(1 - volumeFraction) / meanVolume;
        double window = (width + 2 * margin) * (height + 2 * margin) * (depth + 2 * margin);
        double expected = lambda * window;
        int count = (int)Math.Min(1e6, Math.Round(expected));
        for (int g = 0; g < count; g++)
        {
            double cx = random.NextUniform(-margin, width + margin);
            double cy = random.NextUniform(-margin, height + margin);
            double cz = random.NextUniform(-margin, depth + margin);
            double a = random.NextUniform(0.7 * r, 1.3 * r), c = 0.5 * a;
            double ux = random.NextGaussian(), uy = random.NextGaussian(), uz = random.NextGaussian();
            double norm = Math.Sqrt(ux * ux + uy * uy + uz * uz);
            ux /= norm;
            uy /= norm;
            uz /= norm;
            for (int z = Math.Max(0, (int)Math.Floor(cz - a)); z <= Math.Min(depth - 1, (int)Math.Ceiling(cz + a)); z++)
            {
                var labels = truth.GetLabels(z);
                for (int y = Math.Max(0, (int)Math.Floor(cy - a)); y <= Math.Min(height - 1, (int)Math.Ceiling(cy + a)); y++)
                {
                    for (int x = Math.Max(0, (int)Math.Floor(cx - a)); x <= Math.Min(width - 1, (int)Math.Ceiling(cx + a)); x++)
                    {
                        double dx = x - cx, dy = y - cy, dz = z - cz;
                        double along = dx * ux + dy * uy + dz * uz;
                        double across = dx * dx + dy * dy + dz * dz - along * along;
                        if (along * along / (c * c) + across / (a * a) <= 1)
                        {
                            labels[y * width + x] = GraphiteLabel;
                        }
                    }
                }
            }
        }

        // Fine texture: white noise smoothed at TextureScale voxels, normalised to unit standard deviation.
        var noise = new VoxelStack(width, height, depth, VoxelDataType.Float32);
        SliceIterator.For(depth, options, "Phantom noise", z =>
        {
            var stream = new RandomStream(seed, 1 + z);
            var slice = noise.GetSlice<float>(z);
            for (int i = 0; i < slice.Length; i++)
            {
                slice[i] = (float)stream.NextGaussian();
            }
        });

        GaussianFilter.Filter(noise, noise, GaussianKernel.Create(TextureScale, 0), GaussianKernel.Create(TextureScale, 0), depth > 1 ? GaussianKernel.Create(TextureScale, 0) : [1f], options);
        double smoothedStd = Math.Sqrt(Math.Pow(GaussianKernel.Create(TextureScale, 0).Sum(w => (double)w * w), depth > 1 ? 3 : 2));
        var grey = new VoxelStack(width, height, depth, VoxelDataType.UInt8);
        grey.Source = "ClassificationPhantom";
        SliceIterator.For(depth, options, "Phantom grey values", z =>
        {
            var n = noise.GetSlice<float>(z);
            var labels = truth.GetLabels(z);
            var target = grey.GetSlice<byte>(z);
            for (int i = 0; i < target.Length; i++)
            {
                double amplitude = labels[i] == GraphiteLabel ? 5 : 45;
                target[i] = (byte)Math.Clamp(Math.Round(128 + amplitude * n[i] / smoothedStd), 0, 255);
            }
        });

        return (grey, truth);
    }

    /// <summary>
    /// A label image as a user paints it: the truth on the given z-slices, 0 (unlabelled) elsewhere;
    /// phase table 0 Unlabelled plus the truth's phases.
    /// </summary>
    public static PhaseImage LabelsOn(PhaseImage truth, IEnumerable<int> slices)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(slices);
        var labels = new PhaseImage(truth.Width, truth.Height, truth.Depth, new PhaseTable(truth.Phases.Prepend(new Phase(0, "Unlabelled", new RgbColor(0, 0, 0)))));
        labels.DeriveFrom(truth);
        foreach (int z in slices)
        {
            if (z < 0 || z >= truth.Depth)
            {
                throw MicroMorphException.Argument("SliceOutOfRange", $"Slice {z} is outside 0..{truth.Depth - 1}.", z);
            }

            truth.GetLabels(z).CopyTo(labels.GetLabels(z));
        }

        return labels;
    }
}
