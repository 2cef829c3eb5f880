using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// Physical edge lengths of one voxel along x, y and z, and their unit (e.g. 20 x 20 x 20 nm).
/// Anisotropic sizes are allowed. A volume without a known calibration has size 1 and unit "voxel".
/// </summary>
public readonly record struct VoxelSize
{
    public const string UncalibratedUnit = "voxel";

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

    public bool IsIsotropic => X == Y && Y == Z;

    /// <summary>Physical volume of one voxel, in Unit^3.</summary>
    public double VoxelVolume => X * Y * Z;

    public VoxelSize WithUnit(string unit) => new(X, Y, Z, unit);

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
