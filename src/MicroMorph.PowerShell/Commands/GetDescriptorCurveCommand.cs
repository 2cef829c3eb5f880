using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Reflection;
using MicroMorph.Core.Descriptors;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// Get-DescriptorCurve: the curves a result carries (the phase size distribution and intrusion curve of
/// Measure-Constrictivity, the C(h) curves of Measure-TwoPointCoverage, R(h) of Get-ConcentrationCorrelation,
/// the covariance table of Optimize-GaussianExcursionSet, ...) as one row per point, with the result's
/// identification (Source, Phase, Direction, Curve), named columns (Radius, CoveredFraction; Distance,
/// Coverage; ...) and the Unit of the abscissa: rows that Export-Csv writes as they are.
/// </summary>
[Cmdlet(VerbsCommon.Get, "DescriptorCurve")]
[OutputType(typeof(PSCustomObject), typeof(Core.Transport.ImpedanceCurveRow))]
public sealed class GetDescriptorCurveCommand : MicroMorphCmdlet
{
    /// <summary>A result with curves (any MicroMorph result; a list-valued property whose items start with a number counts as a curve).</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true)]
    [ValidateNotNull]
    public PSObject InputObject { get; set; } = null!;

    /// <summary>The curves to write, by property name (wildcards allowed); default: every curve of the result.</summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    [SupportsWildcards]
    [ArgumentCompleter(typeof(CurveNameCompleter))]
    public string[]? Curve { get; set; }

    protected override void ProcessRecord()
    {
        object result = DeserializedResult.Unwrap(InputObject)!;
        var curves = CurvesOf(result).ToList();
        if (curves.Count == 0)
        {
            WriteError(
                "NoDescriptorCurve",
                ErrorCategory.InvalidArgument,
                $"A {result.GetType().Name} carries no curve. Pipe a result that does, e.g. from Measure-Constrictivity (PoreSizeDistribution, IntrusionCurve), Measure-TwoPointCoverage (Isotropic, AlongX, AlongY, AlongZ), Measure-GeodesicTortuosity (Distribution) or Get-ConcentrationCorrelation (Points).",
                result);
            return;
        }

        var chosen = curves;
        if (Curve is not null)
        {
            var patterns = Curve.Select(c => WildcardPattern.Get(c, WildcardOptions.IgnoreCase)).ToArray();
            chosen = curves.Where(c => patterns.Any(p => p.IsMatch(c.Name))).ToList();
            foreach (var name in Curve.Where(n => !WildcardPattern.ContainsWildcardCharacters(n) && !curves.Any(c => string.Equals(c.Name, n, StringComparison.OrdinalIgnoreCase))))
            {
                WriteError(
                    "CurveNotFound",
                    ErrorCategory.ObjectNotFound,
                    $"A {result.GetType().Name} has no curve '{name}'. Its curves: {string.Join(", ", curves.Select(c => c.Name))}.",
                    name);
            }
        }

        string source = Text(result, "Source") is { Length: > 0 } s ? s : Text(result, "Name");
        string phase = Text(result, "Phase");
        string direction = Text(result, "Direction");
        string unit = Text(result, "Unit");
        foreach (var (name, value) in chosen)
        {
            if (value is Curve curve)
            {
                foreach (var point in curve)
                {
                    var row = Identification(source, phase, curve.Direction.Length > 0 ? curve.Direction : direction, name);
                    row.Properties.Add(new PSNoteProperty(curve.XName, point.X));
                    row.Properties.Add(new PSNoteProperty(curve.YName, point.Y));
                    row.Properties.Add(new PSNoteProperty("Unit", curve.Unit));
                    WriteObject(Shown(row, curve.Direction.Length > 0 ? "Direction" : Telling(phase), curve.XName + "." + curve.YName, curve.XName, curve.YName));
                }

                continue;
            }

            foreach (object? item in (IEnumerable)value)
            {
                if (item is null)
                {
                    continue;
                }

                if (item is Core.Transport.ImpedancePoint point)
                {
                    // A row type of its own, whose table view shows Frequency, ZReal and ZImag with their digits at 80 columns.
                    WriteObject(new Core.Transport.ImpedanceCurveRow(source, phase, direction, name, point.Frequency, point.ZReal, point.ZImag, point.Unit));
                    continue;
                }

                var row = Identification(source, phase, direction, name);
                foreach (var p in Columns(item.GetType()))
                {
                    object? cell = p.GetValue(item);
                    if (row.Properties[p.Name] is { } existing)
                    {
                        existing.Value = cell; // the item's own column wins (e.g. a per-phase table)
                    }
                    else
                    {
                        row.Properties.Add(new PSNoteProperty(p.Name, cell));
                    }
                }

                if (row.Properties["Unit"] is null)
                {
                    row.Properties.Add(new PSNoteProperty("Unit", unit));
                }

                var columns = Columns(item.GetType()).Select(c => c.Name).Where(n => n is not ("Unit" or "Phase")).Take(2).ToArray();
                WriteObject(Shown(row, Telling(Convert.ToString(row.Properties["Phase"].Value, CultureInfo.InvariantCulture)), item.GetType().Name, columns));
            }
        }
    }

