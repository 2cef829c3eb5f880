using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-VoxelStack: grey-value statistics of a VoxelStack (count, minimum, maximum, mean,
/// standard deviation, sum), or for a PhaseImage one object per phase with its voxel count,
/// volume fraction and physical volume.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "VoxelStack")]
[OutputType(typeof(VoxelStatistics), typeof(PhaseFraction))]
public sealed class MeasureVoxelStackCommand : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(Volume))]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    /// <summary>For a phase image: only these phases (names or labels).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[]? Phase { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is PhaseImage image)
        {
            if (!TryRun("Counting phases", o => PhaseFraction.Compute(image, o), image, out var fractions))
            {
                return;
            }

            var wanted = PhaseSelection.Resolve(image, Phase, (ex, name) => WriteError(ex, name)).Select(p => p.Label).ToHashSet();
            foreach (var f in fractions)
            {
                if (wanted.Contains(f.Label))
                {
                    WriteObject(f);
                }
            }

            return;
        }

        if (Phase is not null)
        {
            WriteError("NotAPhaseImage", ErrorCategory.InvalidArgument, "-Phase applies to a phase image; this is a grey-value stack (use ConvertTo-PhaseImage first).", InputObject);
            return;
        }

        if (TryRun("Measuring voxel values", o => VoxelStatistics.Compute(InputObject, o), InputObject, out var stats))
        {
            WriteObject(stats);
        }
    }
}
