namespace MicroMorph.Core.Imaging;

/// <summary>Creates a volume of the same kind (grey or labelled), type and attributes as another.</summary>
public static class VolumeFactory
{
    public static Volume CreateLike(Volume template, int width, int height, int depth)
    {
        ArgumentNullException.ThrowIfNull(template);
        Volume result = template is PhaseImage phases
            ? new PhaseImage(width, height, depth, phases.Phases)
            : VoxelStack.CreateUninitialized(width, height, depth, template.DataType);
        result.CopyAttributesFrom(template);
        return result;
    }
}