    /// <summary>
    /// The curves of <paramref name="result"/>: its <see cref="Core.Descriptors.Curve"/> properties and its lists of
    /// records whose first column is a number (an abscissa such as Distance or LowerBound), in declaration order.
    /// </summary>
    internal static IEnumerable<(string Name, object Value)> CurvesOf(object result)
    {
        foreach (var p in result.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (p.GetIndexParameters().Length > 0 || !IsCurveType(p.PropertyType))
            {
                continue;
            }

            object? value;
            try
            {
                value = p.GetValue(result);
            }
            catch (TargetInvocationException)
            {
                continue;
            }

            if (value is Curve || (value is IEnumerable && value is not string && IsTable(value.GetType())))
            {
                yield return (p.Name, value);
            }
        }
    }

    private static bool IsCurveType(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) || typeof(IEnumerable).IsAssignableFrom(type) && type != typeof(string);

    private static bool IsTable(Type listType)
    {
        var element = listType.IsArray ? listType.GetElementType() : listType.GetInterfaces().Append(listType)
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            .Select(i => i.GetGenericArguments()[0]).FirstOrDefault();
        if (element is null || element.IsPrimitive || element == typeof(string) || typeof(IEnumerable).IsAssignableFrom(element))
        {
            return false;
        }

        var first = Columns(element).FirstOrDefault();
        return first is not null && (first.PropertyType == typeof(double) || first.PropertyType == typeof(long) || first.PropertyType == typeof(int));
    }

    private static IEnumerable<PropertyInfo> Columns(Type element) =>
        element.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
            .OrderBy(p => p.MetadataToken);

    /// <summary>
    /// The type name every curve row carries; before it, the shape's: the identifying column and the curve's two
    /// columns or the table's record type, e.g. <c>MicroMorph.DescriptorCurveRow#Phase.Radius.CoveredFraction</c> or
    /// <c>MicroMorph.DescriptorCurveRow#Source.VoxelHistogramBin</c>.
    /// </summary>
    internal const string RowTypeName = "MicroMorph.DescriptorCurveRow";

    /// <summary>
    /// Shows the row as a table of four columns by default (the curve's two and what tells curves apart, and
    /// the unit); every column stays a property, so Export-Csv, Select-Object * and Format-List see them all.
    /// </summary>
    private static PSObject Shown(PSObject row, string identification, string shape, params string[] columns)
    {
        string[] shown = [identification, .. columns, "Unit"];
        row.Members.Add(new PSMemberSet("PSStandardMembers", [new PSPropertySet("DefaultDisplayPropertySet", shown)]));

        // A type name per row shape selects a table view (MicroMorph.format.ps1xml) that shows the numbers with six
        // significant digits; without a view, PowerShell 7.3+ rounds doubles in tables to the culture's two decimals.
        row.TypeNames.Insert(0, RowTypeName);
        row.TypeNames.Insert(0, RowTypeName + "#" + identification + "." + shape);
        return row;
    }

    /// <summary>The column that tells the rows of several results apart: the phase, or the source where there is no phase (an aggregate's name).</summary>
    private static string Telling(string? phase) => string.IsNullOrEmpty(phase) ? "Source" : "Phase";

    private static PSObject Identification(string source, string phase, string direction, string curve)
    {
        var row = new PSObject();
        row.Properties.Add(new PSNoteProperty("Source", source));
        row.Properties.Add(new PSNoteProperty("Phase", phase));
        row.Properties.Add(new PSNoteProperty("Direction", direction));
        row.Properties.Add(new PSNoteProperty("Curve", curve));
        return row;
    }

    private static string Text(object result, string property)
    {
        var p = result.GetType().GetProperty(property, BindingFlags.Public | BindingFlags.Instance);
        return p is null || p.GetIndexParameters().Length > 0 ? string.Empty : Convert.ToString(p.GetValue(result), CultureInfo.InvariantCulture) ?? string.Empty;
    }
}
