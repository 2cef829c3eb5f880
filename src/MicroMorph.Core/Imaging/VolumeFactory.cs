namespace MicroMorph.Core.Imaging;

/// <summary>Creates a volume of the same kind (grey or labelled) and type as another, derived from it.</summary>
public static class VolumeFactory
{
    /// <summary>
    /// A new volume of the template's kind, type and voxel size, derived from it by
    /// <paramref name="step"/> (see <see cref="Volume.DeriveFrom"/>: the template's metadata goes under
    /// <c>Source.</c>).
    /// </summary>
    public static Volume CreateLike(Volume template, int width, int height, int depth, string? step = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        Volume result = template is PhaseImage phases
            ? new PhaseImage(width, height, depth, phases.Phases)
            : VoxelStack.CreateUninitialized(width, height, depth, template.DataType);
        result.DeriveFrom(template, step);
        return result;
    }
}
