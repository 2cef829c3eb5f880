using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Transport;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Measure-EffectiveTortuosity: steady-state conduction (or diffusion) through a phase image with
/// potential 1 on the inlet face and 0 on the outlet face of -Direction; returns the volume fraction,
/// effective conductivity, effective tortuosity tau_eff and M-factor M = epsilon / tau_eff (001 Eq. 27).
/// -Phase solves each phase on its own with conductivity 1; -Conductivity solves once with several
/// conducting phases (e.g. @{ Graphite = 1; CBD = 0.01 }). A phase that does not percolate gives
/// M = 0, tau_eff = infinity and a warning.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "EffectiveTortuosity", DefaultParameterSetName = PhaseSet)]
[OutputType(typeof(EffectiveTransportResult))]
public sealed class MeasureEffectiveTortuosityCommand : PhaseImageCmdlet
{
    private const string PhaseSet = "Phase";
    private const string ConductivitySet = "Conductivity";

    /// <summary>Phases by name or label, each solved on its own with conductivity 1 (default: every phase).</summary>
    [Parameter(Position = 0, ParameterSetName = PhaseSet)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[]? Phase { get; set; }

    /// <summary>Conducting phases (name or label) and their intrinsic conductivities, solved together.</summary>
    [Parameter(Mandatory = true, ParameterSetName = ConductivitySet)]
    [ValidateNotNullOrEmpty]
    public Hashtable Conductivity { get; set; } = null!;

    /// <summary>Axes from the inlet face (0) to the outlet face.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public FlowDirection[] Direction { get; set; } = [FlowDirection.Z];

    /// <summary>Convergence criterion: relative residual ||b - A x|| / ||b||.</summary>
    [Parameter]
    [ValidateRange(1e-14, 0.5)]
    public double Tolerance { get; set; } = 1e-6;

    /// <summary>Upper bound on the conjugate-gradient iterations.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaximumIterations { get; set; } = 100_000;

    /// <summary>Periodic instead of no-flux boundaries on the sides parallel to the flow.</summary>
    [Parameter]
    public SwitchParameter PeriodicSides { get; set; }

    protected override void ProcessRecord()
    {
        var settings = new TransportSolverSettings { Tolerance = Tolerance, MaximumIterations = MaximumIterations, PeriodicSides = PeriodicSides.IsPresent };
        var problems = new List<IReadOnlyList<PhaseConductivity>>();
        if (ParameterSetName == ConductivitySet)
        {
            if (!TryResolveConductivities(out var list))
            {
                return;
            }

            problems.Add(list);
        }
        else
        {
            foreach (var phase in PhaseSelection.Resolve(InputObject, Phase, (ex, name) => WriteError(ex, name)))
            {
                problems.Add([new PhaseConductivity(phase, 1.0)]);
            }
        }

        foreach (var conductivities in problems)
        {
            string name = string.Join("+", conductivities.Select(c => c.Phase.Name));
            foreach (var direction in Direction.Distinct())
            {
                var clock = Stopwatch.StartNew();
                if (!TryRun($"Effective tortuosity of {name} along {direction}", o => EffectiveTransportAnalysis.Compute(InputObject, conductivities, direction, settings, o), name, out var result))
                {
                    continue;
                }

                WriteVerbose(Solved(result, clock));

                if (!result.Percolates)
                {
                    WriteWarning($"The phase '{name}' does not percolate along {direction}: no conducting path joins the inlet and outlet faces, so M = 0 and the effective tortuosity is infinite.");
                }
                else if (!result.Converged)
                {
                    WriteWarning(string.Create(CultureInfo.InvariantCulture, $"The solve for '{name}' along {direction} stopped after {result.Iterations} iterations at relative residual {result.RelativeResidual:E2} (tolerance {Tolerance:E2}); raise -MaximumIterations."));
                }

                WriteObject(result);
            }
        }
    }

    private string Solved(EffectiveTransportResult r, Stopwatch clock)
    {
        // The solve's unknowns are the conducting voxels joined to both faces (PercolatingFraction of the phase voxels).
        long unknowns = (long)Math.Round(r.PercolatingFraction * r.VolumeFraction * InputObject.VoxelCount);
        string head = string.Create(CultureInfo.InvariantCulture, $"Conduction through '{r.Phase}' along {r.Direction} ({InputObject.Dimensions}, {(PeriodicSides ? "periodic" : "no-flux")} sides): volume fraction {r.VolumeFraction:G6}, {VerboseMessages.Count(unknowns)} unknowns (the voxels joined to both faces, {r.PercolatingFraction:P1} of the phase)");
        return r.Percolates
            ? head + string.Create(CultureInfo.InvariantCulture, $"; conjugate gradient: {r.Iterations} iterations, relative residual {r.RelativeResidual:E2} (tolerance {Tolerance:E2}), {(r.Converged ? "converged" : "not converged")}; sigma_eff = {r.EffectiveConductivity:G6}, tau_eff = {r.EffectiveTortuosity:G6}, M = {r.MFactor:G6}; {VerboseMessages.Seconds(clock)}.")
            : head + $"; nothing to solve (M = 0); {VerboseMessages.Seconds(clock)}.";
    }

    private bool TryResolveConductivities(out List<PhaseConductivity> list)
    {
        list = [];
        foreach (DictionaryEntry entry in Conductivity)
        {
            string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            if (!TryResolvePhase(key, out var phase))
            {
                return false;
            }

            double sigma;
            try
            {
                sigma = (double)LanguagePrimitives.ConvertTo(entry.Value, typeof(double), CultureInfo.InvariantCulture);
            }
            catch (PSInvalidCastException)
            {
                WriteError("InvalidConductivity", ErrorCategory.InvalidArgument, $"The conductivity of '{key}' ('{entry.Value}') is not a number.", entry.Value);
                return false;
            }

            list.Add(new PhaseConductivity(phase, sigma));
        }

        // Hashtable order is arbitrary: sort by label so the Phase name of the result is stable.
        list.Sort((a, b) => a.Phase.Label.CompareTo(b.Phase.Label));
        return true;
    }
}
