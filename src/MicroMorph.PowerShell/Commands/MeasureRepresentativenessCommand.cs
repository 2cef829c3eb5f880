using System.Management.Automation;
using MicroMorph.Core.Particles;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-Representativeness: cuts the particle image into -PieceCount equal pieces, computes the
/// particle size distribution in each and reports per size class the mean frequency, its standard
/// error and 95% confidence interval (004 Section 3.5, Fig. 12; picture with Export-DescriptorPlot).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Representativeness")]
[OutputType(typeof(RepresentativenessResult))]
public sealed class MeasureRepresentativenessCommand : ParticleImageCmdlet
{
    /// <summary>Number of equal pieces k (at least 2).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public int PieceCount { get; set; }

    /// <summary>Increasing class edges: class k is [edge k, edge k+1), in the unit of -SizeMeasure.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public double[] SizeClass { get; set; } = [];

    /// <summary>What the size classes bin: EquivalentDiameter (unit, as in Fig. 12) or Volume (unit^3).</summary>
    [Parameter]
    public SizeMeasure SizeMeasure { get; set; } = SizeMeasure.EquivalentDiameter;

    protected override void ProcessRecord()
    {
        if (TryRun("Representativeness", o => Representativeness.Compute(InputObject, PieceCount, SizeClass, SizeMeasure, o), InputObject, out var result))
        {
            WriteObject(result);
        }
    }
}
