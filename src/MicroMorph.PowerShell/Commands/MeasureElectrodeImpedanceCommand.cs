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
/// Measure-ElectrodeImpedance: the blocking-electrolyte impedance of an electrode (002 Section 4, the symmetric
/// cell under blocking conditions; Nguyen et al. 2020): ions move through the electrolyte phases (relative
/// conductivities, 002 Eq. 3's gamma) from the separator face (coordinate 0 of -Direction) and charge the double
/// layer at the interface with the reactive phase; the current collector (the last slice) is insulating.
/// Returns the spectrum Z(f), the ionic resistance R_ion, the electrode tortuosity factor tau_e (TauFactor's
/// definition) and the through-pore tortuosity for comparison; in physical units with -ElectrolyteConductivity
/// and -DoubleLayerCapacitance.
/// </summary>
[Cmdlet(VerbsDiagnostic.Measure, "ElectrodeImpedance")]
[OutputType(typeof(ElectrodeImpedanceResult))]
public sealed class MeasureElectrodeImpedanceCommand : PhaseImageCmdlet
{
    /// <summary>Electrolyte-carrying phases (name or label) and their conductivities relative to the bulk electrolyte, e.g. @{ Pore = 1; CBD = 0.12 }.</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public Hashtable Electrolyte { get; set; } = null!;

    /// <summary>The reactive (active-material) phase(s) whose interface with the electrolyte is charged.</summary>
    [Parameter(Mandatory = true, Position = 1)]
    [ValidateNotNullOrEmpty]
    [ArgumentCompleter(typeof(PhaseNameCompleter))]
    public string[] ReactivePhase { get; set; } = null!;

    /// <summary>Capacitive fraction of an electrolyte phase's interface with the reactive phase (002 Eq. 5; default 1), e.g. @{ CBD = 0.5 }.</summary>
    [Parameter]
    [ValidateNotNull]
    public Hashtable? InterfaceFraction { get; set; }

    /// <summary>The axis from the separator face (coordinate 0) to the current collector (the last slice).</summary>
    [Parameter]
    public FlowDirection Direction { get; set; } = FlowDirection.Z;

    /// <summary>Frequencies in Hz (needs -ElectrolyteConductivity and -DoubleLayerCapacitance).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? Frequency { get; set; }

    /// <summary>Dimensionless angular frequencies omega C_dl h / sigma (TauFactor's frequency).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public double[]? AngularFrequency { get; set; }

    /// <summary>Points per decade of the default grid (omega_0 / 10 to 1000 omega_0).</summary>
    [Parameter]
    public int PointsPerDecade { get; set; } = 4;

    /// <summary>Bulk ionic conductivity of the electrolyte in S/m.</summary>
    [Parameter]
    public double ElectrolyteConductivity { get; set; } = double.NaN;

    /// <summary>Double-layer capacitance per interface area in F/m2.</summary>
    [Parameter]
    public double DoubleLayerCapacitance { get; set; } = double.NaN;

    /// <summary>Convergence criterion of each solve: relative residual ||b - A x|| / ||b||.</summary>
    [Parameter]
    [ValidateRange(1e-14, 0.5)]
    public double Tolerance { get; set; } = 1e-6;

    /// <summary>Upper bound on the iterations of each solve.</summary>
    [Parameter]
    [ValidateRange(1, int.MaxValue)]
    public int MaximumIterations { get; set; } = 10_000;

    /// <summary>Periodic instead of no-flux boundaries on the sides parallel to -Direction.</summary>
    [Parameter]
    public SwitchParameter PeriodicSides { get; set; }

    /// <summary>Skip the through-pore tortuosity (one more solve); ThroughTortuosity is then NaN.</summary>
    [Parameter]
    public SwitchParameter NoThroughTortuosity { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveElectrolyte(out var electrolyte))
        {
            return;
        }

        var reactive = new List<Phase>();
        foreach (string name in ReactivePhase)
        {
            if (!TryResolvePhase(name, out var phase))
            {
                return;
            }

            reactive.Add(phase);
        }

        var settings = new ElectrodeImpedanceSettings
        {
            AngularFrequencies = AngularFrequency,
            Frequencies = Frequency,
            PointsPerDecade = PointsPerDecade,
            ElectrolyteConductivity = ElectrolyteConductivity,
            DoubleLayerCapacitance = DoubleLayerCapacitance,
            Tolerance = Tolerance,
            MaximumIterations = MaximumIterations,
            PeriodicSides = PeriodicSides.IsPresent,
            ThroughTortuosity = !NoThroughTortuosity.IsPresent,
        };
        string label = string.Join("+", electrolyte.Select(e => e.Phase.Name));
        var clock = Stopwatch.StartNew();
        if (!TryRun($"Electrode impedance of {label} along {Direction}", o => ElectrodeImpedanceAnalysis.Compute(InputObject, electrolyte, reactive, Direction, settings, o), label, out var result))
        {
            return;
        }

