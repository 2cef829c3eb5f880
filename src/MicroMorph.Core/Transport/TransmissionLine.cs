using System.Numerics;

namespace MicroMorph.Core.Transport;

/// <summary>
/// The de Levie transmission-line model of a porous blocking electrode (de Levie, Electrochim. Acta 8, 1963;
/// Nguyen et al., npj Comput. Mater. 6, 123, 2020): ionic resistance R per unit length along the pores,
/// capacitive admittance per unit length i omega C, an insulated current collector at depth L:
/// Z = sqrt(R Z_c) coth(L sqrt(R / Z_c)), Z_c = 1 / (i omega C). Its low-frequency limit is
/// Z -> 1 / (i omega C L) + R L / 3, so R_ion = R L = 3 Re Z(omega -> 0).
/// </summary>
public static class TransmissionLine
{
    /// <summary>
    /// The continuous line: <paramref name="resistance"/> R and <paramref name="capacitance"/> C per unit length,
    /// <paramref name="length"/> L, angular frequency omega (the units must agree: R C L^2 omega is dimensionless).
    /// </summary>
    public static Complex Impedance(double resistance, double capacitance, double length, double omega)
    {
        var zc = 1 / (Complex.ImaginaryOne * omega * capacitance);
        var k = Complex.Sqrt(resistance / zc) * length;
        return Complex.Sqrt(resistance * zc) * Coth(k);
    }

    /// <summary>
    /// The discrete ladder TauFactor's ImpedanceSolver and ElectrodeSolver use as the homogeneous reference
    /// (taufactor/utils.py, compute_impedance): from the collector, each of <paramref name="slices"/> slices adds
    /// a capacitor C in parallel and then a resistor R in series: Z = R + 1 / (i omega C + 1 / Z), Z = infinity beyond the last slice.
    /// </summary>
    public static Complex Ladder(double resistance, double capacitance, int slices, double omega)
    {
        Complex z = Complex.Zero;
        bool open = true;
        for (int k = 0; k < slices; k++)
        {
            var shunt = Complex.ImaginaryOne * omega * capacitance;
            z = resistance + 1 / (open ? shunt : shunt + 1 / z);
            open = false;
        }

        return z;
    }

    private static Complex Coth(Complex k)
    {
        // coth k = (1 + e^-2k) / (1 - e^-2k), stable for large Re k.
        var e = Complex.Exp(-2 * k);
        return (1 + e) / (1 - e);
    }
}
