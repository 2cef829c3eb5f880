using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// A labelled volume: one byte label per voxel plus the <see cref="PhaseTable"/> that names the
/// labels (e.g. 0 Pore, 1 CBD, 2 AM). Every stored label is in the table.
/// </summary>
public sealed class PhaseImage : Volume
{
    private PhaseTable _phases;

    /// <summary>Creates an image with every voxel set to the lowest label of the table.</summary>
    public PhaseImage(int width, int height, int depth, PhaseTable phases)
        : base(width, height, depth, VoxelDataType.UInt8, zeroFill: true)
    {
        ArgumentNullException.ThrowIfNull(phases);
        if (phases.Count == 0)
        {
            throw MicroMorphException.Argument("EmptyPhaseTable", "A phase image needs at least one phase.", phases);
        }

        _phases = phases;
        byte fill = phases[0].Label;
        if (fill != 0)
        {
            for (int z = 0; z < depth; z++)
            {
                GetSliceBytes(z).Fill(fill);
            }
        }
    }

    public PhaseTable Phases
    {
        get => _phases;
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            _phases = value;
        }
    }

    /// <summary>Label slice <paramref name="z"/>, writable (not callable from PowerShell: a span; scripts use <see cref="GetLabelArray"/>).</summary>
    public Span<byte> GetLabels(int z) => GetSliceBytes(z);

    /// <summary>A copy of label slice <paramref name="z"/> as a new byte array, label (x, y) at <c>y * Width + x</c>.</summary>
    public byte[] GetLabelArray(int z) => (byte[])GetSliceArray(z);

    public byte GetLabel(int x, int y, int z) => GetSliceBytes(z)[y * Width + x];

    /// <summary>
    /// Throws <c>LabelNotInPhaseTable</c> when a voxel carries a label the table does not name.
    /// </summary>
    public void ValidateLabels()
    {
        var counts = Processing.PhaseCounter.CountLabels(this, Parallelism.ComputeOptions.Default);
        var missing = Enumerable.Range(0, 256).Where(l => counts[l] > 0 && !_phases.TryGet((byte)l, out _)).ToArray();
        if (missing.Length > 0)
        {
            throw MicroMorphException.InvalidData(
                "LabelNotInPhaseTable",
                "The volume holds label(s) " + string.Join(", ", missing.Select(m => m.ToString(CultureInfo.InvariantCulture))) +
                $" that the phase table ({_phases}) does not name.",
                missing);
        }
    }

    public override string ToString() => $"PhaseImage {Dimensions} [{_phases}] ({VoxelSize}) #{ShortContentHash}";

    /// <summary>Equal phase tables: the same labels, names and colours.</summary>
    protected override bool HeaderEquals(Volume other) => _phases.SequenceEqual(((PhaseImage)other)._phases);

    /// <summary>Labels written with SetSliceArray must be in the phase table.</summary>
    protected override void ValidateSlice(Array values)
    {
        Span<bool> seen = stackalloc bool[256];
        foreach (byte label in (byte[])values)
        {
            seen[label] = true;
        }

        for (int l = 0; l < 256; l++)
        {
            if (seen[l] && !_phases.TryGet((byte)l, out _))
            {
                throw MicroMorphException.Argument(
                    "LabelNotInPhaseTable",
                    string.Create(CultureInfo.InvariantCulture, $"Label {l} is not in the phase table ({_phases})."),
                    l);
            }
        }
    }
}
