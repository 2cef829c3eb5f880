using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// New-ParticleSystem: a generated particle system for the 004 workflow: balls of several phases
/// in a matrix (label 0), some intergrown (two phases either side of a plane), some touching
/// (a second ball overlapping them). The seed used is recorded in the image's metadata.
/// </summary>
[Cmdlet(VerbsCommon.New, "ParticleSystem")]
[OutputType(typeof(PhaseImage))]
public sealed class NewParticleSystemCommand : ModelCmdlet
{
    /// <summary>Number of particles to place (fewer when the volume is full).</summary>
    [Parameter(Mandatory = true)]
    public int ParticleCount { get; set; }

    /// <summary>Smallest and largest ball radius, in the unit.</summary>
    [Parameter(Mandatory = true)]
    [ValidateCount(2, 2)]
    public double[] Radius { get; set; } = [];

    /// <summary>Names of the particle phases (labels 1, 2, ...).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] PhaseName { get; set; } = ["Calcite", "Dolomite", "Talc"];

    /// <summary>Probability that a particle is intergrown (two phases).</summary>
    [Parameter]
    public double IntergrownFraction { get; set; } = 0.3;

    /// <summary>Probability that a particle gets a touching partner.</summary>
    [Parameter]
    public double TouchingFraction { get; set; } = 0.2;

    protected override void ProcessRecord()
    {
        if (!TryResolveGrid(out int w, out int h, out int d, out var voxel))
        {
            return;
        }

        long seed = ResolveSeed();
        var parameters = new ParticleSystemParameters(ParticleCount, Radius[0], Radius[1], PhaseName, IntergrownFraction, TouchingFraction);
        if (TryRun("Particle system", _ => ParticleSystemGenerator.Generate(w, h, d, voxel, parameters, seed), parameters, out var image))
        {
            WriteObject(image);
        }
    }
}
