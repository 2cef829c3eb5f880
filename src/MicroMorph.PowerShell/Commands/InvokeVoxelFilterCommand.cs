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

    /// <summary>Median of the grey values in a ball (-Radius).</summary>
    Median,

    /// <summary>Division of every section by a correction surface fitted to the smoothed minimum-intensity projection (-Model, -Sigma, -Axis).</summary>
    IlluminationCorrection,

    /// <summary>Morphological dilation of a phase with a ball (-Phase, -Radius).</summary>
    Dilation,

    /// <summary>Morphological erosion of a phase with a ball (-Phase, -Radius, -ReplacementPhase).</summary>
    Erosion,

    /// <summary>Morphological opening of a phase with a ball (-Phase, -Radius, -ReplacementPhase).</summary>
    Opening,

    /// <summary>Morphological closing of a phase with a ball (-Phase, -Radius).</summary>
    Closing,

    /// <summary>Removal of the components of a phase below a size (-Phase, -MinimumVolume or -MinimumVoxelCount, -Connectivity, -ReplacementPhase).</summary>
    RemoveSmallComponents,

    /// <summary>Filling of the holes of a phase: enclosed components of the complement (-Phase, -Connectivity).</summary>
    FillHoles,
}

/// <summary>
/// Invoke-VoxelFilter: the preprocessing filters of 001 Section 2.3 and 003 as one family.
/// Grey-value filters take a VoxelStack and return a VoxelStack (Gaussian, median, illumination
/// correction of 001 Section 2.3.1); phase filters take a PhaseImage and return a PhaseImage
/// (morphology with a Euclidean ball, by distance transforms; removal of small components and hole
/// filling; 001 Section 2.3.2 removes graphite components below 5000 voxels and closes the
/// graphite with a ball of 10 voxels).
/// </summary>
[Cmdlet(VerbsLifecycle.Invoke, "VoxelFilter")]
[OutputType(typeof(VoxelStack), typeof(PhaseImage))]
public sealed class InvokeVoxelFilterCommand : MicroMorphCmdlet
{
    /// <summary>The grey-value stack or phase image, usually from the pipeline.</summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(Volume))]
    [ValidateNotNull]
    public Volume InputObject { get; set; } = null!;

    /// <summary>The filter.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    public VoxelFilter Filter { get; set; }

    /// <summary>The phase filtered, by name or label (phase filters).</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
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
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string? ReplacementPhase { get; set; }

    /// <summary>The smallest component kept, in the image's unit cubed (RemoveSmallComponents).</summary>
    [Parameter]
    public double MinimumVolume { get; set; } = double.NaN;

    /// <summary>The smallest component kept, in voxels (RemoveSmallComponents).</summary>
    [Parameter]
    [ValidateRange(0, long.MaxValue)]
    public long MinimumVoxelCount { get; set; } = -1;

    /// <summary>Voxel adjacency: 6 (faces), 18 (faces and edges) or 26 (faces, edges and corners); default 26 for RemoveSmallComponents (of the phase), 6 for FillHoles (of the complement, as SciPy).</summary>
    [Parameter]
    [ValidateConnectivity]
    [ArgumentCompleter(typeof(ConnectivityCompleter))]
    public int Connectivity { get; set; }

    /// <summary>The correction surface of IlluminationCorrection (default Ramp, as 001 Section 2.3.1).</summary>
    [Parameter]
    public IlluminationModel Model { get; set; } = IlluminationModel.Ramp;

    /// <summary>The projection axis of IlluminationCorrection: the sectioning direction (default Z).</summary>
    [Parameter]
    public SliceAxis Axis { get; set; } = SliceAxis.Z;

    protected override void ProcessRecord()
    {
        switch (Filter)
        {
            case VoxelFilter.Median:
                if (TryGrey(out var noisy) && TryRequire(!double.IsNaN(Radius), "RadiusRequired", "-Filter Median needs -Radius, the ball radius in the image's unit.")
                    && TryRun($"Median filter, radius {Radius}", o => MedianFilter.Apply(noisy, Radius, o), noisy, out var median))
                {
                    WriteObject(median);
                }

                break;
            case VoxelFilter.IlluminationCorrection:
                if (TryGrey(out var stack)
                    && TryRequire(Model != IlluminationModel.Smoothed || !double.IsNaN(Sigma), "SigmaRequired", "-Model Smoothed needs -Sigma, the standard deviation of the smoothing in the image's unit (001 used 1 µm).")
                    && TryRun($"Illumination correction ({Model})", o => IlluminationCorrection.Apply(stack, Model, double.IsNaN(Sigma) ? 0 : Sigma, Axis, o), stack, out var corrected))
                {
                    WriteObject(corrected);
                }

                break;
            case VoxelFilter.RemoveSmallComponents:
                RemoveSmallComponents();
                break;
            case VoxelFilter.FillHoles:
                if (TryPhaseImage(out var image) && TryRequirePhase(image, out var phase)
                    && TryRun($"Filling holes of {phase.Name}", o => HoleFilling.Apply(image, phase, Connectivity == 0 ? 6 : Connectivity, o), image, out var filled))
                {
                    WriteObject(filled);
                }

                break;
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

    private void RemoveSmallComponents()
    {
        if (!TryPhaseImage(out var image) || !TryRequirePhase(image, out var phase))
        {
            return;
        }

        bool byVolume = !double.IsNaN(MinimumVolume), byCount = MinimumVoxelCount >= 0;
        if (!TryRequire(byVolume || byCount, "MinimumVolumeRequired", "-Filter RemoveSmallComponents needs -MinimumVolume (in the image's unit cubed) or -MinimumVoxelCount.")
            || !TryRequire(!(byVolume && byCount), "MinimumVolumeTwice", "Give -MinimumVolume or -MinimumVoxelCount, not both.")
            || !TryRequire(!byVolume || (MinimumVolume >= 0 && !double.IsInfinity(MinimumVolume)), "InvalidMinimumVolume", $"-MinimumVolume must be a finite volume, not negative; it is {MinimumVolume}."))
        {
            return;
        }

        Phase? replacement = null;
        if (ReplacementPhase is not null && !TryResolvePhase(image, ReplacementPhase, out replacement))
        {
            return;
        }

        double minimum = byCount ? MinimumVoxelCount : MinimumVolume / image.VoxelSize.VoxelVolume;
        if (byVolume && Math.Abs(minimum - Math.Round(minimum)) < 1e-9 * Math.Max(1, minimum))
        {
            minimum = Math.Round(minimum); // 0.04 µm^3 of 8e-6 µm^3 voxels is 5000 voxels, not 4999.9999999
        }

        int connectivity = Connectivity == 0 ? 26 : Connectivity;
        if (TryRun($"Removing components of {phase.Name} below {minimum} voxels", o => SmallComponentRemoval.Apply(image, phase, minimum, connectivity, replacement, o), image, out var result))
        {
            WriteObject(result);
        }
    }

    private bool TryRequirePhase(PhaseImage image, out Phase phase)
    {
        phase = null!;
        return TryRequire(Phase is not null, "PhaseRequired", $"-Filter {Filter} needs -Phase, the phase to filter.") && TryResolvePhase(image, Phase!, out phase);
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
