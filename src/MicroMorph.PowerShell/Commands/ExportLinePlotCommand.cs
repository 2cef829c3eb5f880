using System.Collections;
using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Plotting;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Export-LinePlot: a PNG or SVG line plot of properties of the piped objects, -Y against -X, one line
/// per -Y property and per value of -GroupBy (e.g. a descriptor against a model parameter,
/// 001 Fig. 8), marked where it has few points (-Marker), or a scatter cloud (-Style Scatter,
/// -ScatterSeries; 004 Fig. 11). The objects may be any objects with those properties, or hashtables.
/// </summary>
[Cmdlet(VerbsData.Export, "LinePlot", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportLinePlotCommand : PlotExportCmdlet
{
    private readonly List<TablePlotPoint> _points = [];
    private string? _failure;

    /// <summary>The property on the horizontal axis.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string X { get; set; } = string.Empty;

    /// <summary>The properties on the vertical axis, one line each.</summary>
    [Parameter(Mandatory = true)]
    [ValidateNotNullOrEmpty]
    public string[] Y { get; set; } = [];

    /// <summary>A property whose values split the rows into separate lines.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? GroupBy { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? XLabel { get; set; }

    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? YLabel { get; set; }

    /// <summary>The property with the lower end of an interval around -Y (drawn as an error bar); needs -YUpper and one -Y.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? YLower { get; set; }

    /// <summary>The property with the upper end of an interval around -Y; needs -YLower and one -Y.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? YUpper { get; set; }

    /// <summary>Draws the intervals as shaded bands instead of error bars.</summary>
    [Parameter]
    public SwitchParameter Band { get; set; }

    /// <summary>The legend entry of the intervals (default: "YLower to YUpper").</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? IntervalLabel { get; set; }

    /// <summary>When points are marked: Auto (series of at most 30 points), Always or Never.</summary>
    [Parameter]
    public PlotMarkers Marker { get; set; } = PlotMarkers.Auto;

    /// <summary>Line (lines through the points) or Scatter (markers only, no line) for every series.</summary>
    [Parameter]
    public LinePlotStyle Style { get; set; } = LinePlotStyle.Line;

    /// <summary>Series (values of -GroupBy, or -Y names) drawn as scatter clouds while the others stay lines.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? ScatterSeries { get; set; }

    /// <summary>Draws the horizontal axis logarithmically (values that are not positive are left out).</summary>
    [Parameter]
    public SwitchParameter LogX { get; set; }

    /// <summary>Draws the vertical axis logarithmically (values that are not positive are left out).</summary>
    [Parameter]
    public SwitchParameter LogY { get; set; }

    /// <summary>One unit of X as long as one unit of Y on the page (e.g. a Nyquist plot); linear axes only.</summary>
    [Parameter]
    public SwitchParameter EqualAspect { get; set; }

    protected override void BeginProcessing()
    {
        base.BeginProcessing();
        if ((YLower is null) != (YUpper is null))
        {
            _failure = "IncompleteInterval";
            WriteError("IncompleteInterval", ErrorCategory.InvalidArgument, "An interval needs both ends: give -YLower and -YUpper together.", YLower ?? YUpper);
        }
        else if (YLower is not null && Y.Length != 1)
        {
            _failure = "IntervalNeedsOneY";
            WriteError("IntervalNeedsOneY", ErrorCategory.InvalidArgument, $"-YLower and -YUpper describe the interval around one -Y property; {Y.Length} were given. Plot one -Y with its interval.", Y);
        }
        else if (EqualAspect && (LogX || LogY))
        {
            _failure = "EqualAspectNeedsLinearAxes";
            WriteError("EqualAspectNeedsLinearAxes", ErrorCategory.InvalidArgument, "-EqualAspect makes one unit of X as long as one unit of Y, which needs linear axes; leave out -LogX and -LogY.", EqualAspect);
        }
        else if (Band && YLower is null)
        {
            _failure = "IncompleteInterval";
            WriteError("IncompleteInterval", ErrorCategory.InvalidArgument, "-Band draws intervals as shaded bands: give -YLower and -YUpper for them.", Band);
        }
    }

    protected override void ProcessRecord()
    {
        if (_failure is not null)
        {
            return;
        }

        double x;
        string? group = null;
        try
        {
            x = Number(InputObject, X);
            if (GroupBy is not null)
            {
                group = Convert.ToString(Value(InputObject, GroupBy), CultureInfo.InvariantCulture) ?? string.Empty;
            }

            foreach (string y in Y)
            {
                string series = Y.Length == 1 ? group ?? y : group is null ? y : $"{y} {group}";
                _points.Add(YLower is null || YUpper is null
                    ? new TablePlotPoint(series, x, Number(InputObject, y))
                    : new TablePlotPoint(series, x, Number(InputObject, y), Number(InputObject, YLower), Number(InputObject, YUpper)));
            }
        }
        catch (MicroMorphException ex)
        {
            _failure = ex.Message;
            WriteError(ex, InputObject);
        }
    }

    protected override void EndProcessing()
    {
        if (_failure is null)
        {
            WritePlot(() => TablePlot.Build(_points, Title ?? string.Join(", ", Y) + " against " + X, XLabel ?? X, YLabel ?? string.Join(", ", Y), LogX, LogY, IntervalLabel ?? (YLower is null ? string.Empty : $"{YLower} to {YUpper}"), Band, Marker, Style, ScatterSeries) with { EqualAspect = EqualAspect }, $"Write a plot of {_points.Count} value(s)", "Drawing plot");
        }
    }

    internal static object? Value(PSObject row, string name)
    {
        if (row.BaseObject is IDictionary dictionary)
        {
            foreach (DictionaryEntry entry in dictionary)
            {
                if (string.Equals(entry.Key?.ToString(), name, StringComparison.OrdinalIgnoreCase))
                {
                    return entry.Value is PSObject p ? p.BaseObject : entry.Value;
                }
            }
        }
        else if (row.Properties[name] is { } property)
        {
            return property.Value is PSObject p ? p.BaseObject : property.Value;
        }

        throw MicroMorphException.Argument("PlotPropertyNotFound", $"A piped object has no property '{name}' to plot: {row}.", row);
    }

    private static double Number(PSObject row, string name)
    {
        object? value = Value(row, name);
        if (value is null || value is bool || !LanguagePrimitives.TryConvertTo(value, CultureInfo.InvariantCulture, out double number))
        {
            throw MicroMorphException.Argument("NonNumericPlotValue", $"The property '{name}' of a piped object is not a number ('{value}'), so it cannot be plotted.", row);
        }

        return number;
    }
}
