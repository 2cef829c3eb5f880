using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Get-Particle: the connected components (6, 18 or 26 neighbours) of the voxels of the particle
/// phases (004 Section 2.3.2), as a ParticleImage whose labels run 1..Count in raster order.
/// </summary>
[Cmdlet(VerbsCommon.Get, "Particle")]
[OutputType(typeof(ParticleImage))]
public sealed class GetParticleCommand : PhaseImageCmdlet
{
    /// <summary>The phases whose voxels form the particles, by name or label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[] Phase { get; set; } = [];

    /// <summary>Voxel adjacency: 6 (faces), 18 (faces and edges) or 26 (faces, edges and corners).</summary>
    [Parameter]
    [ValidateConnectivity]
    [ArgumentCompleter(typeof(ConnectivityCompleter))]
    public int Connectivity { get; set; } = 26;

    protected override void ProcessRecord()
    {
        var phases = new List<Phase>();
        foreach (string name in Phase)
        {
            if (!TryResolvePhase(name, out var phase))
            {
                return;
            }

            phases.Add(phase);
        }

        if (TryRun("Labelling particles", o => ConnectedComponents.Label(InputObject, phases, Connectivity, o), InputObject, out var particles))
        {
            if (particles.Count == 0)
            {
                WriteError(
                    MicroMorphException.InvalidData("EmptyParticleMask", $"No voxel of {InputObject} belongs to the phase(s) {string.Join(", ", phases.Select(p => p.Name))}: there are no particles.", InputObject),
                    InputObject);
                return;
            }

            WriteObject(particles);
        }
    }
}
