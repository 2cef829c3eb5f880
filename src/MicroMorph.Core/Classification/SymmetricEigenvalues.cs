namespace MicroMorph.Core.Classification;

/// <summary>
/// Eigenvalues of real symmetric 2x2 and 3x3 matrices in closed form, descending (the order of
/// VIGRA's tensorEigenvalues, which ilastik's structure-tensor and Hessian features use).
/// 3x3: the trigonometric solution of the characteristic cubic (O. K. Smith, Comm. ACM 4, 168, 1961).
/// </summary>
public static class SymmetricEigenvalues
{
    /// <summary>Eigenvalues of [[a, b], [b, c]], first the larger.</summary>
    public static (double First, double Second) Of2x2(double a, double b, double c)
    {
        double mean = 0.5 * (a + c);
        double half = 0.5 * (a - c);
        double root = Math.Sqrt(half * half + b * b);
        return (mean + root, mean - root);
    }

    /// <summary>Eigenvalues of [[xx, xy, xz], [xy, yy, yz], [xz, yz, zz]], descending.</summary>
    public static (double First, double Second, double Third) Of3x3(double xx, double xy, double xz, double yy, double yz, double zz)
    {
        double offDiagonal = xy * xy + xz * xz + yz * yz;
        double q = (xx + yy + zz) / 3;
        double dx = xx - q, dy = yy - q, dz = zz - q;
        double p2 = dx * dx + dy * dy + dz * dz + 2 * offDiagonal;
        if (p2 <= 1e-30 * (q * q + 1e-300))
        {
            return (q, q, q);
        }

        double p = Math.Sqrt(p2 / 6);
        // r = det((A - qI) / p) / 2, in [-1, 1] up to rounding.
        double det = dx * (dy * dz - yz * yz) - xy * (xy * dz - yz * xz) + xz * (xy * yz - dy * xz);
        double r = det / (2 * p * p * p);
        r = Math.Clamp(r, -1, 1);
        double phi = Math.Acos(r) / 3;
        double c = Math.Cos(phi);
        double s = Math.Sqrt(Math.Max(0, 1 - c * c));

        // cos(phi + 2 pi / 3) = -c / 2 - s sqrt(3) / 2: the smallest root without a second cosine.
        double first = q + 2 * p * c;
        double third = q + 2 * p * (-0.5 * c - 0.8660254037844386 * s);
        double second = 3 * q - first - third;
        return (first, second, third);
    }
}
