using System.Collections;
using System.Globalization;

namespace MicroMorph.Core.Transport;

/// <summary>
/// An impedance spectrum: its points in ascending frequency. Enumerates as the points (Get-DescriptorCurve
/// writes them as rows with Frequency, ZReal, ZImag and Unit columns; JSON: an array) and reads as one cell
/// ("17 points, Frequency 0.001-10 Hz") where a whole result is exported.
/// </summary>
public sealed class ImpedanceSpectrum : IReadOnlyList<ImpedancePoint>
{
    private readonly ImpedancePoint[] _points;

    public ImpedanceSpectrum(IEnumerable<ImpedancePoint> points, string frequencyUnit)
    {
        ArgumentNullException.ThrowIfNull(points);
        _points = points.ToArray();
        FrequencyUnit = frequencyUnit ?? string.Empty;
    }

    /// <summary>Unit of the frequencies ("Hz", or "sigma/(C h)" for dimensionless angular frequencies).</summary>
    public string FrequencyUnit { get; }

    public int Count => _points.Length;

    public ImpedancePoint this[int index] => _points[index];

    public IEnumerator<ImpedancePoint> GetEnumerator() => ((IEnumerable<ImpedancePoint>)_points).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _points.GetEnumerator();

    public override string ToString()
    {
        if (_points.Length == 0)
        {
            return "0 points";
        }

        string count = _points.Length == 1 ? "1 point" : $"{_points.Length} points";
        return string.Create(CultureInfo.InvariantCulture, $"{count}, Frequency {_points[0].Frequency:G4}-{_points[^1].Frequency:G4} {FrequencyUnit}");
    }
}
