using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Processing;

/// <summary>Turns a labelled grey stack (integer values 0-255) and a phase table into a <see cref="PhaseImage"/>.</summary>
public static class PhaseImageConverter
{
    /// <summary>
    /// The phase image of <paramref name="labels"/>, derived from it (its metadata goes under
    /// <c>Source.</c>, the phase table is recorded in <c>Derived</c>; see <see cref="Volume.DeriveFrom"/>).
    /// </summary>
    public static PhaseImage Convert(VoxelStack labels, PhaseTable? phases, ComputeOptions options) =>
        Convert(labels, phases, options, derived: true);

    /// <param name="derived">
    /// False for a stack that is read as the phase image it was written as: the metadata then
    /// describes the image itself and is kept as it is.
    /// </param>
    internal static PhaseImage Convert(VoxelStack labels, PhaseTable? phases, ComputeOptions options, bool derived)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var image = new PhaseImage(labels.Width, labels.Height, labels.Depth, phases ?? new PhaseTable([new Phase(0, "Phase0", RgbColor.Default(0))]));
        var bad = new System.Collections.Concurrent.ConcurrentDictionary<double, bool>();
        SliceIterator.For(labels.Depth, options, "Converting labels", z =>
        {
            var dst = image.GetLabels(z);
            switch (labels.DataType)
            {
                case VoxelDataType.UInt8: labels.GetSliceBytes(z).CopyTo(dst); break;
                case VoxelDataType.UInt16: Copy<ushort>(labels.GetSlice<ushort>(z), dst, bad); break;
                case VoxelDataType.Int16: Copy<short>(labels.GetSlice<short>(z), dst, bad); break;
                case VoxelDataType.UInt32: Copy<uint>(labels.GetSlice<uint>(z), dst, bad); break;
                default: Copy<float>(labels.GetSlice<float>(z), dst, bad); break;
            }
        });

        if (!bad.IsEmpty)
        {
            var examples = bad.Keys.OrderBy(v => v).Take(5).Select(v => v.ToString(CultureInfo.InvariantCulture));
            throw MicroMorphException.InvalidData(
                "ValueIsNotALabel",
                $"The stack holds values that are not labels 0-255 (e.g. {string.Join(", ", examples)}); segment or rescale it first.",
                labels);
        }

        if (phases is null)
        {
            var counts = PhaseCounter.CountLabels(image, options);
            image.Phases = PhaseTable.ForLabels(Enumerable.Range(0, 256).Where(l => counts[l] > 0).Select(l => (byte)l));
        }
        else
        {
            image.ValidateLabels();
        }

        if (derived)
        {
            image.DeriveFrom(labels, "phases " + string.Join(", ", image.Phases.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Label}={p.Name}"))));
        }
        else
        {
            image.CopyAttributesFrom(labels);
        }

        return image;
    }

    private static void Copy<T>(ReadOnlySpan<T> src, Span<byte> dst, System.Collections.Concurrent.ConcurrentDictionary<double, bool> bad)
        where T : unmanaged, System.Numerics.INumberBase<T>
    {
        for (int i = 0; i < src.Length; i++)
        {
            double v = double.CreateTruncating(src[i]);
            if (v is >= 0 and <= 255 && v == Math.Floor(v))
            {
                dst[i] = (byte)v;
            }
            else if (bad.Count < 64)
            {
                bad.TryAdd(v, true);
            }
        }
    }
}
