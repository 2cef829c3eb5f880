using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>The filters of Invoke-VoxelFilter: grey-value filters of a VoxelStack, phase filters of a PhaseImage.</summary>
public enum VoxelFilter
{
    /// <summary>Gaussian smoothing of grey values (-Sigma).</summary>
    Gaussian,

    /// <summary>Morphological dilation of a phase with a ball (-Phase, -Radius).</summary>
    Dilation,

    /// <summary>Morphological erosion of a phase with a ball (-Phase, -Radius, -ReplacementPhase).</summary>
    Erosion,

    /// <summary>Morphological opening of a phase with a ball (-Phase, -Radius, -ReplacementPhase).</summary>
    Opening,

    /// <summary>Morphological closing of a phase with a ball (-Phase, -Radius).</summary>
    Closing,
}

/// <summary>
/// Invoke-VoxelFilter: the preprocessing filters of 001 Section 2.3 and 003 as one family.
/// Grey-value filters take a VoxelStack and return a Float32 VoxelStack; phase filters take a
/// PhaseImage and return a PhaseImage (morphology with a Euclidean ball, by distance transforms;
/// 001 Section 2.3.2 closes the graphite with a ball of 10 voxels).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VoxelFilter")]
[OutputType(typeof(VoxelStack), typeof(PhaseImage))]
public sealed class InvokeVoxelFilterCommand : MicroMorphCmdlet
{
    /// <summary>The grey-value stack or phase image, usually from the pipeline.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    /// <summary>The filter.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    public VoxelFilter Filter { get; set; }

    /// <summary>The phase filtered, by name or label (phase filters).</summary>
    [Parameter(Position = 2)]
    [ValidateNotNullOrEmpty]
    public string? Phase { get; set; }

    /// <summary>The ball radius in the image's unit (morphological filters).</summary>
    [Parameter]
    public double Radius { get; set; } = double.NaN;

    /// <summary>The standard deviation of the Gaussian in the image's unit.</summary>
    [Parameter]
    public double Sigma { get; set; } = double.NaN;

    /// <summary>The phase that voxels leaving -Phase become (needed by Erosion and Opening).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? ReplacementPhase { get; set; }

    protected override void ProcessRecord()
    {
        switch (Filter)
        {
            case VoxelFilter.Gaussian:
                if (TryGrey(out var grey) && TryRequire(!double.IsNaN(Sigma), "SigmaRequired", "-Filter Gaussian needs -Sigma, the standard deviation in the image's unit.")
                    && TryRun($"Gaussian filter, sigma {Sigma}", o => GaussianFilter.Smooth(grey, Sigma, o), grey, out var smoothed))
                {
                    WriteObject(smoothed);
                }

                break;
            default:
                FilterPhase((MorphologicalOperation)Enum.Parse(typeof(MorphologicalOperation), Filter.ToString()));
                break;
        }
    }

    private void FilterPhase(MorphologicalOperation operation)
    {
        if (!TryPhaseImage(out var image)
            || !TryRequire(Phase is not null, "PhaseRequired", $"-Filter {Filter} needs -Phase, the phase to filter.")
            || !TryRequire(!double.IsNaN(Radius), "RadiusRequired", $"-Filter {Filter} needs -Radius, the ball radius in the image's unit.")
            || !TryResolvePhase(image, Phase!, out var phase))
        {
            return;
        }

        Phase? replacement = null;
        if (ReplacementPhase is not null && !TryResolvePhase(image, ReplacementPhase, out replacement))
        {
            return;
        }

        if (TryRun($"{operation} of {phase.Name}", o => BallMorphology.Apply(image, phase, operation, Radius, replacement, o), image, out var result))
        {
            WriteObject(result);
        }
    }

    private bool TryGrey(out VoxelStack grey)
    {
        grey = (InputObject as VoxelStack)!;
        return TryRequire(grey is not null, "GreyStackRequired", $"-Filter {Filter} filters grey values; this is a phase image (use a VoxelStack from Import-VoxelStack).");
    }

    private bool TryPhaseImage(out PhaseImage image)
    {
        image = (InputObject as PhaseImage)!;
        return TryRequire(image is not null, "PhaseImageRequired", $"-Filter {Filter} filters a phase; this is a grey-value stack (segment it first, e.g. with Invoke-Trinarization or ConvertTo-PhaseImage).");
    }

    private bool TryRequire(bool condition, string errorId, string message)
    {
        if (!condition)
        {
            WriteError(MicroMorphException.Argument(errorId, message, InputObject), InputObject);
        }

        return condition;
    }
}
