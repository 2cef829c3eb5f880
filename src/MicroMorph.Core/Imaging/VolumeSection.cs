using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// A 2D section through a volume, normal to one axis. Orientation: a <see cref="SliceAxis.Z"/> section
/// runs x across and y down (the slice as recorded), <see cref="SliceAxis.Y"/> x across and z down,
/// <see cref="SliceAxis.X"/> y across and z down; transposed, the two swap (the y-z panel of an
/// orthogonal view runs z across and y down, so that it shares the y axis with the x-y panel).
/// </summary>
public static class VolumeSection
{
    /// <summary>Number of sections along <paramref name="axis"/>.</summary>
    public static int Extent(Volume volume, SliceAxis axis) => axis switch
    {
        SliceAxis.Z => volume.Depth,
        SliceAxis.Y => volume.Height,
        _ => volume.Width,
    };

    /// <summary>Refuses an index outside 0..extent - 1 with <c>SliceOutOfRange</c>.</summary>
    public static void CheckIndex(Volume volume, SliceAxis axis, int index)
    {
        ArgumentNullException.ThrowIfNull(volume);
        int extent = Extent(volume, axis);
        if (index < 0 || index >= extent)
        {
            throw MicroMorphException.Argument(
                "SliceOutOfRange",
                string.Create(CultureInfo.InvariantCulture, $"Slice {index} along {axis} is outside the volume (0 to {extent - 1})."),
                index);
        }
    }

    /// <summary>Voxel counts across and down the section.</summary>
    public static (int Width, int Height) Size(Volume volume, SliceAxis axis, bool transposed = false)
    {
        (int w, int h) = axis switch
        {
            SliceAxis.Z => (volume.Width, volume.Height),
            SliceAxis.Y => (volume.Width, volume.Depth),
            _ => (volume.Height, volume.Depth),
        };
        return transposed ? (h, w) : (w, h);
    }

    /// <summary>Physical voxel edge lengths across and down the section (in the volume's unit).</summary>
    public static (double Across, double Down) VoxelEdges(Volume volume, SliceAxis axis, bool transposed = false)
    {
        var s = volume.VoxelSize;
        (double a, double d) = axis switch
        {
            SliceAxis.Z => (s.X, s.Y),
            SliceAxis.Y => (s.X, s.Z),
            _ => (s.Y, s.Z),
        };
        return transposed ? (d, a) : (a, d);
    }

    /// <summary>The section's values as doubles, row by row (element (u, v) at v * Width + u).</summary>
    public static double[] ReadValues(Volume volume, SliceAxis axis, int index, bool transposed = false)
    {
        CheckIndex(volume, axis, index);
        (int w, int h) = Size(volume, axis, transposed);
        var values = new double[(long)w * h];
        Visit(volume, axis, index, transposed, (target, z, i) => values[target] = Read(volume, z, i));
        return values;
    }

    /// <summary>
    /// The section as a 2D volume of the same data type (a phase image keeps its phase table), its
    /// voxel size the section's edges across and down, and the normal axis' edge as depth: the data
    /// itself, for writing a slice whose pixel values are the voxel values.
    /// </summary>
    public static Volume Extract(Volume volume, SliceAxis axis, int index)
    {
        CheckIndex(volume, axis, index);
        (int w, int h) = Size(volume, axis);
        Volume section = volume is PhaseImage phases
            ? new PhaseImage(w, h, 1, phases.Phases)
            : new VoxelStack(w, h, 1, volume.DataType);
        section.DeriveFrom(volume, string.Create(CultureInfo.InvariantCulture, $"section {axis} = {index}"));
        (double across, double down) = VoxelEdges(volume, axis);
        var size = volume.VoxelSize;
        double normal = axis switch { SliceAxis.Z => size.Z, SliceAxis.Y => size.Y, _ => size.X };
        section.VoxelSize = new VoxelSize(across, down, normal, size.Unit);
        int bytes = volume.DataType.BytesPerVoxel();
        var buffer = new byte[(long)w * h * bytes];
        Visit(volume, axis, index, transposed: false, (t, z, i) => volume.ReadSliceBytes(z).Slice((int)(i * bytes), bytes).CopyTo(buffer.AsSpan((int)(t * bytes), bytes)));
        buffer.CopyTo(section.GetSliceBytes(0));
        return section;
    }

    private delegate void VoxelAction(long target, int z, long indexInSlice);

    // Calls action(target element, source slice z, element index in that slice) for every voxel of the section.
    private static void Visit(Volume volume, SliceAxis axis, int index, bool transposed, VoxelAction action)
    {
        int width = volume.Width;
        (int w, _) = Size(volume, axis, transposed);
        switch (axis)
        {
            case SliceAxis.Z:
                for (int y = 0; y < volume.Height; y++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        action(transposed ? (long)x * w + y : (long)y * w + x, index, (long)y * width + x);
                    }
                }

                break;
            case SliceAxis.Y:
                for (int z = 0; z < volume.Depth; z++)
                {
                    for (int x = 0; x < width; x++)
                    {
                        action(transposed ? (long)x * w + z : (long)z * w + x, z, (long)index * width + x);
                    }
                }

                break;
            default:
                for (int z = 0; z < volume.Depth; z++)
                {
                    for (int y = 0; y < volume.Height; y++)
                    {
                        action(transposed ? (long)y * w + z : (long)z * w + y, z, (long)y * width + index);
                    }
                }

                break;
        }
    }

    private static double Read(Volume volume, int z, long i) => volume.DataType switch
    {
        VoxelDataType.UInt8 => volume.ReadSliceBytes(z)[(int)i],
        VoxelDataType.UInt16 => volume.ReadSlice<ushort>(z)[(int)i],
        VoxelDataType.Int16 => volume.ReadSlice<short>(z)[(int)i],
        VoxelDataType.UInt32 => volume.ReadSlice<uint>(z)[(int)i],
        _ => volume.ReadSlice<float>(z)[(int)i],
    };
}
