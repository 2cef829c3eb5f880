using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Filtering;

/// <summary>Illumination correction: a flat stack times a known multiplicative surface must come back flat.</summary>
public class IlluminationCorrectionTests
{
    private const int W = 40, H = 30, D = 12;

    /// <summary>
    /// Three grey levels (pore 50, binder 100, active material 200) plus noise; every line along
    /// the projection axis holds an exact pore voxel, so the minimum projection of the flat stack is 50.
    /// </summary>
    private static float[,,] Flat(int seed, SliceAxis axis)
    {
        var rng = new Random(seed);
        var f = new float[W, H, D];
        for (int z = 0; z < D; z++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    double u = rng.NextDouble();
                    f[x, y, z] = (float)((u < 0.3 ? 50 : u < 0.6 ? 100 : 200) + (10 * rng.NextDouble()));
                }
            }
        }

        for (int a = 0; a < W; a++)
        {
            for (int b = 0; b < H; b++)
            {
                for (int c = 0; c < D; c++)
                {
                    bool pore = axis switch { SliceAxis.Z => c == (a + b) % D, SliceAxis.Y => b == (a + (3 * c)) % H, _ => a == ((7 * b) + c) % W };
                    if (pore)
                    {
                        f[a, b, c] = 50;
                    }
                }
            }
        }

        return f;
    }

    private static VoxelStack Stack(float[,,] flat, Func<int, int, int, double> illumination)
    {
        var s = new VoxelStack(W, H, D, VoxelDataType.Float32) { VoxelSize = new VoxelSize(0.01, 0.01, 0.02, "µm") };
        for (int z = 0; z < D; z++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    s.SetValue(x, y, z, flat[x, y, z] * illumination(x, y, z));
                }
            }
        }

        return s;
    }

    /// <summary>The largest relative deviation of corrected / flat from its mean (0 for a perfect correction up to a constant).</summary>
    private static double Spread(VoxelStack corrected, float[,,] flat)
    {
        double min = double.MaxValue, max = 0;
        for (int z = 0; z < D; z++)
        {
            for (int y = 0; y < H; y++)
            {
                for (int x = 0; x < W; x++)
                {
                    double r = corrected.GetValue(x, y, z) / flat[x, y, z];
                    min = Math.Min(min, r);
                    max = Math.Max(max, r);
                }
            }
        }

        return (max - min) / (max + min) * 2;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void RampRecoversTheFlatStackExactlyWithoutSmoothing(int threads)
    {
        // 001's tilted sections: darker towards the bottom (large y), constant along x.
        var flat = Flat(1, SliceAxis.Z);
        var stack = Stack(flat, (x, y, z) => 1.0 - (0.4 * y / (H - 1)));
        var options = new ComputeOptions { MaxDegreeOfParallelism = threads };
        Assert.True(Spread(stack, flat) > 0.3);
        var corrected = IlluminationCorrection.Apply(stack, IlluminationModel.Ramp, 0, SliceAxis.Z, options);
        Assert.True(Spread(corrected, flat) < 1e-5, $"spread {Spread(corrected, flat)}");
        Assert.Equal(VoxelDataType.Float32, corrected.DataType);

        // The surface is normalised to mean 1, so the corrected values keep their scale: the mean of
        // the ramp 1 - 0.4 t over t in [0, 1] is 0.8.
        Assert.Equal(flat[5, 5, 5] * 0.8, corrected.GetValue(5, 5, 5), 1e-3);
    }

    [Fact]
    public void SmoothingBeforeTheFitAsIn001StaysWithinHalfAPercent()
    {
        // sigma 0.02 µm = 2 pixels; the mirrored borders bend the smoothed ramp within the kernel
        // radius (8 pixels, here cut to a quarter of the extent), so the fit skips that band.
        var flat = Flat(2, SliceAxis.Z);
        var stack = Stack(flat, (x, y, z) => 1.0 - (0.4 * y / (H - 1)));
        var corrected = IlluminationCorrection.Apply(stack, IlluminationModel.Ramp, 0.02, SliceAxis.Z, ComputeOptions.Default);
        Assert.True(Spread(corrected, flat) < 5e-3, $"spread {Spread(corrected, flat)}");
    }

    [Fact]
    public void PlaneAndQuadraticRecoverTheirSurfaces()
    {
        var flat = Flat(3, SliceAxis.Z);
        var plane = Stack(flat, (x, y, z) => 0.6 + (0.01 * x) + (0.005 * y));
        Assert.True(Spread(IlluminationCorrection.Apply(plane, IlluminationModel.Plane, 0, SliceAxis.Z, ComputeOptions.Default), flat) < 1e-5);
        Assert.True(Spread(IlluminationCorrection.Apply(plane, IlluminationModel.Ramp, 0, SliceAxis.Z, ComputeOptions.Default), flat) > 0.2); // a ramp cannot follow x

        var curved = Stack(flat, (x, y, z) => 1.2 - (0.0004 * (x - 15) * (x - 15)) + (0.0002 * x * y) - (0.0003 * y * y));
        Assert.True(Spread(IlluminationCorrection.Apply(curved, IlluminationModel.Quadratic, 0, SliceAxis.Z, ComputeOptions.Default), flat) < 1e-5);

        // The smoothed projection itself follows any smooth surface, up to the smoothing.
        var smooth = Stack(flat, (x, y, z) => 1 + (0.2 * Math.Sin(x / 10.0)) + (0.1 * Math.Cos(y / 8.0)));
        Assert.True(Spread(IlluminationCorrection.Apply(smooth, IlluminationModel.Smoothed, 0.01, SliceAxis.Z, ComputeOptions.Default), flat) < 0.02);
    }

    [Fact]
    public void ProjectsAlongTheGivenAxis()
    {
        // Sections perpendicular to x: the surface lives on (y, z) and the ramp runs along z.
        var flat = Flat(4, SliceAxis.X);
        var stack = Stack(flat, (x, y, z) => 1.0 + (0.5 * z / (D - 1)));
        Assert.True(Spread(IlluminationCorrection.Apply(stack, IlluminationModel.Ramp, 0, SliceAxis.X, ComputeOptions.Default), flat) < 1e-5);
        var flatY = Flat(5, SliceAxis.Y);
        var stackY = Stack(flatY, (x, y, z) => 1.0 + (0.01 * x) - (0.02 * z));
        Assert.True(Spread(IlluminationCorrection.Apply(stackY, IlluminationModel.Plane, 0, SliceAxis.Y, ComputeOptions.Default), flatY) < 1e-5);
    }

    [Fact]
    public void BadInputIsRefused()
    {
        var flat = Flat(6, SliceAxis.Z);
        var stack = Stack(flat, (x, y, z) => 1);
        Assert.Equal("InvalidSigma", Assert.Throws<MicroMorphException>(() => IlluminationCorrection.Apply(stack, IlluminationModel.Smoothed, 0, SliceAxis.Z, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidSigma", Assert.Throws<MicroMorphException>(() => IlluminationCorrection.Apply(stack, IlluminationModel.Ramp, -1, SliceAxis.Z, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidSigma", Assert.Throws<MicroMorphException>(() => IlluminationCorrection.Apply(stack, IlluminationModel.Ramp, double.NaN, SliceAxis.Z, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidSigma", Assert.Throws<MicroMorphException>(() => IlluminationCorrection.Apply(stack, IlluminationModel.Smoothed, 1e6, SliceAxis.Z, ComputeOptions.Default)).ErrorId);
        var dark = Stack(flat, (x, y, z) => 0); // a black stack: nothing to divide by
        Assert.Equal("NonPositiveIllumination", Assert.Throws<MicroMorphException>(() => IlluminationCorrection.Apply(dark, IlluminationModel.Smoothed, 0.01, SliceAxis.Z, ComputeOptions.Default)).ErrorId);
        var nan = Stack(flat, (x, y, z) => 1);
        nan.SetValue(3, 3, 3, double.NaN);
        Assert.Equal("NaNGreyValue", Assert.Throws<MicroMorphException>(() => IlluminationCorrection.Apply(nan, IlluminationModel.Ramp, 0, SliceAxis.Z, ComputeOptions.Default)).ErrorId);
        var single = new VoxelStack(5, 5, 1, VoxelDataType.UInt8);
        Assert.Equal("ProjectionAxisTooShort", Assert.Throws<MicroMorphException>(() => IlluminationCorrection.Apply(single, IlluminationModel.Ramp, 0, SliceAxis.X, ComputeOptions.Default)).ErrorId);
    }
}
