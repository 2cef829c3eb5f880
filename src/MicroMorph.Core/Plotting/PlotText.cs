using System.Globalization;
using System.Text;

namespace MicroMorph.Core.Plotting;

/// <summary>
/// The text of axis labels: units as the data carry them, with powers written as superscripts
/// (<c>µm^3</c> becomes <c>µm³</c>, <c>nm^-1</c> becomes <c>nm⁻¹</c>), and numbers in the invariant culture.
/// </summary>
public static class PlotText
{
    private const string Digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";

    /// <summary>
    /// A unit with its powers as superscripts: every <c>^</c> followed by an optional sign and digits
    /// (e.g. <c>^3</c>, <c>^-1</c>, <c>^{-2}</c>) becomes superscript characters; the rest is kept as it is.
    /// </summary>
    public static string Unit(string unit)
    {
        ArgumentNullException.ThrowIfNull(unit);
        var text = new StringBuilder(unit.Length);
        for (int i = 0; i < unit.Length; i++)
        {
            if (unit[i] == '^')
            {
                int j = i + 1;
                bool braced = j < unit.Length && unit[j] == '{';
                if (braced)
                {
                    j++;
                }

                var power = new StringBuilder();
                if (j < unit.Length && (unit[j] == '-' || unit[j] == '+' || unit[j] == '−'))
                {
                    power.Append(unit[j] == '+' ? '⁺' : '⁻');
                    j++;
                }

                int digitsStart = j;
                while (j < unit.Length && unit[j] is >= '0' and <= '9')
                {
                    power.Append(Digits[unit[j] - '0']);
                    j++;
                }

                if (braced)
                {
                    if (j < unit.Length && unit[j] == '}')
                    {
                        j++;
                    }
                    else
                    {
                        digitsStart = j; // not a well-formed ^{...}: keep the text as it is
                    }
                }

                if (j > digitsStart && digitsStart < unit.Length && unit[digitsStart] is >= '0' and <= '9')
                {
                    text.Append(power);
                    i = j - 1;
                    continue;
                }
            }

            text.Append(unit[i]);
        }

        return text.ToString();
    }

    /// <summary>An axis label with its unit in parentheses, e.g. <c>Radius (µm)</c>; a quantity without a unit stays bare.</summary>
    public static string Axis(string quantity, string? unit, int power = 1)
    {
        ArgumentNullException.ThrowIfNull(quantity);
        if (string.IsNullOrWhiteSpace(unit))
        {
            return quantity;
        }

        string u = Unit(unit.Trim());
        if (power != 1)
        {
            u += Unit("^" + power.ToString(CultureInfo.InvariantCulture));
        }

        return $"{quantity} ({u})";
    }

    /// <summary>A tick label: the shortest round-trip-safe text of at most 6 significant digits, invariant culture.</summary>
    public static string Number(double value)
    {
        if (Math.Abs(value) < 1e-12)
        {
            return "0";
        }

        return Math.Round(value, 10).ToString("G6", CultureInfo.InvariantCulture).Replace('-', '−');
    }
}
