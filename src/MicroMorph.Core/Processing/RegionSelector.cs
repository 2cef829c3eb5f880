using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Processing;

/// <summary>
/// Crops a box out of a volume (a copy, keeping voxel size and phases; the metadata goes under
/// <c>Source.</c> and the crop is recorded in <c>Derived</c>, see <see cref="Volume.DeriveFrom"/>).
/// </summary>
public static class RegionSelector
{
    /// <param name="origin">First voxel (x, y, z) of the box, zero-based.</param>
    /// <param name="size">Extent (x, y, z) of the box in voxels.</param>
    public static Volume Crop(Volume volume, (int X, int Y, int Z) origin, (int X, int Y, int Z) size, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(volume);
        if (origin.X < 0 || origin.Y < 0 || origin.Z < 0 || size.X < 1 || size.Y < 1 || size.Z < 1 ||
            (long)origin.X + size.X > volume.Width || (long)origin.Y + size.Y > volume.Height || (long)origin.Z + size.Z > volume.Depth)
        {
            throw MicroMorphException.Argument(
                "RegionOutsideVolume",
                string.Create(CultureInfo.InvariantCulture,
                    $"The region at ({origin.X}, {origin.Y}, {origin.Z}) of size {size.X} x {size.Y} x {size.Z} does not lie inside the {volume.Dimensions} volume."),
                volume);
        }

        var result = VolumeFactory.CreateLike(
            volume, size.X, size.Y, size.Z, string.Create(CultureInfo.InvariantCulture, $"crop {origin.X},{origin.Y},{origin.Z} +{size.X}x{size.Y}x{size.Z}"));
        int bpv = volume.DataType.BytesPerVoxel();
        SliceIterator.For(size.Z, options, "Cropping", z =>
        {
            var src = volume.GetSliceBytes(origin.Z + z);
            var dst = result.GetSliceBytes(z);
            int rowBytes = size.X * bpv;
            for (int y = 0; y < size.Y; y++)
            {
                src.Slice(((origin.Y + y) * volume.Width + origin.X) * bpv, rowBytes).CopyTo(dst.Slice(y * rowBytes, rowBytes));
            }
        });
        return result;
    }
}
