using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Transport;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-MFactorRegression: fits the M-factor regressions of 001 Section 3.4 over the structures piped in
/// (objects with VolumeFraction, Constrictivity, GeodesicTortuosity or Tortuosity, MFactor and optionally V1):
/// Eq. 28 M-hat = epsilon^a beta^b / tau^c and Eq. 29 M-tilde = c1 V1 + c0, with R^2.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "MFactorRegression")]
[OutputType(typeof(MFactorRegressionResult))]
public sealed class MeasureMFactorRegressionCommand : MicroMorphCmdlet
{
    private readonly List<MFactorSample> _samples = [];

    /// <summary>epsilon of the structure.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public double VolumeFraction { get; set; }

    /// <summary>beta of the structure (not needed with -FixConstrictivityExponent).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public double Constrictivity { get; set; } = double.NaN;

    /// <summary>Mean geodesic tortuosity tau of the structure.</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [Alias("Tortuosity")]
    public double GeodesicTortuosity { get; set; }

    /// <summary>Measured M-factor (e.g. from Measure-EffectiveTortuosity).</summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    public double MFactor { get; set; }

    /// <summary>V1 of Eq. 29 (e.g. the graphite volume fraction); the linear fit is made when every structure has one.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("V1")]
    public double ComponentVolumeFraction { get; set; } = double.NaN;

    /// <summary>Fixes b = 0 in Eq. 28 (the paper's best fit), so the constrictivity is not needed.</summary>
    [Parameter]
    public SwitchParameter FixConstrictivityExponent { get; set; }

    protected override void ProcessRecord()
    {
        _samples.Add(new MFactorSample(VolumeFraction, Constrictivity, GeodesicTortuosity, MFactor, ComponentVolumeFraction));

        // Pipeline-bound values persist between records: reset the optional ones.
        Constrictivity = double.NaN;
        ComponentVolumeFraction = double.NaN;
    }

    protected override void EndProcessing()
    {
        var usable = _samples.Where(s => s.MFactor > 0).ToList();
        if (usable.Count < _samples.Count)
        {
            WriteWarning($"{_samples.Count - usable.Count} of {_samples.Count} structures have M = 0 (they do not percolate) and are left out of the Eq. 28 fit.");
        }

        try
        {
            var powerLaw = MFactorRegression.FitPowerLaw(usable, fitConstrictivity: !FixConstrictivityExponent.IsPresent);
            MFactorLinearFit? linear = _samples.Count >= 2 && _samples.All(s => double.IsFinite(s.ComponentVolumeFraction))
                ? MFactorRegression.FitLinear(_samples)
                : null;
            WriteObject(new MFactorRegressionResult(powerLaw, linear));
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, _samples);
        }
    }
}
