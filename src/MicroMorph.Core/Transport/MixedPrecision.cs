using System.Runtime.CompilerServices;

namespace MicroMorph.Core.Transport;

/// <summary>
/// Loads and stores of the solver's vector elements, which are float32 or float64 (issue 21: the conjugate-gradient
/// vectors of the tortuosity solve are float32, every product and sum is formed in float64 and rounded once on the
/// store). The type tests are constants for each instantiation, so the JIT keeps one conversion instruction.
/// </summary>
internal static class MixedPrecision
{
    /// <summary>The element as float64 (exact for float32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Load<T>(T value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            return Unsafe.As<T, float>(ref value);
        }

        if (typeof(T) == typeof(double))
        {
            return Unsafe.As<T, double>(ref value);
        }

        throw new NotSupportedException($"Vector elements are float or double, not {typeof(T).Name}.");
    }

    /// <summary>A float64 value as an element (rounded to nearest for float32).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Store<T>(double value)
        where T : unmanaged
    {
        if (typeof(T) == typeof(float))
        {
            float f = (float)value;
            return Unsafe.As<float, T>(ref f);
        }

        if (typeof(T) == typeof(double))
        {
            return Unsafe.As<double, T>(ref value);
        }

        throw new NotSupportedException($"Vector elements are float or double, not {typeof(T).Name}.");
    }
}
