using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-MixingQuality: the inter-aggregate mixing measures of 000 Section 3.3 from the per-aggregate
/// carbon fractions and Schmahl indices in the pipeline (Get-SchmahlIndex results, or any objects with
/// CarbonFraction and SchmahlIndex properties): psi_P (Eq. 10), psi_MAS (Eq. 11) and psi_comb (Eq. 13).
/// They are never NaN: when the paper's mean index is not below 1, Eqs. 11-13 use the reference-normalised
/// indices (ReferenceIndex, when every input has one) or the paper's, capped to [0, 1]; PsiIndexSource says which.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "MixingQuality")]
[OutputType(typeof(MixingQualityResult))]
public sealed class MeasureMixingQualityCommand : MicroMorphCmdlet
{
    private readonly List<double> _fractions = [];
    private readonly List<double> _indices = [];
    private readonly List<double> _references = [];
    private int _refused;

    /// <summary>Carbon concentration P of one aggregate.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public double CarbonFraction { get; set; }

    /// <summary>Schmahl index M_AS of the same aggregate.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public double SchmahlIndex { get; set; }

    /// <summary>MicroMorph's reference-normalised index of the same aggregate (Get-SchmahlIndex's ReferenceIndex; optional).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public double ReferenceIndex { get; set; } = double.NaN;

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
        // Checked per input, where the bad row can still be named: a carbon fraction is a concentration
        // in [0, 1]. The usual culprit is a CSV written with decimal commas: parameter binding reads
        // "0,7" invariantly as 7, so the summary would be computed from nonsense without a word.
        if (!(CarbonFraction >= 0 && CarbonFraction <= 1))
        {
            _refused++;
            WriteError(
                "InvalidCarbonFraction",
                ErrorCategory.InvalidData,
                string.Create(CultureInfo.InvariantCulture, $"The carbon fraction {CarbonFraction} (aggregate {_fractions.Count + _refused}) is not a concentration in [0, 1]. A CSV file written with decimal commas (e.g. Export-Csv under de-DE) gives this: parameter binding reads \"0,7\" as 7. Parse such columns with the culture that wrote them, e.g. Import-Csv ./mixing.csv | Select-Object @{{ n = 'CarbonFraction'; e = {{ [double]::Parse($_.CarbonFraction, (Get-Culture)) }} }}, @{{ n = 'SchmahlIndex'; e = {{ [double]::Parse($_.SchmahlIndex, (Get-Culture)) }} }} | Measure-MixingQuality (add -UseCulture or -Delimiter ';' to Import-Csv for a semicolon-separated file), or write the file with invariant numbers."),
                CarbonFraction);
            return;
        }

        // The Schmahl index of Eq. 6 is a log ratio: legitimately slightly negative (sampling near the
        // unmixed state) or above 1 (ordered mixtures), but never infinite or NaN (single-pixel cutouts).
        if (!double.IsFinite(SchmahlIndex))
        {
            _refused++;
            WriteError(
                "InvalidSchmahlIndex",
                ErrorCategory.InvalidData,
                string.Create(CultureInfo.InvariantCulture, $"The Schmahl index {SchmahlIndex} (aggregate {_fractions.Count + _refused}) is not a finite number: single-pixel cutouts (ParticleCount 0) have no index, and a degenerate cutout variance gives an infinite one. Leave such rows out (e.g. Where-Object ParticleCount -gt 0)."),
                SchmahlIndex);
            return;
        }

        _fractions.Add(CarbonFraction);
        _indices.Add(SchmahlIndex);
        _references.Add(ReferenceIndex);
    }

    protected override void EndProcessing()
    {
        if (_refused > 0)
        {
            // A summary over the remaining aggregates would silently describe another sample.
            WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"No mixing quality: {_refused} of {_refused + _fractions.Count} aggregate(s) were refused."));
            return;
        }

        if (TryRun("Mixing quality", _ => MixingQuality.Compute(_fractions, _indices, Alpha, Beta, Gamma, MaxCarbonFraction ?? double.PositiveInfinity, _references), _fractions, out var result))
        {
            WriteObject(result);
        }
    }
}