        WriteVerbose(Solved(result, clock));
        if (!result.Converged)
        {
            WriteWarning(string.Create(CultureInfo.InvariantCulture, $"A solve for '{label}' stopped at relative residual {result.RelativeResidual:E2} (tolerance {Tolerance:E2}); raise -MaximumIterations."));
        }

        if (double.IsPositiveInfinity(result.ThroughTortuosity))
        {
            WriteWarning($"The electrolyte '{label}' does not percolate from the separator to the current collector along {Direction}: the through-pore tortuosity is infinite (the impedance and tau_e are still defined).");
        }

        WriteObject(result);
    }

    private string Solved(ElectrodeImpedanceResult r, Stopwatch clock)
    {
        long unknowns = (long)Math.Round(r.ConnectedFraction * r.VolumeFraction * InputObject.VoxelCount);
        return string.Create(
            CultureInfo.InvariantCulture,
            $"Blocking impedance of '{r.Phase}' against '{r.ReactivePhase}' along {r.Direction} ({InputObject.Dimensions}, {(PeriodicSides ? "periodic" : "no-flux")} sides): volume fraction {r.VolumeFraction:G6}, interface density {r.InterfaceDensity:G6} per {InputObject.VoxelSize.Unit}, {VerboseMessages.Count(unknowns)} unknowns (the electrolyte joined to the separator, {r.ConnectedFraction:P1}); COCG with a multigrid preconditioner: {r.Solves} complex solves (R_ion, {r.Spectrum.Count} frequencies{(r.Solves > r.Spectrum.Count + 1 ? ", tau_e" : string.Empty)}), {r.Iterations} iterations ({(double)r.Iterations / r.Solves:F1} per solve), largest relative residual {r.RelativeResidual:E2} (tolerance {Tolerance:E2}), {(r.Converged ? "converged" : "not converged")}; tau_e = {r.ElectrodeTortuosity:G6} (limit {r.ElectrodeTortuosityLimit:G6}), {(double.IsNaN(r.ThroughTortuosity) ? "through-pore tau_eff not computed" : string.Create(CultureInfo.InvariantCulture, $"tau_eff = {r.ThroughTortuosity:G6}"))}, R_ion = {r.IonicResistance:G6} {r.ImpedanceUnit}, omega_0 = {r.CharacteristicFrequency:G6} {r.FrequencyUnit}; {VerboseMessages.Seconds(clock)}.");
    }

    private bool TryResolveElectrolyte(out List<ElectrolytePhase> list)
    {
        list = [];
        var fractions = new Dictionary<int, double>();
        if (InterfaceFraction is not null)
        {
            foreach (DictionaryEntry entry in InterfaceFraction)
            {
                string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
                if (!TryResolvePhase(key, out var phase) || !TryNumber(entry.Value, key, "InvalidInterfaceFraction", "interface fraction", out double f))
                {
                    return false;
                }

                fractions[phase.Label] = f;
            }
        }

        foreach (DictionaryEntry entry in Electrolyte)
        {
            string key = Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? string.Empty;
            if (!TryResolvePhase(key, out var phase) || !TryNumber(entry.Value, key, "InvalidConductivity", "conductivity", out double sigma))
            {
                return false;
            }

            list.Add(new ElectrolytePhase(phase, sigma, fractions.TryGetValue(phase.Label, out double f) ? f : 1.0));
        }

        var given = list.Select(e => (int)e.Phase.Label).ToHashSet();
        foreach (int label in fractions.Keys.Where(l => !given.Contains(l)))
        {
            WriteError("InterfaceFractionWithoutElectrolyte", ErrorCategory.InvalidArgument, $"-InterfaceFraction names the phase '{(InputObject.Phases.TryGet((byte)label, out var p) ? p.Name : label.ToString(CultureInfo.InvariantCulture))}', which is not in -Electrolyte. Give interface fractions only for electrolyte phases.", label);
            return false;
        }

        // Hashtable order is arbitrary: sort by label so the Phase name of the result is stable.
        list.Sort((a, b) => a.Phase.Label.CompareTo(b.Phase.Label));
        return true;
    }

    private bool TryNumber(object? value, string key, string errorId, string what, out double number)
    {
        try
        {
            number = (double)LanguagePrimitives.ConvertTo(value, typeof(double), CultureInfo.InvariantCulture);
            return true;
        }
        catch (PSInvalidCastException)
        {
            WriteError(errorId, ErrorCategory.InvalidArgument, $"The {what} of '{key}' ('{value}') is not a number.", value);
            number = double.NaN;
            return false;
        }
    }
}
