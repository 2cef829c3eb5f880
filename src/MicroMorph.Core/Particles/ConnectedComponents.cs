using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Connected-component labelling of the voxels of some phases with 6-, 18- or 26-connectivity:
/// the particle identification of 004 Section 2.3.2 ("individual particles are separated and can
/// be identified by finding the connected components"). Labels are numbered in raster order
/// (x fastest, then y, then z), as SciPy's ndimage.label numbers them.
/// </summary>
public static class ConnectedComponents
{
    /// <summary>Labels the connected components of the voxels whose phase is one of <paramref name="phases"/>.</summary>
    public static ParticleImage Label(PhaseImage image, IReadOnlyList<Phase> phases, int connectivity, ComputeOptions options) =>
        Label(image, phases, connectivity, options, slabDepth: null);

    /// <summary>
    /// As <see cref="Label(PhaseImage, IReadOnlyList{Phase}, int, ComputeOptions)"/>; a volume that is
    /// file-backed, or whose labels would be, is labelled slab by slab (<see cref="SlabLabelling"/>,
    /// same labels); <paramref name="slabDepth"/> forces that path with slabs of that many slices (tests).
    /// </summary>
    internal static ParticleImage Label(PhaseImage image, IReadOnlyList<Phase> phases, int connectivity, ComputeOptions options, int? slabDepth)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(options);
        RunLabeller.ValidateConnectivity(connectivity);
        if (phases.Count == 0)
        {
            throw MicroMorphException.Argument("NoParticlePhase", "Name at least one phase whose voxels form the particles.", image);
        }

        MemoryBudget.RequireVolume(image.VoxelCount * 4.0, "The particle label volume", image);
        var source = new PhaseMaskRunSource(image, phases.Select(p => p.Label));
        if (slabDepth is not null || image.IsFileBacked || VolumeStorage.WouldUseFile(image.VoxelCount * 4.0))
        {
            var (slabLabels, count) = SlabLabelling.Label(source, connectivity, options, "Labelling particles", slabDepth ?? 0);
            slabLabels.DeriveFrom(image);
            slabLabels.Source = image.Source + " [particles]";
            return new ParticleImage(slabLabels, count, image, phases.ToArray(), connectivity);
        }

        var labeller = RunLabeller.Run(source, connectivity, options, "Labelling particles");
        var labels = WriteLabels(labeller, image.Width, image.Height, options);
        labels.DeriveFrom(image);
        labels.Source = image.Source + " [particles]";
        return new ParticleImage(labels, labeller.ComponentCount, image, phases.ToArray(), connectivity);
    }

    /// <summary>Relabels the components of a label volume (e.g. markers) as 1..n in raster order; voxels of equal label that touch form one component.</summary>
    internal static (VoxelStack Labels, long Count) Relabel(VoxelStack labels, int connectivity, ComputeOptions options)
    {
        var labeller = RunLabeller.Run(new LabelRunSource(labels), connectivity, options, "Labelling markers");
        var result = WriteLabels(labeller, labels.Width, labels.Height, options);
        result.DeriveFrom(labels);
        return (result, labeller.ComponentCount);
    }

    /// <summary>Writes each run's component label into a new UInt32 volume (0 between runs).</summary>
    internal static VoxelStack WriteLabels(RunLabeller labeller, int w, int h, ComputeOptions options)
    {
        if (labeller.ComponentCount > uint.MaxValue)
        {
            throw new MicroMorphException(
                "TooManyParticles",
                MicroMorphErrorKind.LimitsExceeded,
                $"The volume holds {labeller.ComponentCount} components, more than a UInt32 label volume can number ({uint.MaxValue}).",
                labeller.ComponentCount);
        }

        var labels = VoxelStack.CreateUninitialized(w, h, labeller.Depth, VoxelDataType.UInt32);
        SliceIterator.For(labeller.Depth, options with { Progress = null }, "Writing labels", z =>
        {
            PageAdvice.Populate(labels.GetSliceBytes(z)); // map the fresh slice in one call, not one fault per page
            var slice = labels.GetSlice<uint>(z);
            labeller.WriteLabels(z, slice, w, 0);
        });
        return labels;
    }
}
