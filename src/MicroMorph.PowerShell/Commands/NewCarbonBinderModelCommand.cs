using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Stochastic;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// New-CarbonBinderModel: a realization of the additive-phase model Xi = Xi1 u (Xi2 n Xi3^c)
/// (001 Eq. 4) with pore, carbon-binder and graphite labelled. Parameters in physical units, the
/// paper's Table 2 by default, any of them overridden by name, or a whole set from the pipeline
/// (e.g. from Optimize-CarbonBinderModel); they are converted to the voxel size asked for.
/// </summary>
[Cmdlet(VerbsCommon.New, "CarbonBinderModel")]
[OutputType(typeof(PhaseImage))]
public sealed class NewCarbonBinderModelCommand : ModelCmdlet
{
    /// <summary>A whole parameter set (default: Table 2 of the 001 paper, in nm).</summary>
    [Parameter(ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNull]
    public CarbonBinderModelParameters? Parameters { get; set; }

    /// <summary>lambda_X: graphite germs per unit^3.</summary>
    [Parameter]
    public double? GraphiteIntensity { get; set; }

    /// <summary>alpha1, alpha2: shapes of the gamma half-axes of the graphite spheroids.</summary>
    [Parameter]
    [ValidateCount(2, 2)]
    public double[]? HalfAxisShape { get; set; }

    /// <summary>gamma: rate of both half-axis laws, per unit.</summary>
    [Parameter]
    public double? HalfAxisRate { get; set; }

    /// <summary>mu: threshold of the Gaussian field.</summary>
    [Parameter]
    public double? Threshold { get; set; }

    /// <summary>eta: covariance scale of the Gaussian field, per unit (Eq. 2).</summary>
    [Parameter]
    public double? CovarianceScale { get; set; }

    /// <summary>theta: rate of the exponential radii of the large pores, per unit.</summary>
    [Parameter]
    public double? PoreRadiusRate { get; set; }

    /// <summary>lambda_Y: large-pore germs per unit^3.</summary>
    [Parameter]
    public double? PoreIntensity { get; set; }

    /// <summary>Names of the pore (label 0), carbon-binder (1) and graphite (2) phases.</summary>
    [Parameter]
    [ValidateCount(3, 3)]
    public string[]? PhaseName { get; set; }

    /// <summary>The paper's finest resolution, 20 nm, in -Unit (e.g. 0.02 when a result fitted in µm brings its unit).</summary>
    protected override double[] DefaultVoxelSize => [20.0 * LengthUnits.Factor("nm", Unit ?? DefaultUnit)];

    protected override string DefaultUnit => "nm";

    protected override void ProcessRecord()
    {
        if (!TryResolveGrid(out int w, out int h, out int d, out var voxel))
        {
            return;
        }

        var p = Parameters ?? CarbonBinderModelParameters.Table2;
        p = p with
        {
            GraphiteIntensity = GraphiteIntensity ?? p.GraphiteIntensity,
            HalfAxisShapeA = HalfAxisShape?[0] ?? p.HalfAxisShapeA,
            HalfAxisShapeC = HalfAxisShape?[1] ?? p.HalfAxisShapeC,
            HalfAxisRate = HalfAxisRate ?? p.HalfAxisRate,
            Threshold = Threshold ?? p.Threshold,
            CovarianceScale = CovarianceScale ?? p.CovarianceScale,
            PoreRadiusRate = PoreRadiusRate ?? p.PoreRadiusRate,
            PoreIntensity = PoreIntensity ?? p.PoreIntensity,
        };
        long seed = ResolveSeed();
        var names = PhaseName is null ? new CarbonBinderPhaseNames() : new CarbonBinderPhaseNames(PhaseName[0], PhaseName[1], PhaseName[2]);
        if (TryRun("Carbon-binder model", o => CarbonBinderModel.Generate(p, w, h, d, voxel, seed, names, o), p, out var image))
        {
            WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"Carbon-binder model {image.Dimensions} ({voxel}), seed {seed}: {p}"));
            WriteObject(image);
        }
    }
}
