using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Split-Particle: separates touching particles by a marker-based watershed confined to the
/// particles (004 Section 2.3.2). Markers: -Marker (the particles of an initial segmentation, as
/// in the paper) or the maxima of the distance map whose height above the saddle to a higher
/// maximum is at least -PeakHeight. Floods the inverted distance map, or -Relief from low to high.
/// </summary>
[Cmdlet(VerbsCommon.Split, "Particle")]
[OutputType(typeof(ParticleImage))]
public sealed class SplitParticleCommand : ParticleImageCmdlet
{
    /// <summary>Markers: labelled particles of the same size (e.g. Get-Particle on an eroded or thresholded image).</summary>
    [Parameter]
    [ValidateNotNull]
    public ParticleImage? Marker { get; set; }

    /// <summary>Least dynamic of a distance maximum that becomes a marker, in the image's unit (default: one voxel edge).</summary>
    [Parameter]
    public double? PeakHeight { get; set; }

    /// <summary>Grey values to flood (lowest first) instead of the inverted distance map.</summary>
    [Parameter]
    [ValidateNotNull]
    public VoxelStack? Relief { get; set; }

    protected override void ProcessRecord()
    {
        var vs = InputObject.VoxelSize;
        double peak = PeakHeight ?? Math.Max(vs.X, Math.Max(vs.Y, vs.Z));
        if (TryRun("Watershed", o => ParticleWatershed.Split(InputObject, Marker, peak, Relief, o), InputObject, out var split))
        {
            WriteObject(split);
        }
    }
}
