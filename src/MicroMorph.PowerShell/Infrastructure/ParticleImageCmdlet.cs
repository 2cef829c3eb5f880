using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>Base of the cmdlets that take labelled particles (Get-Particle, Split-Particle) from the pipeline.</summary>
public abstract class ParticleImageCmdlet : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(ParticleImage))]
    [ValidateNotNull]
    public ParticleImage InputObject { get; set; } = null!;

    /// <summary>The phase image: -PhaseImage when given, else the one the particles were found in (null if neither).</summary>
    protected PhaseImage? ResolvePhaseImage(PhaseImage? given) => given ?? InputObject.PhaseImage;
}
