using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-Particle: one ParticleMeasurement per particle (volume, equivalent diameter, centroid,
/// bounding box, surface area, border contact) and, with a phase image, the volume fraction and
/// number of grains of every phase in it (004 Sections 2.3.1 and 2.3.4).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Particle")]
[OutputType(typeof(ParticleMeasurement))]
public sealed class MeasureParticleCommand : ParticleImageCmdlet
{
    /// <summary>Phase image of the same volume (default: the one the particles were found in).</summary>
    [Parameter]
    [ValidateNotNull]
    public PhaseImage? PhaseImage { get; set; }

    protected override void ProcessRecord()
    {
        var phases = ResolvePhaseImage(PhaseImage);
        if (TryRun("Measuring particles", o => ParticleAnalysis.Measure(InputObject, phases, o), InputObject, out var measurements))
        {
            foreach (var m in measurements)
            {
                WriteObject(m);
            }
        }
    }
}
