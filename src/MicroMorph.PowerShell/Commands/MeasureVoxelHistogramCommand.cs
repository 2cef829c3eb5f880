using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-VoxelHistogram: the grey-value histogram of a VoxelStack (like Fiji's Histogram), with
/// optional multi-level Otsu thresholds and the thresholds that give chosen volume fractions marked,
/// to choose thresholds for Invoke-Trinarization.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "VoxelHistogram")]
[OutputType(typeof(VoxelHistogram))]
public sealed class MeasureVoxelHistogramCommand : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(VoxelStack))]
    [ValidateNotNull]
    public VoxelStack InputObject { get; set; } = null!;

    /// <summary>The number of equal bins.</summary>
    [Parameter]
    [ValidateRange(1, 16777216)]
    public int BinCount { get; set; } = 256;

    /// <summary>The lower edge of the first bin (default: the data minimum; 0 for 8-bit data).</summary>
    [Parameter]
    public double? Minimum { get; set; }

    /// <summary>The upper edge of the last bin (default: the data maximum; 256 for 8-bit data).</summary>
    [Parameter]
    public double? Maximum { get; set; }

    /// <summary>Marks the thresholds that give the classes, dark to bright, these volume fractions (they must sum to 1).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? VolumeFraction { get; set; }

    /// <summary>Marks the multi-level Otsu thresholds for this many classes (2 to 5) on the histogram's bins.</summary>
    [Parameter]
    [ValidateRange(2, 5)]
    public int Otsu { get; set; }

    protected override void ProcessRecord()
    {
        var grey = InputObject;
        bool otsu = MyInvocation.BoundParameters.ContainsKey(nameof(Otsu));
        if (!TryRun(
            "Grey-value histogram",
            o =>
            {
                var h = VoxelHistogram.Compute(grey, BinCount, Minimum, Maximum, o);
                if (otsu)
                {
                    h.AddOtsuThresholds(Otsu, grey.DataType);
                }

                if (VolumeFraction is not null)
                {
                    h.AddFractionThresholds(grey, VolumeFraction, o);
                }

                return h;
            },
            grey,
            out var histogram))
        {
            return;
        }

        WriteObject(histogram);
    }
}
