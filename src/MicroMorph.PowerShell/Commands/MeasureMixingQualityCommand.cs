using System.Management.Automation;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-MixingQuality: the inter-aggregate mixing measures of 000 Section 3.3 from the per-aggregate
/// carbon fractions and Schmahl indices in the pipeline (Get-SchmahlIndex results, or any objects with
/// CarbonFraction and SchmahlIndex properties): psi_P (Eq. 10), psi_MAS (Eq. 11) and psi_comb (Eq. 13).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "MixingQuality")]
[OutputType(typeof(MixingQualityResult))]
public sealed class MeasureMixingQualityCommand : MicroMorphCmdlet
{
    private readonly List<double> _fractions = [];
    private readonly List<double> _indices = [];

    /// <summary>Carbon concentration P of one aggregate.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public double CarbonFraction { get; set; }

    /// <summary>Schmahl index M_AS of the same aggregate.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public double SchmahlIndex { get; set; }

    /// <summary>Weight of the mean Schmahl index in Eq. 13.</summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double Alpha { get; set; } = 1;

    /// <summary>Weight of psi_MAS in Eq. 13.</summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double Beta { get; set; } = 1;

    /// <summary>Weight of psi_P in Eq. 13.</summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double Gamma { get; set; } = 1;

    /// <summary>Leave out aggregates whose carbon fraction exceeds this (000 Section 3.2 used 0.95).</summary>
    [Parameter]
    [ValidateRange(0.0, 1.0)]
    public double? MaxCarbonFraction { get; set; }

    protected override void ProcessRecord()
    {
        _fractions.Add(CarbonFraction);
        _indices.Add(SchmahlIndex);
    }

    protected override void EndProcessing()
    {
        if (TryRun("Mixing quality", _ => MixingQuality.Compute(_fractions, _indices, Alpha, Beta, Gamma, MaxCarbonFraction ?? double.PositiveInfinity), _fractions, out var result))
        {
            WriteObject(result);
        }
    }
}
