using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Particles;

/// <summary>Size-class edges: class k is [edges[k], edges[k + 1]).</summary>
internal static class SizeClasses
{
    public static void Validate(IReadOnlyList<double> edges)
    {
        if (edges.Count < 2)
        {
            throw MicroMorphException.Argument("TooFewSizeClassEdges", $"Size classes need at least two edges (one class); got {edges.Count}.", edges);
        }

        for (int i = 0; i < edges.Count; i++)
        {
            if (!double.IsFinite(edges[i]) || edges[i] < 0)
            {
                throw MicroMorphException.Argument("InvalidSizeClassEdge", string.Create(CultureInfo.InvariantCulture, $"Size-class edges must be finite and non-negative; edge {i} is {edges[i]}."), edges);
            }

            if (i > 0 && !(edges[i] > edges[i - 1]))
            {
                throw MicroMorphException.Argument(
                    "SizeClassesNotIncreasing",
                    string.Create(CultureInfo.InvariantCulture, $"Size-class edges must increase strictly; edge {i} ({edges[i]}) is not above edge {i - 1} ({edges[i - 1]})."),
                    edges);
            }
        }
    }

    /// <summary>Index of the class holding <paramref name="size"/>, or -1 outside every class.</summary>
    public static int Find(IReadOnlyList<double> edges, double size)
    {
        if (!(size >= edges[0]) || size >= edges[^1])
        {
            return -1;
        }

        int lo = 0, hi = edges.Count - 1;
        while (hi - lo > 1)
        {
            int mid = (lo + hi) / 2;
            if (size >= edges[mid])
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    public static double SizeOf(ParticleMeasurement p, SizeMeasure measure) =>
        measure == SizeMeasure.Volume ? p.Volume : p.EquivalentDiameter;
}
