using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-Liberation: the liberation degree of each -Phase over all particles (004 Eq. 1) and per
/// -SizeClass (Eq. 2); a particle is free when the phase holds more than -Threshold of its volume.
/// The result carries the free and intergrown volumes and every grain against its particle's
/// volume (Fig. 11).
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "Liberation")]
[OutputType(typeof(LiberationResult))]
public sealed class MeasureLiberationCommand : ParticleImageCmdlet
{
    /// <summary>The phases (minerals) to report, by name or label.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[] Phase { get; set; } = [];

    /// <summary>Volume fraction above which a particle counts as free (the paper: 0.99).</summary>
    [Parameter]
    public double Threshold { get; set; } = Liberation.DefaultThreshold;

    /// <summary>Increasing class edges: class k is [edge k, edge k+1), in the unit of -SizeMeasure.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? SizeClass { get; set; }

    /// <summary>What the size classes bin: particle Volume (unit^3) or EquivalentDiameter (unit).</summary>
    [Parameter]
    public SizeMeasure SizeMeasure { get; set; } = SizeMeasure.Volume;

    /// <summary>Phase image of the same volume (default: the one the particles were found in).</summary>
    [Parameter]
    [ValidateNotNull]
    public PhaseImage? PhaseImage { get; set; }

    protected override void ProcessRecord()
    {
        var phases = ResolvePhaseImage(PhaseImage);
        if (phases is null)
        {
            WriteError(MicroMorphException.Argument("NoPhaseImage", "These particles carry no phase image; give one with -PhaseImage.", InputObject), InputObject);
            return;
        }

        var resolved = new List<Phase>();
        foreach (string name in Phase)
        {
            try
            {
                resolved.Add(phases.Phases.Resolve(name));
            }
            catch (MicroMorphException ex)
            {
                WriteError(ex, name);
                return;
            }
        }

        if (TryRun(
            "Liberation",
            o =>
            {
                Liberation.ValidateArguments(Threshold, SizeClass); // before measuring every particle
                var measured = ParticleAnalysis.Measure(InputObject, phases, o);
                return resolved.Select(p => Liberation.Compute(measured, p.Name, Threshold, SizeClass, SizeMeasure)).ToArray();
            },
            InputObject,
            out var results))
        {
            foreach (var r in results)
            {
                WriteObject(r);
            }
        }
    }
}
