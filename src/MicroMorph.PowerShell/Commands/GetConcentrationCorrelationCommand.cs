using System.Management.Automation;
using MicroMorph.Core.Mixing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Get-ConcentrationCorrelation: the covariance C(h) and correlation coefficient R(h) of the carbon
/// concentration over foreground pixel pairs at distance h (000 Eqs. 7, 8), smoothed with a Gaussian
/// kernel; one result per map, or with -Average their point-wise mean (Eq. 9); -Fit adds the
/// parameters of Eq. 14 and R^2.
/// </summary>
[Cmdlet(VerbsCommon.Get, "ConcentrationCorrelation")]
[OutputType(typeof(ConcentrationCorrelationResult))]
public sealed class GetConcentrationCorrelationCommand : MicroMorphCmdlet
{
    private readonly List<ConcentrationCorrelationResult> _curves = [];

    /// <summary>An aggregate map (Import-AggregateMap, New-AggregateMap).</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public AggregateMap InputObject { get; set; } = null!;

    /// <summary>Largest distance h, in the map's unit.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(double.Epsilon, double.MaxValue)]
    public double MaxDistance { get; set; }

    /// <summary>Standard deviation of the Gaussian smoothing kernel, in the map's unit (default: one pixel; 0: none).</summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? Bandwidth { get; set; }

    /// <summary>Return one point-wise mean over all maps (Eq. 9) instead of one curve per map.</summary>
    [Parameter]
    public SwitchParameter Average { get; set; }

    /// <summary>Fit Eq. 14 to each returned (smoothed) curve.</summary>
    [Parameter]
    public SwitchParameter Fit { get; set; }

    protected override void ProcessRecord()
    {
        double bandwidth = Bandwidth ?? InputObject.PixelSize;
        if (TryRun("Concentration correlation of " + InputObject, o => ConcentrationCorrelation.Compute(InputObject, MaxDistance, bandwidth, o), InputObject, out var curve))
        {
            if (Average)
            {
                _curves.Add(curve);
            }
            else
            {
                Emit(curve, InputObject);
            }
        }
    }

    protected override void EndProcessing()
    {
        if (Average && _curves.Count > 0 && TryRun("Averaging correlation functions", _ => ConcentrationCorrelation.Average(_curves), _curves, out var mean))
        {
            Emit(mean, _curves);
        }
    }

    private void Emit(ConcentrationCorrelationResult curve, object target)
    {
        if (Fit)
        {
            if (!TryRun("Fitting Eq. 14", o => CorrelationModel.Fit(curve.Points.Select(p => p.Distance).ToArray(), curve.Points.Select(p => p.SmoothedCorrelation).ToArray(), o.CancellationToken) with { Unit = curve.Unit }, target, out var fit))
            {
                return;
            }

            curve = curve with { Fit = fit };
        }

        WriteObject(curve);
    }
}
