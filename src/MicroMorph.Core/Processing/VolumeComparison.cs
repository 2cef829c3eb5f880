using System.Globalization;
using System.Numerics;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Processing;

/// <summary>
/// How one label's voxels changed between two phase images, voxel by voxel.
/// <c>DifferenceVoxels - ReferenceVoxels = GainedVoxels - LostVoxels</c>.
/// </summary>
/// <param name="Phase">The name in the reference's phase table (else in the other's, else the label as a number).</param>
/// <param name="ReferenceFraction">ReferenceVoxels over the voxel count: the phase's volume fraction in the reference.</param>
/// <param name="DifferenceFraction">DifferenceVoxels over the voxel count.</param>
/// <param name="LostVoxels">Voxels of this label in the reference that hold another label in the other image.</param>
/// <param name="GainedVoxels">Voxels of this label in the other image that hold another label in the reference.</param>
public sealed record PhaseDifference(string Phase, byte Label, long ReferenceVoxels, long DifferenceVoxels, double ReferenceFraction, double DifferenceFraction, long LostVoxels, long GainedVoxels)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Phase} -{LostVoxels} +{GainedVoxels}");
}

/// <summary>
/// Voxel-wise comparison of two volumes of the same dimensions (Compare-VoxelStack).
/// </summary>
/// <param name="Reference">The reference volume as it prints (kind, size, voxel size, content hash).</param>
/// <param name="Difference">The compared volume as it prints.</param>
/// <param name="DifferingVoxels">Voxels whose values differ (two NaNs count as equal).</param>
/// <param name="DifferingFraction">DifferingVoxels / VoxelCount.</param>
/// <param name="MaximumAbsoluteDifference">
/// The largest |a - b| over voxels where both values are numbers (labels for phase images); 0 when none differ.
/// </param>
/// <param name="Identical">
/// No voxel differs, and kind, data type, voxel size and (for phase images) phase table are the same.
/// </param>
/// <param name="Phases">Per label, for two phase images; empty otherwise.</param>
public sealed record VolumeComparisonResult(
    string Reference,
    string Difference,
    string Dimensions,
    long VoxelCount,
    long DifferingVoxels,
    double DifferingFraction,
    double MaximumAbsoluteDifference,
    bool Identical,
    bool SameDataType,
    bool SameVoxelSize,
    bool SamePhaseTable,
    IReadOnlyList<PhaseDifference> Phases)
{
    public IReadOnlyList<PhaseDifference> Phases { get; init; } = Descriptors.ResultList.Of(Phases, "phases");
}

/// <summary>Computes <see cref="VolumeComparisonResult"/> in one parallel pass over the slices.</summary>
public static class VolumeComparison
{
    public static VolumeComparisonResult Compare(Volume reference, Volume difference, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(reference);
        ArgumentNullException.ThrowIfNull(difference);
        ArgumentNullException.ThrowIfNull(options);
        if (reference.Width != difference.Width || reference.Height != difference.Height || reference.Depth != difference.Depth)
        {
            throw MicroMorphException.Argument(
                "VolumeDimensionsDiffer",
                $"The volumes differ in size ({reference.Dimensions} against {difference.Dimensions}); a voxel-wise comparison needs the same dimensions. Crop one with Select-VoxelRegion or resample it with Resize-VoxelStack first.",
                difference);
        }

        // Phase images: one joint label histogram gives the differing voxels, the largest label
        // difference and the per-phase rows; other volumes: one pass comparing the values.
        long differing = 0;
        double maximum = 0;
        long[]? joint = null;
        if (reference is PhaseImage referencePhases && difference is PhaseImage differencePhases)
        {
            joint = SegmentationComparison.JointHistogram(referencePhases, differencePhases, options, "Comparing volumes");
            for (int k = 0; k < joint.Length; k++)
            {
                int referenceLabel = k >> 8, differenceLabel = k & 0xFF;
                if (joint[k] > 0 && referenceLabel != differenceLabel)
                {
                    differing += joint[k];
                    maximum = Math.Max(maximum, Math.Abs(referenceLabel - differenceLabel));
                }
            }
        }
        else
        {
            var gate = new object();
            SliceIterator.For(
                reference.Depth,
                options,
                "Comparing volumes",
                () => new Tally(reference.SliceVoxelCount, reference.DataType != difference.DataType),
                (z, tally) => CompareSlice(reference, difference, z, tally),
                tally =>
                {
                    lock (gate)
                    {
                        differing += tally.Differing;
                        maximum = Math.Max(maximum, tally.Maximum);
                    }
                });
        }

        bool sameType = reference.GetType() == difference.GetType() && reference.DataType == difference.DataType;
        bool sameVoxelSize = reference.VoxelSize.Equals(difference.VoxelSize);
        bool samePhaseTable = reference is not PhaseImage a || difference is not PhaseImage b || a.Phases.SequenceEqual(b.Phases);
        return new VolumeComparisonResult(
            reference.ToString()!,
            difference.ToString()!,
            reference.Dimensions,
            reference.VoxelCount,
            differing,
            (double)differing / reference.VoxelCount,
            maximum,
            differing == 0 && sameType && sameVoxelSize && samePhaseTable,
            sameType,
            sameVoxelSize,
            samePhaseTable,
            joint is null ? [] : PhaseRows((PhaseImage)reference, (PhaseImage)difference, joint));
    }

