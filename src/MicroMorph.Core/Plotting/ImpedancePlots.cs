using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Transport;

namespace MicroMorph.Core.Plotting;

/// <summary>The two views of an impedance spectrum.</summary>
public enum ImpedancePlotKind
{
    /// <summary>-Im Z against Re Z with one unit of each equally long on the page (a 45-degree line stays at 45 degrees).</summary>
    Nyquist,

    /// <summary>|Z| (left, logarithmic) and the phase -arg Z in degrees (right, dashed) against the frequency (logarithmic).</summary>
    Bode,
}

/// <summary>
/// Nyquist and Bode plots of blocking-electrode impedance spectra (<see cref="ElectrodeImpedanceResult"/>; 002 Section 4,
/// Nguyen et al. 2020 Fig. 2): one series per result, labelled by the given label, else its source file, else its
/// phases; all results in one figure must share the impedance and frequency units.
/// </summary>
public static class ImpedancePlots
{
    public static PlotSpecification For(IReadOnlyList<ElectrodeImpedanceResult> results, ImpedancePlotKind kind, IReadOnlyList<string>? labels, string? title)
    {
        ArgumentNullException.ThrowIfNull(results);
        if (results.Count == 0)
        {
            throw MicroMorphException.InvalidData("NothingToPlot", "No impedance results were given to plot.", results);
        }

        if (labels is not null && labels.Count != results.Count)
        {
            throw MicroMorphException.Argument("LabelCountMismatch", $"{labels.Count} label(s) were given for {results.Count} result(s); give one label per result, in pipeline order.", labels);
        }

        var first = results[0];
        var mixed = results.FirstOrDefault(r => r.ImpedanceUnit != first.ImpedanceUnit || r.Spectrum.FrequencyUnit != first.Spectrum.FrequencyUnit);
        if (mixed is not null)
        {
            throw MicroMorphException.Argument("MixedImpedanceUnits", $"One plot shows spectra in one unit; these are in '{first.ImpedanceUnit}' and '{mixed.ImpedanceUnit}' (frequency '{first.Spectrum.FrequencyUnit}' and '{mixed.Spectrum.FrequencyUnit}'). Measure all with or all without -ElectrolyteConductivity and -DoubleLayerCapacitance.", mixed);
        }

        var names = Names(results, labels);
        string z = ZUnit(first.ImpedanceUnit);
        bool physical = first.Spectrum.FrequencyUnit == "Hz";
        var series = new List<PlotSeries>();
        if (kind == ImpedancePlotKind.Nyquist)
        {
            for (int k = 0; k < results.Count; k++)
            {
                var points = results[k].Spectrum.Select(p => new CurvePoint(p.ZReal, -p.ZImag)).ToArray();
                series.Add(new PlotSeries(names[k], points, Markers: points.Length <= PlotStyle.AutoMarkerLimit) { Colour = k, KeepOrder = true });
            }

            return new PlotSpecification(title ?? "Nyquist plot (blocking electrode)", $"Re Z ({z})", $"−Im Z ({z})", series)
            {
                ZeroBased = true,
                EqualAspect = true,

                // The capacitive line grows as 1/f: beyond twice the Re Z range its top is cut, so that the 45-degree
                // part and the knee at R_ion / 3 keep most of the figure instead of a narrow strip at the left.
                EqualAspectMaxWidening = 2,
            };
        }

        for (int k = 0; k < results.Count; k++)
        {
            var spectrum = results[k].Spectrum;
            bool markers = spectrum.Count <= PlotStyle.AutoMarkerLimit;
            // One legend entry per spectrum (its colour); the axis labels tell solid |Z| from the dashed phase.
            series.Add(new PlotSeries(results.Count == 1 ? "|Z|" : names[k], spectrum.Select(p => new CurvePoint(p.Frequency, Math.Sqrt(p.ZReal * p.ZReal + p.ZImag * p.ZImag))).ToArray(), Markers: markers) { Colour = k });
            series.Add(new PlotSeries(results.Count == 1 ? "phase" : string.Empty, spectrum.Select(p => new CurvePoint(p.Frequency, -Math.Atan2(p.ZImag, p.ZReal) * 180 / Math.PI)).ToArray(), Markers: markers) { Colour = k, Dashed = true, RightAxis = true });
        }

        return new PlotSpecification(title ?? "Bode plot (blocking electrode)", physical ? "Frequency f (Hz)" : "Angular frequency ω C h / σ", $"|Z| ({z}), solid", series)
        {
            ZeroBased = false,
            LogX = true,
            LogY = true,
            RightLabel = "Phase −arg Z (°), dashed",
            RightLimits = (0, 90),
        };
    }

    private static string ZUnit(string unit) => unit switch
    {
        "Ohm cm2" => "Ω cm²",
        "h/sigma" => "h/σ",
        _ => unit,
    };

    /// <summary>The given labels, else the source file names, else the phases; repeated names are numbered.</summary>
    private static string[] Names(IReadOnlyList<ElectrodeImpedanceResult> results, IReadOnlyList<string>? labels)
    {
        var names = results.Select((r, k) => labels?[k] is { Length: > 0 } given ? given
            : r.Source.Length > 0 ? Path.GetFileName(r.Source)
            : $"{r.Phase} | {r.ReactivePhase}").ToArray();
        if (labels is null)
        {
            var counts = names.GroupBy(n => n).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
            var seen = new Dictionary<string, int>();
            for (int k = 0; k < names.Length; k++)
            {
                if (counts.Contains(names[k]))
                {
                    seen[names[k]] = seen.GetValueOrDefault(names[k]) + 1;
                    names[k] = $"{names[k]} ({seen[names[k]]})";
                }
            }
        }

        return names;
    }
}
