using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Stochastic;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// New-BooleanModel: a realization of a Boolean model (001 Eq. 1; Eq. 3 with -Open) as a two-phase
/// PhaseImage. Grains by parameter set: -Radius (balls), -RadiusRate (exponential radii),
/// -HalfAxisShape/-HalfAxisRate (gamma oblate spheroids), or a BooleanModelParameters object from
/// the pipeline. The seed used is recorded in the image's metadata.
/// </summary>
[Cmdlet(VerbsCommon.New, "BooleanModel", DefaultParameterSetName = RadiusSet)]
[OutputType(typeof(PhaseImage))]
public sealed class NewBooleanModelCommand : ModelCmdlet
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

    /// <summary>Rate theta of exponentially distributed ball radii (mean radius 1/theta; 001 Eq. 3).</summary>
    [Parameter(Mandatory = true, ParameterSetName = ExponentialSet)]
    public double RadiusRate { get; set; }

    /// <summary>Shapes alpha1, alpha2 of the gamma-distributed half-axes A and C (001 Section 3.1.1).</summary>
    [Parameter(Mandatory = true, ParameterSetName = SpheroidSet)]
    [ValidateCount(2, 2)]
    public double[] HalfAxisShape { get; set; } = [];

    /// <summary>Rate gamma of both half-axis laws, per unit.</summary>
    [Parameter(Mandatory = true, ParameterSetName = SpheroidSet)]
    public double HalfAxisRate { get; set; }

    /// <summary>A whole parameter set, e.g. from a calibration result's Parameters property.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ParametersSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("BooleanModel")]
    [ValidateNotNull]
    public BooleanModelParameters Parameters { get; set; } = null!;

    /// <summary>Open grains (boundary excluded), as the large pores of 001 Eq. 3.</summary>
    [Parameter]
    public SwitchParameter Open { get; set; }

    /// <summary>Names of the complement (label 0) and of the grains (label 1).</summary>
    [Parameter]
    [ValidateCount(2, 2)]
    public string[]? PhaseName { get; set; }

    protected override void ProcessRecord()
    {
        var parameters = ParameterSetName switch
        {
            RadiusSet => new BooleanModelParameters(Intensity, new ConstantRadiusBalls(Radius)),
            ExponentialSet => new BooleanModelParameters(Intensity, new ExponentialRadiusBalls(RadiusRate)),
            SpheroidSet => new BooleanModelParameters(Intensity, new GammaSpheroids(HalfAxisShape[0], HalfAxisShape[1], HalfAxisRate)),
            _ => Parameters,
        };

        if (!TryResolveGrid(out int w, out int h, out int d, out var voxel))
        {
            return;
        }

        long seed = ResolveSeed();
        string complement = PhaseName?[0] ?? "Pore", grains = PhaseName?[1] ?? "Solid";
        if (TryRun(
            "Boolean model",
            o => BooleanModelRealization.Generate(w, h, d, voxel, parameters, seed, Open, o, complement, grains),
            parameters,
            out var image))
        {
            WriteVerbose(string.Create(
                CultureInfo.InvariantCulture,
                $"Boolean model {image.Dimensions} ({voxel}): {parameters.Grains}, seed {seed}, {image.Metadata["BooleanModel.Germs"]} germs drawn, {image.Metadata["BooleanModel.GrainsInWindow"]} reach the image."));
            WriteObject(image);
        }
    }
}
