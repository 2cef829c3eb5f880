using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// Physical edge lengths of one voxel along x, y and z, and their unit (e.g. 20 x 20 x 20 nm).
/// Anisotropic sizes are allowed. A volume without a known calibration has size 1 and unit "voxel".
/// </summary>
/// <remarks>
/// Equality and <see cref="IsIsotropic"/> compare edge lengths within a relative
/// <see cref="RelativeTolerance"/> of 1e-6 (units compare exactly, ordinal). Files store a voxel size
/// with rounding: TIFF as pixels per unit in a 32-bit rational (tifffile writes 0.390625 µm as
/// 4294967295/1677721600, relative error 2.3e-10), ImageJ/Fiji as an integer count of millionths of
/// pixels per unit (0.65 µm as 1538461/1000000 = 0.650000065 µm, relative error below 1e-6 for sizes
/// up to one unit), HDF5 often as float32 (half an ulp, 6e-8). A tolerance of 1e-6 makes these readings
/// equal to the size that was meant while staying a thousand times below the accuracy of any physical
/// calibration. MicroMorph's own writers round-trip sizes bit-exactly; the tolerance is for files
/// written elsewhere. Being a tolerance, the equality is not transitive over chains of near-equal
/// sizes, and the hash code depends on the unit only.
/// </remarks>
public readonly record struct VoxelSize
{
    public const string UncalibratedUnit = "voxel";

    /// <summary>Largest relative difference of two edge lengths that still count as equal (see the remarks).</summary>
    public const double RelativeTolerance = 1e-6;

    public VoxelSize(double x, double y, double z, string unit)
    {
        Check(x, nameof(X));
        Check(y, nameof(Y));
        Check(z, nameof(Z));
        if (string.IsNullOrWhiteSpace(unit))
        {
            throw MicroMorphException.Argument("InvalidVoxelUnit", "The voxel size unit must not be empty.", unit);
        }

        X = x;
        Y = y;
        Z = z;
        Unit = unit.Trim();
    }

    public VoxelSize(double isotropic, string unit)
        : this(isotropic, isotropic, isotropic, unit)
    {
    }

    public static VoxelSize Uncalibrated { get; } = new(1, 1, 1, UncalibratedUnit);

    public double X { get; }

    public double Y { get; }

    public double Z { get; }

    public string Unit { get; }

    /// <summary>True when the three edge lengths agree within <see cref="RelativeTolerance"/>.</summary>
    public bool IsIsotropic => AreClose(X, Y) && AreClose(Y, Z) && AreClose(X, Z);

    /// <summary>Physical volume of one voxel, in Unit^3.</summary>
    public double VoxelVolume => X * Y * Z;

    public VoxelSize WithUnit(string unit) => new(X, Y, Z, unit);

    /// <summary>
    /// True when the units are the same (ordinal) and each edge length agrees within
    /// <see cref="RelativeTolerance"/>; see the remarks of <see cref="VoxelSize"/>.
    /// </summary>
    public bool Equals(VoxelSize other) =>
        string.Equals(Unit, other.Unit, StringComparison.Ordinal) && AreClose(X, other.X) && AreClose(Y, other.Y) && AreClose(Z, other.Z);

    /// <summary>The unit's hash only: sizes equal within the tolerance must hash alike.</summary>
    public override int GetHashCode() => Unit is null ? 0 : StringComparer.Ordinal.GetHashCode(Unit);

    /// <summary>
    /// True when <paramref name="a"/> and <paramref name="b"/> differ by at most
    /// <see cref="RelativeTolerance"/> of the larger magnitude (exactly equal values always are).
    /// </summary>
    public static bool AreClose(double a, double b) =>
        a == b || Math.Abs(a - b) <= RelativeTolerance * Math.Max(Math.Abs(a), Math.Abs(b));

    public override string ToString() => IsIsotropic
        ? string.Create(CultureInfo.InvariantCulture, $"{X:G6} {Unit}")
        : string.Create(CultureInfo.InvariantCulture, $"{X:G6} x {Y:G6} x {Z:G6} {Unit}");

    /// <summary>Builds a voxel size from one (isotropic) or three (x, y, z) values.</summary>
    public static VoxelSize FromValues(IReadOnlyList<double> values, string unit)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Count switch
        {
            1 => new VoxelSize(values[0], unit),
            3 => new VoxelSize(values[0], values[1], values[2], unit),
            _ => throw MicroMorphException.Argument(
                "InvalidVoxelSize",
                $"A voxel size has one value (isotropic) or three (x, y, z); {values.Count} were given.",
                values),
        };
    }

    private static void Check(double value, string axis)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw MicroMorphException.Argument(
                "InvalidVoxelSize",
                string.Create(CultureInfo.InvariantCulture, $"The voxel size along {axis} must be a positive finite number; it is {value}."),
                value);
        }
    }
}
