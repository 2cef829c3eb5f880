using System.Globalization;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.IO.Raw;

/// <summary>
/// The text form "x,y,z,unit" (invariant culture, round-trip precision) in which the PNG, MetaImage
/// and HDF5 writers store a voxel size.
/// </summary>
internal static class VoxelSizeText
{
    /// <summary>Metadata key / attribute name of the voxel size text.</summary>
    public const string Key = "MicroMorph.VoxelSize";

    public static string Format(VoxelSize size) => string.Create(
        CultureInfo.InvariantCulture,
        $"{size.X:R},{size.Y:R},{size.Z:R},{size.Unit}");

    /// <summary>Parses "x,y,z,unit"; null when the text is malformed (the caller then ignores it).</summary>
    public static VoxelSize? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var parts = text.Split(',', 4);
        if (parts.Length != 4)
        {
            return null;
        }

        var values = new double[3];
        for (int i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out values[i]) || !double.IsFinite(values[i]) || values[i] <= 0)
            {
                return null;
            }
        }

        string unit = parts[3].Trim();
        return unit.Length == 0 ? null : new VoxelSize(values[0], values[1], values[2], unit);
    }
}
