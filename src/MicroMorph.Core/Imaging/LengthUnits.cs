using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>Length units of voxel sizes and model parameters, and conversions between them.</summary>
public static class LengthUnits
{
    /// <summary>How many metres one <paramref name="unit"/> is, or null for units that are not lengths (e.g. "voxel").</summary>
    public static double? MetresPerUnit(string unit) => unit.Trim() switch
    {
        "m" or "meter" or "metre" => 1,
        "cm" => 1e-2,
        "mm" => 1e-3,
        "µm" or "μm" or "um" or "micron" or "microns" => 1e-6,
        "nm" => 1e-9,
        "pm" => 1e-12,
        "Å" or "A" or "angstrom" => 1e-10,
        _ => null,
    };

    /// <summary>
    /// How many <paramref name="to"/> one <paramref name="from"/> is (e.g. µm to nm: 1000); 1 for equal
    /// unit names. Throws <c>IncompatibleUnits</c> when either is not a known length unit.
    /// </summary>
    public static double Factor(string from, string to)
    {
        if (string.Equals(from.Trim(), to.Trim(), StringComparison.Ordinal))
        {
            return 1;
        }

        if (MetresPerUnit(from) is { } a && MetresPerUnit(to) is { } b)
        {
            return a / b;
        }

        throw MicroMorphException.Argument(
            "IncompatibleUnits",
            $"Lengths in '{from}' cannot be converted to '{to}': give the voxel size in the unit of the model parameters (or in m, mm, µm, nm).",
            from);
    }
}
