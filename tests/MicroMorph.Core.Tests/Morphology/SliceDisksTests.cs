using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Morphology;

/// <summary>
/// The slice-disk containment of the covering-radius painting (<see cref="SliceDisks"/>): its lattice
/// tables against enumeration, and whole covering maps of large lattice balls (disks wide enough to be
/// tested) against painting every voxel's ball.
/// </summary>
public class SliceDisksTests
{
    private static readonly PhaseTable TwoPhases = RandomPhaseImage.TwoPhases;

    [Theory]
    [InlineData(1, 0)]
    [InlineData(1, 1)]
    [InlineData(2, 0)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    public void FarthestIsTheFarthestShiftedPointOfTheLatticeDisk(int a, int b)
    {
        const int maxRho = 400;
        var table = RadiusLevels.FarthestShifted(maxRho, a, b, 0, planar: true);
        for (int rho = 1; rho <= maxRho; rho++)
        {
            // Every offset e with these absolute components (signs, swapped axes): the table serves them all.
            foreach (var (ex, ey) in new[] { (a, b), (-a, b), (a, -b), (-a, -b), (b, a), (-b, a), (b, -a), (-b, -a) })
            {
                long farthest = 0;
                for (int dy = -21; dy <= 21; dy++)
                {
                    for (int dx = -21; dx <= 21; dx++)
                    {
                        if (dx * dx + dy * dy < rho)
                        {
                            farthest = Math.Max(farthest, (dx + ex) * (dx + ex) + (dy + ey) * (dy + ey));
                        }
                    }
                }

                Assert.Equal(farthest, table[rho]);
            }
        }
    }

    [Theory]
    [InlineData(61)]
    [InlineData(62)]
    [InlineData(63)]
    public void CoveringRadiusOfLargeLatticePoresEqualsBruteForce(int seed)
    {
        // Pores made of overlapping balls of radius 8-14 voxels (as bigballs_256, smaller): the distance
        // map has the lattice noise of many near-equal centres whose slice disks are skipped, some at the faces.
        const int w = 48, h = 44, d = 40;
        var rng = new Random(seed);
        var pores = Enumerable.Range(0, 9).Select(_ => (X: rng.Next(w), Y: rng.Next(h), Z: rng.Next(d), R: 8 + rng.Next(7))).ToArray();
        var image = new PhaseImage(w, h, d, TwoPhases) { VoxelSize = new VoxelSize(1, "nm") };
        for (int z = 0; z < d; z++)
        {
            var labels = image.GetLabels(z);
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    labels[y * w + x] = pores.Any(b => (x - b.X) * (x - b.X) + (y - b.Y) * (y - b.Y) + (z - b.Z) * (z - b.Z) <= b.R * b.R) ? (byte)1 : (byte)0;
                }
            }
        }

        var edt = EuclideanDistanceTransform.Compute(image, 1, true, ComputeOptions.Default);
        Assert.NotNull(RadiusLevels.Of(edt, ComputeOptions.Default).StepSquares);
        Assert.True(Enumerable.Range(0, d).Max(z => edt.GetSlice<float>(z).ToArray().Max()) >= 9, "some disks are wide enough to be tested");
        AssertEqualsBruteForce(edt);
    }

    [Theory]
    [InlineData(71)]
    [InlineData(72)]
    public void CoveringRadiusOfLargeLatticePlateausEqualsBruteForce(int seed)
    {
        // Any radius map: plateaus of equal lattice radii (sqrt(k), k = 64..220: the ties of equal rank in
        // one column, broken by the centre's slice), isolated other values and many zeros.
        const int w = 41, h = 37, d = 33;
        var random = new Random(seed);
        var radii = Enumerable.Range(0, 6).Select(_ => Math.Sqrt(random.Next(64, 221))).ToArray();
        var cells = new int[6, 5, 5]; // plateaus of 8^3 voxels
        for (int k = 0; k < cells.Length; k++)
        {
            cells[k % 6, k / 6 % 5, k / 30] = random.Next(-6, radii.Length);
        }

        var map = new VoxelStack(w, h, d, VoxelDataType.Float32) { VoxelSize = new VoxelSize(1, "nm") };
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            int cell = random.NextDouble() < 0.05 ? random.Next(-6, radii.Length) : cells[x / 8, y / 8, z / 8];
            map.GetSlice<float>(z)[y * w + x] = cell < 0 ? 0 : (float)radii[cell];
        }

        Assert.NotNull(RadiusLevels.Of(map, ComputeOptions.Default).StepSquares);
        AssertEqualsBruteForce(map);
    }

    [Theory]
    [InlineData(80, 0.015)]
    [InlineData(81, 0.04)]
    [InlineData(82, 0.1)]
    [InlineData(83, 0.25)]
    public void CoveringRadiusOfScatteredLargeBallsEqualsBruteForce(int seed, double density)
    {
        // Isolated centres of random lattice radii sqrt(k), k = 64..220: few balls cover the same voxel,
        // so a disk skipped for a container that does not hold it shows in the map.
        const int w = 40, h = 38, d = 36;
        var random = new Random(seed);
        var map = new VoxelStack(w, h, d, VoxelDataType.Float32) { VoxelSize = new VoxelSize(1, "nm") };
        for (int z = 0; z < d; z++) for (int i = 0; i < w * h; i++)
        {
            map.GetSlice<float>(z)[i] = random.NextDouble() < density ? (float)Math.Sqrt(random.Next(64, 221)) : 0;
        }

        AssertEqualsBruteForce(map);
    }

    /// <summary>Every voxel's covering radius against painting the open ball of every phase voxel (isotropic unit voxels).</summary>
    private static void AssertEqualsBruteForce(VoxelStack map)
    {
        int w = map.Width, h = map.Height, d = map.Depth;
        var covering = LocalThickness.Compute(map, ComputeOptions.Default);
        var best = new double[w * h * d];
        for (int cz = 0; cz < d; cz++) for (int cy = 0; cy < h; cy++) for (int cx = 0; cx < w; cx++)
        {
            float r = map.GetSlice<float>(cz)[cy * w + cx];
            if (r <= 0)
            {
                continue;
            }

            int reach = (int)Math.Ceiling(r);
            double open = LocalThickness.OpenBallSquared(r);
            for (int z = Math.Max(0, cz - reach); z <= Math.Min(d - 1, cz + reach); z++) for (int y = Math.Max(0, cy - reach); y <= Math.Min(h - 1, cy + reach); y++)
            {
                int rest = (z - cz) * (z - cz) + (y - cy) * (y - cy);
                for (int x = Math.Max(0, cx - reach); x <= Math.Min(w - 1, cx + reach); x++)
                {
                    int i = (z * h + y) * w + x;
                    if (rest + (x - cx) * (x - cx) < open && r > best[i])
                    {
                        best[i] = r;
                    }
                }
            }
        }

        for (int z = 0; z < d; z++)
        {
            var slice = covering.GetSlice<float>(z);
            for (int i = 0; i < w * h; i++)
            {
                if (best[z * w * h + i] != slice[i])
                {
                    Assert.Fail($"voxel ({i % w}, {i / w}, {z}): covering radius {slice[i]}, brute force {best[z * w * h + i]}");
                }
            }
        }
    }
}
