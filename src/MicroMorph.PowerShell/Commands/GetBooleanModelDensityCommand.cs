using System.Management.Automation;
using MicroMorph.Core.Stochastic;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Get-BooleanModelDensity: volume fraction, surface density, mean curvature density and Euler density
/// of a Boolean model by Miles' formulas (001 Eqs. 10-16). Grains by the same parameter sets as
/// New-BooleanModel: -Radius, -RadiusRate, -HalfAxisShape/-HalfAxisRate, or -Parameters (by value or by
/// property name, e.g. from Optimize-BooleanModel).
/// </summary>
[Cmdlet(VerbsCommon.Get, "BooleanModelDensity", DefaultParameterSetName = RadiusSet)]
[OutputType(typeof(BooleanModelDensities))]
public sealed class GetBooleanModelDensityCommand : MicroMorphCmdlet
{
    private const string RadiusSet = "Radius";
    private const string ExponentialSet = "RadiusRate";
    private const string SpheroidSet = "HalfAxis";
    private const string ParametersSet = "Parameters";

    /// <summary>Germs per unit^3 (lambda).</summary>
    [Parameter(Mandatory = true, ParameterSetName = RadiusSet)]
    [Parameter(Mandatory = true, ParameterSetName = ExponentialSet)]
    [Parameter(Mandatory = true, ParameterSetName = SpheroidSet)]
    public double Intensity { get; set; }

    /// <summary>Radius of balls of one size.</summary>
    [Parameter(Mandatory = true, ParameterSetName = RadiusSet)]
    public double Radius { get; set; }

    /// <summary>Rate theta of exponentially distributed ball radii (mean radius 1/theta).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExponentialSet)]
    public double RadiusRate { get; set; }

    /// <summary>Shapes alpha1, alpha2 of the gamma-distributed half-axes A and C.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SpheroidSet)]
    [ValidateCount(2, 2)]
    public double[] HalfAxisShape { get; set; } = [];

    /// <summary>Rate gamma of both half-axis laws, per unit.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SpheroidSet)]
    public double HalfAxisRate { get; set; }

    /// <summary>A whole parameter set, e.g. the Parameters of an Optimize-BooleanModel result.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParametersSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BooleanModel")]
    [ValidateNotNull]
    public BooleanModelParameters Parameters { get; set; } = null!;

    /// <summary>Take the grain means (Eqs. 14-16) as the mean over this many drawn grains, as the paper does, instead of by quadrature.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int? MonteCarloSamples { get; set; }

    /// <summary>Seed of the Monte Carlo grains (default 0).</summary>
    [Parameter]
    public long Seed { get; set; }

    protected override void ProcessRecord()
    {
        var parameters = ParameterSetName switch
        {
            RadiusSet => new BooleanModelParameters(Intensity, new ConstantRadiusBalls(Radius)),
            ExponentialSet => new BooleanModelParameters(Intensity, new ExponentialRadiusBalls(RadiusRate)),
            SpheroidSet => new BooleanModelParameters(Intensity, new GammaSpheroids(HalfAxisShape[0], HalfAxisShape[1], HalfAxisRate)),
            _ => Parameters,
        };

        var moments = new GrainMomentOptions(MonteCarloSamples ?? 0, Seed);
        if (TryRun("Miles' formulas", _ => MilesFormulas.Compute(parameters, moments), parameters, out var densities))
        {
            WriteObject(densities);
        }
    }
}
