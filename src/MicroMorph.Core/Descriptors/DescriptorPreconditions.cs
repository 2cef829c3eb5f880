using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Processing;

namespace MicroMorph.Core.Descriptors;

/// <summary>The input checks the directional descriptors share, with their ErrorIds.</summary>
internal static class DescriptorPreconditions
{
    /// <summary>Throws <c>DirectionTooShort</c> unless the image is at least 2 voxels long along the direction.</summary>
    public static int RequireExtent(PhaseImage image, FlowDirection direction, string purpose)
    {
        int extent = direction.ExtentOf(image);
        if (extent < 2)
        {
            throw MicroMorphException.Argument(
                "DirectionTooShort",
                $"The volume is {extent} voxel(s) long along {direction}; {purpose} needs at least 2 (use another -Direction).",
                direction);
        }

        return extent;
    }

    /// <summary>The phase's voxel count; throws <c>EmptyPhase</c> when it has none.</summary>
    public static long RequirePhaseVoxels(PhaseImage image, Phase phase, ComputeOptions options)
    {
        long count = PhaseCounter.CountLabels(image, options)[phase.Label];
        if (count == 0)
        {
            throw MicroMorphException.InvalidData("EmptyPhase", $"The phase '{phase.Name}' has no voxels in this image.", phase);
        }

        return count;
    }
}
