using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Mixing;

/// <summary>
/// Builds an <see cref="AggregateMap"/> from a carbon map and a silicon map (000 Section 2.2: two
/// separately segmented images of one aggregate). Binary maps (values 0 and one other value) need
/// no threshold; grey maps need one (foreground = value >= threshold) and are refused without it.
/// </summary>
public static class AggregateMapBuilder
{
    public static AggregateMap FromElementMaps(VoxelStack carbon, VoxelStack silicon, double? carbonThreshold, double? siliconThreshold, string name = "")
    {
        ArgumentNullException.ThrowIfNull(carbon);
        ArgumentNullException.ThrowIfNull(silicon);
        if (!carbon.IsTwoDimensional || !silicon.IsTwoDimensional)
        {
            throw MicroMorphException.Argument("MapNotTwoDimensional", $"Element maps must be 2D images; got {carbon.Dimensions} and {silicon.Dimensions}.", carbon.IsTwoDimensional ? silicon : carbon);
        }

        if (carbon.Width != silicon.Width || carbon.Height != silicon.Height)
        {
            throw MicroMorphException.Argument("MapSizeMismatch", $"The carbon map ({carbon.Width} x {carbon.Height}) and the silicon map ({silicon.Width} x {silicon.Height}) differ in size.", silicon);
        }

        bool[] c = Foreground(carbon, carbonThreshold, "carbon");
        bool[] s = Foreground(silicon, siliconThreshold, "silicon");
        var classes = new byte[c.Length];
        for (int i = 0; i < classes.Length; i++)
        {
            classes[i] = (byte)((c[i] ? 1 : 0) | (s[i] ? 2 : 0));
        }

        var voxel = carbon.VoxelSize;
        return new AggregateMap(carbon.Width, carbon.Height, classes, voxel.X, voxel.Unit, name);
    }

    /// <summary>The foreground of one element map: value >= threshold, or value != 0 for a binary map.</summary>
    public static bool[] Foreground(VoxelStack map, double? threshold, string element)
    {
        int n = checked(map.Width * map.Height);
        var values = new double[n];
        for (int y = 0, i = 0; y < map.Height; y++)
        {
            for (int x = 0; x < map.Width; x++, i++)
            {
                values[i] = map.GetValue(x, y, 0);
            }
        }

        var result = new bool[n];
        if (threshold is double t)
        {
            if (double.IsNaN(t))
            {
                throw MicroMorphException.Argument("InvalidThreshold", $"The {element} threshold must be a number.", threshold);
            }

            for (int i = 0; i < n; i++)
            {
                result[i] = values[i] >= t;
            }

            return result;
        }

        double other = 0;
        for (int i = 0; i < n; i++)
        {
            double v = values[i];
            if (v == 0)
            {
                continue;
            }

            if (other == 0)
            {
                other = v;
            }
            else if (v != other)
            {
                throw MicroMorphException.Argument(
                    "MapNotBinary",
                    string.Create(CultureInfo.InvariantCulture, $"The {element} map{Source(map)} is not binary (values {other} and {v} besides 0): give a threshold (-Threshold) to segment it."),
                    map);
            }

            result[i] = true;
        }

        return result;
    }

    private static string Source(VoxelStack map) => string.IsNullOrEmpty(map.Source) ? string.Empty : $" '{map.Source}'";
}