    private static PhaseDifference[] PhaseRows(PhaseImage reference, PhaseImage difference, long[] joint)
    {
        var rows = new List<PhaseDifference>();
        for (int label = 0; label < 256; label++)
        {
            long inReference = 0, inDifference = 0, stayed = joint[(label << 8) | label];
            for (int other = 0; other < 256; other++)
            {
                inReference += joint[(label << 8) | other];
                inDifference += joint[(other << 8) | label];
            }

            bool named = reference.Phases.TryGet((byte)label, out var phase) || difference.Phases.TryGet((byte)label, out phase);
            if (!named && inReference == 0 && inDifference == 0)
            {
                continue;
            }

            string name = named ? phase.Name : label.ToString(CultureInfo.InvariantCulture);
            double n = reference.VoxelCount;
            rows.Add(new PhaseDifference(name, (byte)label, inReference, inDifference, inReference / n, inDifference / n, inReference - stayed, inDifference - stayed));
        }

        return [.. rows];
    }

    private static void CompareSlice(Volume reference, Volume difference, int z, Tally tally)
    {
        if (tally.First is null)
        {
            switch (reference.DataType)
            {
                case VoxelDataType.UInt8: Same<byte>(reference.ReadSlice<byte>(z), difference.ReadSlice<byte>(z), tally); break;
                case VoxelDataType.UInt16: Same<ushort>(reference.ReadSlice<ushort>(z), difference.ReadSlice<ushort>(z), tally); break;
                case VoxelDataType.Int16: Same<short>(reference.ReadSlice<short>(z), difference.ReadSlice<short>(z), tally); break;
                case VoxelDataType.UInt32: Same<uint>(reference.ReadSlice<uint>(z), difference.ReadSlice<uint>(z), tally); break;
                default: Same<float>(reference.ReadSlice<float>(z), difference.ReadSlice<float>(z), tally); break;
            }

            return;
        }

        // Different data types: compare the values as doubles (every supported type converts exactly).
        ToDouble(reference, z, tally.First);
        ToDouble(difference, z, tally.Second!);
        Same<double>(tally.First, tally.Second!, tally);
    }

    private static void Same<T>(ReadOnlySpan<T> a, ReadOnlySpan<T> b, Tally tally)
        where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < a.Length; i++)
        {
            T x = a[i], y = b[i];
            if (x == y || (T.IsNaN(x) && T.IsNaN(y)))
            {
                continue;
            }

            tally.Differing++;
            double d = Math.Abs(double.CreateTruncating(x) - double.CreateTruncating(y));
            if (!double.IsNaN(d))
            {
                tally.Maximum = Math.Max(tally.Maximum, d);
            }
        }
    }

    private static void ToDouble(Volume volume, int z, double[] buffer)
    {
        switch (volume.DataType)
        {
            case VoxelDataType.UInt8: Copy<byte>(volume.ReadSlice<byte>(z), buffer); break;
            case VoxelDataType.UInt16: Copy<ushort>(volume.ReadSlice<ushort>(z), buffer); break;
            case VoxelDataType.Int16: Copy<short>(volume.ReadSlice<short>(z), buffer); break;
            case VoxelDataType.UInt32: Copy<uint>(volume.ReadSlice<uint>(z), buffer); break;
            default: Copy<float>(volume.ReadSlice<float>(z), buffer); break;
        }
    }

    private static void Copy<T>(ReadOnlySpan<T> source, double[] buffer)
        where T : unmanaged, INumberBase<T>
    {
        for (int i = 0; i < source.Length; i++)
        {
            buffer[i] = double.CreateTruncating(source[i]);
        }
    }

    private sealed class Tally(long sliceVoxels, bool convert)
    {
        public long Differing;
        public double Maximum;
        public readonly double[]? First = convert ? new double[sliceVoxels] : null;
        public readonly double[]? Second = convert ? new double[sliceVoxels] : null;
    }
}
