using System.Collections;
using System.Globalization;

namespace MicroMorph.Core.Descriptors;

/// <summary>
/// A descriptor curve (CPSD, intrusion curve, two-point coverage C(h), ...): its points in order, with the
/// names of its two columns and the unit of the abscissa, so that it can be written as rows with named,
/// unit-carrying columns (Get-DescriptorCurve) and reads meaningfully as one cell ("48 points, Radius 0-12.5 µm")
/// where a whole result is exported. Enumerates as the points (JSON: an array of {X, Y}).
/// </summary>
public sealed class Curve : IReadOnlyList<CurvePoint>
{
    private readonly CurvePoint[] _points;

    /// <param name="points">The points, abscissa ascending as the producer computed them.</param>
    /// <param name="xName">Column name of the abscissa, e.g. "Radius" or "Distance".</param>
    /// <param name="yName">Column name of the ordinate, e.g. "CoveredFraction" or "Coverage".</param>
    /// <param name="unit">Unit of the abscissa (the ordinate is dimensionless or named by <paramref name="yName"/>).</param>
    /// <param name="direction">The direction the curve belongs to when a result carries one curve per axis ("X", "Isotropic"); empty otherwise.</param>
    public Curve(IEnumerable<CurvePoint> points, string xName, string yName, string unit, string direction = "")
    {
        ArgumentNullException.ThrowIfNull(points);
        _points = points.ToArray();
        XName = xName;
        YName = yName;
        Unit = unit ?? string.Empty;
        Direction = direction ?? string.Empty;
    }

    /// <summary>Column name of the abscissa (X of each point).</summary>
    public string XName { get; }

    /// <summary>Column name of the ordinate (Y of each point).</summary>
    public string YName { get; }

    /// <summary>Unit of the abscissa.</summary>
    public string Unit { get; }

    /// <summary>The direction of this curve within its result ("X", "Y", "Z", "Isotropic"), or empty.</summary>
    public string Direction { get; }

    public int Count => _points.Length;

    public CurvePoint this[int index] => _points[index];

    /// <summary>
    /// <paramref name="points"/> as a curve with these column names; a curve already named the same way is returned as it is.
    /// </summary>
    public static Curve Of(IReadOnlyList<CurvePoint> points, string xName, string yName, string unit, string direction = "") =>
        points is Curve c && c.XName == xName && c.YName == yName && c.Unit == (unit ?? string.Empty) && c.Direction == (direction ?? string.Empty)
            ? c
            : new Curve(points ?? [], xName, yName, unit ?? string.Empty, direction ?? string.Empty);

    public IEnumerator<CurvePoint> GetEnumerator() => ((IEnumerable<CurvePoint>)_points).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _points.GetEnumerator();

    /// <summary>E.g. "48 points, Radius 0-12.5 µm" (what one cell of Export-Csv shows).</summary>
    public override string ToString()
    {
        if (_points.Length == 0)
        {
            return $"0 points, {XName}";
        }

        string unit = string.IsNullOrEmpty(Unit) ? string.Empty : " " + Unit;
        string count = _points.Length == 1 ? "1 point" : $"{_points.Length} points";
        double min = _points.Min(p => p.X), max = _points.Max(p => p.X);
        return min == max
            ? string.Create(CultureInfo.InvariantCulture, $"{count}, {XName} {min:G6}{unit}")
            : string.Create(CultureInfo.InvariantCulture, $"{count}, {XName} {min:G6}-{max:G6}{unit}");
    }
}
