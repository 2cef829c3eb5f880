using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

public class LocalThicknessTests
{
    private static readonly PhaseTable TwoPhases = RandomPhaseImage.TwoPhases;
    private static readonly Phase Pore = TwoPhases[1];

    private static PhaseImage Random(int w, int h, int d, double porosity, int seed, VoxelSize size) =>
        RandomPhaseImage.Create(w, h, d, porosity, seed, size);

    [Fact]
    public void EveryVoxelOfALargeBallIsCoveredByItsCentre()
    {
        // A ball of radius 52 voxels beside one of radius 6 (clipped at the volume's faces): the
        // covering radius of every voxel of each ball is the distance map at its centre.
        const int n = 120;
        var image = new PhaseImage(n, n, n, TwoPhases) { VoxelSize = new VoxelSize(0.5, "nm") };
        for (int z = 0; z < n; z++)
        {
            var labels = image.GetLabels(z);
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    bool big = Square(x - 60) + Square(y - 60) + Square(z - 60) <= 52 * 52;
                    bool small = Square(x - 3) + Square(y - 4) + Square(z - 115) <= 36;
                    labels[y * n + x] = big || small ? (byte)1 : (byte)0;
                }
            }
        }

        var edt = EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default);
        var lt = LocalThickness.Compute(edt, ComputeOptions.Default);
        double bigCentre = edt.GetValue(60, 60, 60), smallCentre = edt.GetValue(3, 4, 115);
        Assert.Equal(Math.Sqrt(2705) * 0.5, bigCentre, 5); // the nearest outside voxels: |d|^2 = 2705 and 37
        Assert.Equal(Math.Sqrt(37) * 0.5, smallCentre, 5);
        for (int z = 0; z < n; z++)
        {
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    double expected = image.GetLabels(z)[y * n + x] == 0 ? 0 : Square(x - 3) + Square(y - 4) + Square(z - 115) <= 36 ? smallCentre : bigCentre;
                    Assert.Equal(expected, lt.GetValue(x, y, z), 5);
                }
            }
        }

        static int Square(int v) => v * v;
    }

    [Fact]
    public void EveryVoxelOfADiskWiderThanTheCachedCutsIsCoveredByItsCentre()
    {
        // A cylinder of radius 131 voxels through three slices: its axis voxels' balls (k = 17 162, beyond
        // the lattice disks cached by rho, so cut row by row) reach every voxel of it, so the covering
        // radius is the distance map at the axis everywhere (the z faces are not background).
        const int n = 267, c = 133, radius = 131;
        var image = new PhaseImage(n, n, 3, TwoPhases);
        for (int z = 0; z < 3; z++)
        {
            var labels = image.GetLabels(z);
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    labels[y * n + x] = (x - c) * (x - c) + (y - c) * (y - c) <= radius * radius ? (byte)1 : (byte)0;
                }
            }
        }

        var edt = EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default);
        var lt = LocalThickness.Compute(edt, ComputeOptions.Default);
        double axis = edt.GetValue(c, c, 1);
        Assert.True(axis * axis > 16384, "the axis ball's cuts are wider than the cached disks");
        for (int z = 0; z < 3; z++)
        {
            for (int y = 0; y < n; y++)
            {
                for (int x = 0; x < n; x++)
                {
                    double expected = image.GetLabels(z)[y * n + x] == 0 ? 0 : axis;
                    Assert.Equal(expected, lt.GetValue(x, y, z), 5);
                }
            }
        }
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 0.85, 11)]
    [InlineData(1.0, 2.0, 1.5, 0.9, 12)]
    public void CoveringRadiusEqualsBruteForce(double sx, double sy, double sz, double porosity, int seed)
    {
        var image = Random(12, 10, 9, porosity, seed, new VoxelSize(sx, sy, sz, "nm"));
        var edt = EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default);
        var lt = LocalThickness.Compute(edt, ComputeOptions.Default);
        var vs = image.VoxelSize;
        for (int z = 0; z < 9; z++)
        {
            for (int y = 0; y < 10; y++)
            {
                for (int x = 0; x < 12; x++)
                {
                    // Definition: max R(c) over all centres c with |x - c| < R(c).
                    double best = 0;
                    for (int cz = 0; cz < 9; cz++)
                    {
                        for (int cy = 0; cy < 10; cy++)
                        {
                            for (int cx = 0; cx < 12; cx++)
                            {
                                double r = edt.GetValue(cx, cy, cz);
                                double dx = (x - cx) * vs.X, dy = (y - cy) * vs.Y, dz = (z - cz) * vs.Z;
                                if (dx * dx + dy * dy + dz * dz < LocalThickness.OpenBallSquared((float)r))
                                {
                                    best = Math.Max(best, r);
                                }
                            }
                        }
                    }

                    Assert.Equal(best, lt.GetValue(x, y, z), 5);
                }
            }
        }
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0, 51)]  // lattice radii: the exact containment tables two voxels away
    [InlineData(0.5, 0.5, 0.5, 52)]  // isotropic, radii off the lattice: the continuous rule
    [InlineData(0.7, 1.1, 0.9, 53)]  // anisotropic: one continuous table per offset
    public void CoveringRadiusOfLargePoresEqualsBruteForce(double sx, double sy, double sz, int seed)
    {
        // Pores between a few solid balls, with distances up to ~10 voxels: the centres pass through
        // FarContainers (balls reaching 4 voxels or more). Brute force: every phase voxel paints its own ball.
        const int w = 40, h = 36, d = 32;
        var rng = new Random(seed);
        var solids = Enumerable.Range(0, 14).Select(_ => (X: rng.Next(w), Y: rng.Next(h), Z: rng.Next(d), R: 4 + rng.Next(5))).ToArray();
        var image = new PhaseImage(w, h, d, TwoPhases) { VoxelSize = new VoxelSize(sx, sy, sz, "nm") };
        for (int z = 0; z < d; z++)
        {
            var labels = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    labels[y * w + x] = solids.Any(b => (x - b.X) * (x - b.X) + (y - b.Y) * (y - b.Y) + (z - b.Z) * (z - b.Z) <= b.R * b.R) ? (byte)0 : (byte)1;
                }
            }
        }

        var edt = EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default);
        var lt = LocalThickness.Compute(edt, ComputeOptions.Default);
        var vs = image.VoxelSize;
        var best = new double[w * h * d];
        for (int cz = 0; cz < d; cz++)
        {
            for (int cy = 0; cy < h; cy++)
            {
                for (int cx = 0; cx < w; cx++)
                {
                    float r = (float)edt.GetValue(cx, cy, cz);
                    if (r <= 0)
                    {
                        continue;
                    }

                    double open = LocalThickness.OpenBallSquared(r);
                    int rx = (int)Math.Ceiling(r / vs.X), ry = (int)Math.Ceiling(r / vs.Y), rz = (int)Math.Ceiling(r / vs.Z);
                    for (int z = Math.Max(0, cz - rz); z <= Math.Min(d - 1, cz + rz); z++)
                    {
                        for (int y = Math.Max(0, cy - ry); y <= Math.Min(h - 1, cy + ry); y++)
                        {
                            for (int x = Math.Max(0, cx - rx); x <= Math.Min(w - 1, cx + rx); x++)
                            {
                                double ddx = (x - cx) * vs.X, ddy = (y - cy) * vs.Y, ddz = (z - cz) * vs.Z;
                                int i = (z * h + y) * w + x;
                                if (ddx * ddx + ddy * ddy + ddz * ddz < open && r > best[i])
                                {
                                    best[i] = r;
                                }
                            }
                        }
                    }
                }
            }
        }

        Assert.True(best.Max() >= (FarContainers.MinimumReach + 1) * Math.Min(vs.X, Math.Min(vs.Y, vs.Z)), "some balls reach far enough for the two-voxel containment test");
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    Assert.Equal(best[(z * h + y) * w + x], lt.GetValue(x, y, z), 5);
                }
            }
        }
    }

    [Fact]
    public void EveryVoxelOfALargeAnisotropicBallIsCoveredByItsCentre()
    {
        // Voxels of 0.6 x 0.6 x 0.3 nm and a ball of radius 15 nm: 50 voxels along z, beyond the
        // cached balls, so its cuts are computed slice by slice with the physical metric.
        const int w = 56, h = 56, d = 106;
        const double sx = 0.6, sz = 0.3, radius = 15;
        var image = new PhaseImage(w, h, d, TwoPhases) { VoxelSize = new VoxelSize(sx, sx, sz, "nm") };
        bool Inside(int x, int y, int z) => Square((x - 28) * sx) + Square((y - 28) * sx) + Square((z - 53) * sz) <= radius * radius;
        for (int z = 0; z < d; z++)
        {
            var labels = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    labels[y * w + x] = Inside(x, y, z) ? (byte)1 : (byte)0;
                }
            }
        }

        var edt = EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default);
        var lt = LocalThickness.Compute(edt, ComputeOptions.Default);
        double centre = edt.GetValue(28, 28, 53);
        Assert.True(centre > radius, "the centre is farther than the radius from every outside voxel");
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    Assert.Equal(Inside(x, y, z) ? centre : 0, lt.GetValue(x, y, z), 5);
                }
            }
        }

        static double Square(double v) => v * v;
    }

    [Theory]
    [InlineData(1.0, 1.0, 1.0, true, false, 41)]   // lattice radii (s sqrt(k)): exact integer balls
    [InlineData(0.5, 0.5, 0.5, false, false, 42)]  // isotropic, radii off the lattice
    [InlineData(0.7, 1.1, 0.9, false, false, 43)]  // anisotropic
    [InlineData(1.0, 1.0, 1.0, true, true, 44)]    // with voxels at +infinity
    public void CoveringRadiusOfAPlateauMapEqualsBruteForce(double sx, double sy, double sz, bool lattice, bool infinity, int seed)
    {
        // Any radius map, not only a distance transform: plateaus of equal radii (as an intrusion
        // map has), isolated other values and zeros, on rows long enough for the vector paths.
        const int w = 37, h = 29, d = 23;
        var random = new Random(seed);
        var radii = Enumerable.Range(0, 8).Select(_ => lattice ? Math.Sqrt(random.Next(1, 13)) * sx : 0.4 + 2.8 * random.NextDouble()).ToArray();
        var cells = new int[7, 5, 4]; // plateaus of 6^3 voxels, wider than most balls
        for (int k = 0; k < cells.Length; k++)
        {
            cells[k % 7, k / 7 % 5, k / 35] = random.Next(-2, radii.Length);
        }

        var map = new VoxelStack(w, h, d, VoxelDataType.Float32) { VoxelSize = new VoxelSize(sx, sy, sz, "nm") };
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            int cell = random.NextDouble() < 0.1 ? random.Next(-2, radii.Length) : cells[x / 6, y / 6, z / 6];
            double value = cell < 0 ? 0 : radii[cell];
            if (infinity && random.NextDouble() < 0.01)
            {
                value = double.PositiveInfinity;
            }

            map.GetSlice<float>(z)[y * w + x] = (float)value;
        }

        var covering = LocalThickness.Compute(map, ComputeOptions.Default);
        var levels = RadiusLevels.Of(map, ComputeOptions.Default);
        Assert.Equal(lattice, levels.StepSquares is not null);
        var wide = LocalThickness.Ranks(levels.Ranks<uint>(map, ComputeOptions.Default), map, levels, ComputeOptions.Default);
        int reach = (int)Math.Ceiling(radii.Max() / Math.Min(sx, Math.Min(sy, sz)));
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            // Definition: max R(c) over finite centres c with |x - c| < R(c); a voxel at +infinity keeps its own radius.
            double own = map.GetValue(x, y, z), best = double.IsPositiveInfinity(own) ? own : 0;
            for (int cz = Math.Max(0, z - reach); cz < Math.Min(d, z + reach + 1); cz++) for (int cy = Math.Max(0, y - reach); cy < Math.Min(h, y + reach + 1); cy++) for (int cx = Math.Max(0, x - reach); cx < Math.Min(w, x + reach + 1); cx++)
            {
                double r = map.GetValue(cx, cy, cz);
                double dx = (x - cx) * sx, dy = (y - cy) * sy, dz = (z - cz) * sz;
                if (!double.IsPositiveInfinity(r) && dx * dx + dy * dy + dz * dz < LocalThickness.OpenBallSquared((float)r))
                {
                    best = Math.Max(best, r);
                }
            }

            Assert.Equal(best, covering.GetValue(x, y, z), 5);
            Assert.Equal(best, levels.Values[(int)wide[z][y * w + x]], 5);
        }
    }

    [Theory]
    [InlineData(40, 30, 1, 51)]  // a 2-D slice: no neighbours above or below
    [InlineData(19, 1, 23, 52)]  // one row per slice
    [InlineData(6, 5, 4, 0)]     // no phase at all (seed 0: all zeros)
    public void CoveringRadiusOfThinOrEmptyMapsEqualsBruteForce(int w, int h, int d, int seed)
    {
        var random = new Random(seed);
        var map = new VoxelStack(w, h, d, VoxelDataType.Float32);
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            map.GetSlice<float>(z)[y * w + x] = seed == 0 || random.NextDouble() < 0.3 ? 0 : (float)Math.Sqrt(random.Next(1, 20));
        }

        var covering = LocalThickness.Compute(map, ComputeOptions.Default);
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            double best = 0;
            for (int cz = 0; cz < d; cz++) for (int cy = 0; cy < h; cy++) for (int cx = 0; cx < w; cx++)
            {
                double r = map.GetValue(cx, cy, cz);
                double q = (double)(x - cx) * (x - cx) + (double)(y - cy) * (y - cy) + (double)(z - cz) * (z - cz);
                if (q < LocalThickness.OpenBallSquared((float)r))
                {
                    best = Math.Max(best, r);
                }
            }

            Assert.Equal(best, covering.GetValue(x, y, z), 5);
        }
    }

    [Theory]
    [InlineData(FlowDirection.X, 21, 1.0, 1.0)]
    [InlineData(FlowDirection.Y, 22, 1.0, 1.0)]
    [InlineData(FlowDirection.Z, 23, 1.0, 1.0)]
    [InlineData(FlowDirection.Z, 24, 0.1, 0.1)]  // isotropic, not exact in binary: levels from rounded squares
    [InlineData(FlowDirection.X, 25, 0.7, 1.3)]  // anisotropic: levels from the sorted distinct values
    public void IntrusionRadiusIsTheBottleneckFromTheInlet(FlowDirection direction, int seed, double spacing, double zSpacing)
    {
        var image = Random(14, 12, 10, 0.75, seed, new VoxelSize(spacing, spacing, zSpacing, "nm"));
        var edt = EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default);
        var fast = IntrusionRadius.Compute(edt, direction, ComputeOptions.Default);

        // Independent: relax I(v) = max(I(v), min(EDT(v), max of 6-neighbours' I)) to a fixed point.
        int w = 14, h = 12, d = 10;
        var slow = new double[w, h, d];
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            int onInlet = direction switch { FlowDirection.X => x, FlowDirection.Y => y, _ => z };
            slow[x, y, z] = onInlet == 0 ? edt.GetValue(x, y, z) : 0;
        }

        bool changed = true;
        while (changed)
        {
            changed = false;
            for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
            {
                double e = edt.GetValue(x, y, z);
                if (e <= 0)
                {
                    continue;
                }

                double best = 0;
                foreach (var (xx, yy, zz) in new[] { (x - 1, y, z), (x + 1, y, z), (x, y - 1, z), (x, y + 1, z), (x, y, z - 1), (x, y, z + 1) })
                {
                    if (xx >= 0 && yy >= 0 && zz >= 0 && xx < w && yy < h && zz < d)
                    {
                        best = Math.Max(best, slow[xx, yy, zz]);
                    }
                }

                double candidate = Math.Min(e, best);
                if (candidate > slow[x, y, z])
                {
                    slow[x, y, z] = candidate;
                    changed = true;
                }
            }
        }

        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            Assert.Equal(slow[x, y, z], fast.GetValue(x, y, z), 5);
        }

        // Both algorithms on ranks (the region graph used up to 2^31 voxels, the voxel flood beyond),
        // with 16- and 32-bit ranks, agree with the relaxation too.
        var levels = RadiusLevels.Of(edt, ComputeOptions.Default);
        var narrow = levels.Ranks<ushort>(edt, ComputeOptions.Default);
        var wide = levels.Ranks<uint>(edt, ComputeOptions.Default);
        var results = new[]
        {
            IntrusionByRegions.Ranks(narrow, edt, direction, levels.Values.Length, ComputeOptions.Default).Select(s => s.Select(v => (int)v).ToArray()).ToArray(),
            IntrusionByRegions.Ranks(wide, edt, direction, levels.Values.Length, ComputeOptions.Default).Select(s => s.Select(v => (int)v).ToArray()).ToArray(),
            IntrusionRadius.Flood(narrow, edt, direction, levels.Values.Length, default).Select(s => s.Select(v => (int)v).ToArray()).ToArray(),
        };
        foreach (var ranks in results)
        {
            for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
            {
                Assert.Equal(slow[x, y, z], levels.Values[ranks[z][y * w + x]], 5);
            }
        }
    }

    [Theory]
    [InlineData(FlowDirection.Z, 31, 1.0, 1.0, 13, 11, 10)]
    [InlineData(FlowDirection.X, 32, 1.0, 1.0, 13, 11, 10)]
    [InlineData(FlowDirection.Y, 33, 0.8, 1.4, 13, 11, 10)]
    [InlineData(FlowDirection.Z, 34, 1.0, 1.0, 38, 30, 26)] // rows long enough for the vector paths
    [InlineData(FlowDirection.X, 35, 0.9, 0.6, 41, 27, 22)]
    public void BothCurvesEqualBruteForceCoveringOfDistanceAndIntrusionBalls(FlowDirection direction, int seed, double spacing, double zSpacing, int w, int h, int d)
    {
        // Definition (001 Eq. 26 and Section 3.3): CPSD(r) = fraction of the phase covered by a ball
        // B(c, D(c)) with D(c) >= r; intrusion(r) the same with the balls B(c, I(c)), where I is the
        // bottleneck of D from the inlet (relaxed to a fixed point here, independently of the code).
        var image = Random(w, h, d, 0.7, seed, new VoxelSize(spacing, spacing, zSpacing, "nm"));
        var result = ConstrictivityAnalysis.Compute(image, Pore, direction, ComputeOptions.Default);
        var edt = EuclideanDistanceTransform.Compute(image, 1, false, ComputeOptions.Default);
        var vs = image.VoxelSize;
        var distance = new double[w, h, d];
        var intrusion = new double[w, h, d];
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            distance[x, y, z] = edt.GetValue(x, y, z);
            intrusion[x, y, z] = direction.CoordinateOf(x, y, z) == 0 ? distance[x, y, z] : 0;
        }

        for (bool changed = true; changed;)
        {
            changed = false;
            for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
            {
                foreach (var (xx, yy, zz) in new[] { (x - 1, y, z), (x + 1, y, z), (x, y - 1, z), (x, y + 1, z), (x, y, z - 1), (x, y, z + 1) })
                {
                    if (xx >= 0 && yy >= 0 && zz >= 0 && xx < w && yy < h && zz < d)
                    {
                        double candidate = Math.Min(distance[x, y, z], intrusion[xx, yy, zz]);
                        if (candidate > intrusion[x, y, z])
                        {
                            intrusion[x, y, z] = candidate;
                            changed = true;
                        }
                    }
                }
            }
        }

        // Centres farther than the largest radius cannot cover a voxel.
        int reach = (int)Math.Ceiling(distance.Cast<double>().Max() / Math.Min(spacing, zSpacing));
        long phaseVoxels = 0;
        var opened = new List<double>();
        var intruded = new List<double>();
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            if (distance[x, y, z] <= 0)
            {
                continue;
            }

            phaseVoxels++;
            double bestOpened = 0, bestIntruded = 0;
            for (int cz = Math.Max(0, z - reach); cz < Math.Min(d, z + reach + 1); cz++) for (int cy = Math.Max(0, y - reach); cy < Math.Min(h, y + reach + 1); cy++) for (int cx = Math.Max(0, x - reach); cx < Math.Min(w, x + reach + 1); cx++)
            {
                double dx = (x - cx) * vs.X, dy = (y - cy) * vs.Y, dz = (z - cz) * vs.Z, q = dx * dx + dy * dy + dz * dz;
                if (q < LocalThickness.OpenBallSquared((float)distance[cx, cy, cz]))
                {
                    bestOpened = Math.Max(bestOpened, distance[cx, cy, cz]);
                }

                if (q < LocalThickness.OpenBallSquared((float)intrusion[cx, cy, cz]))
                {
                    bestIntruded = Math.Max(bestIntruded, intrusion[cx, cy, cz]);
                }
            }

            opened.Add(bestOpened);
            intruded.Add(bestIntruded);
        }

        AssertCurve(opened, result.PoreSizeDistribution);
        AssertCurve(intruded, result.IntrusionCurve);
        Assert.True(result.IntrusionCurve.Count > 2, "the test volume should be intruded");

        void AssertCurve(List<double> covering, IReadOnlyList<CurvePoint> curve)
        {
            var radii = covering.Where(r => r > 0).Distinct().Order().ToArray();
            Assert.Equal(radii.Length + 1, curve.Count);
            Assert.Equal(covering.Count(r => r > 0) / (double)phaseVoxels, curve[0].Y, 12);
            for (int k = 0; k < radii.Length; k++)
            {
                Assert.Equal(radii[k], curve[k + 1].X, 5);
                Assert.Equal(covering.Count(r => r >= radii[k] - 1e-9) / (double)phaseVoxels, curve[k + 1].Y, 12);
            }
        }
    }

    [Theory]
    [InlineData(6)]
    [InlineData(10)]
    public void StraightCylindricalChannelHasRadiusRAndConstrictivityNearOne(int radius)
    {
        int size = 2 * radius + 8, length = 40;
        var image = new PhaseImage(size, size, length, TwoPhases) { VoxelSize = new VoxelSize(2, "nm") };
        double c = (size - 1) / 2.0;
        for (int z = 0; z < length; z++)
        {
            var s = image.GetLabels(z);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    if ((x - c) * (x - c) + (y - c) * (y - c) <= radius * radius)
                    {
                        s[y * size + x] = 1;
                    }
                }
            }
        }

        var result = ConstrictivityAnalysis.Compute(image, Pore, FlowDirection.Z, ComputeOptions.Default);
        Assert.InRange(result.RMax, 2.0 * (radius - 1), 2.0 * (radius + 1));
        Assert.InRange(result.RMin, 2.0 * (radius - 1), 2.0 * (radius + 1));
        Assert.True(result.Constrictivity >= 0.9, $"beta = {result.Constrictivity}");
        Assert.True(result.Constrictivity <= 1.0 + 1e-12);
        Assert.Equal("nm", result.Unit);
    }

    [Fact]
    public void NarrowThroatSetsRMinAndLowersConstrictivity()
    {
        // A short wide chamber (z 0-11), a radius-3 throat (z 12-19) and a long wide chamber
        // (z 20-47), both chambers radius-12 discs, intruded along z.
        int size = 32, length = 48;
        var image = new PhaseImage(size, size, length, TwoPhases);
        double c = (size - 1) / 2.0;
        for (int z = 0; z < length; z++)
        {
            double r = z is >= 12 and < 20 ? 3 : 12;
            var s = image.GetLabels(z);
            for (int y = 0; y < size; y++)
            {
                for (int x = 0; x < size; x++)
                {
                    if ((x - c) * (x - c) + (y - c) * (y - c) <= r * r)
                    {
                        s[y * size + x] = 1;
                    }
                }
            }
        }

        var result = ConstrictivityAnalysis.Compute(image, Pore, FlowDirection.Z, ComputeOptions.Default);
        Assert.InRange(result.RMax, 10, 14);
        // About 70 % of the pore volume lies beyond the throat, so reaching 50 % needs passing it.
        Assert.InRange(result.RMin, 2, 5);
        Assert.True(result.Constrictivity < 0.25, $"beta = {result.Constrictivity}");
        // The intrusion curve never exceeds the CPSD (intruded set is inside the opening).
        foreach (var p in result.IntrusionCurve.Where(p => p.X > 0))
        {
            double cpsd = result.PoreSizeDistribution.Last(q => q.X <= p.X).Y;
            Assert.True(p.Y <= cpsd + 1e-12);
        }
    }

    [Fact]
    public void EmptyPhaseAndShortDirectionAreRefused()
    {
        var image = new PhaseImage(8, 8, 1, TwoPhases);
        var ex = Assert.Throws<MicroMorph.Core.Errors.MicroMorphException>(() => ConstrictivityAnalysis.Compute(image, Pore, FlowDirection.X, ComputeOptions.Default));
        Assert.Equal("EmptyPhase", ex.ErrorId);
        Assert.Equal("DirectionTooShort", Assert.Throws<MicroMorph.Core.Errors.MicroMorphException>(() => ConstrictivityAnalysis.Compute(image, Pore, FlowDirection.Z, ComputeOptions.Default)).ErrorId);
    }
}
