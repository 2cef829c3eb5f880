using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Descriptors;

/// <summary>
/// ConstrictivityResult.Percolates (issue 18, item 8): whether a 6-connected path through the phase joins
/// the inlet face (coordinate 0 of the direction) to the outlet face, checked against a breadth-first flood.
/// </summary>
public class ConstrictivityPercolationTests
{
    private static readonly Phase Pore = RandomPhaseImage.TwoPhases[1];

    [Theory]
    [InlineData(FlowDirection.X, 0.25, 1)]
    [InlineData(FlowDirection.Y, 0.25, 2)]
    [InlineData(FlowDirection.Z, 0.25, 3)]
    [InlineData(FlowDirection.X, 0.32, 4)]
    [InlineData(FlowDirection.Y, 0.32, 5)]
    [InlineData(FlowDirection.Z, 0.32, 6)]
    [InlineData(FlowDirection.Z, 0.6, 7)]
    public void PercolatesIffAFloodFromTheInletReachesTheOutlet(FlowDirection direction, double porosity, int seed)
    {
        // Porosities around the site-percolation threshold of the cubic lattice (0.3116) give both answers.
        var image = RandomPhaseImage.Create(12, 10, 9, porosity, seed, new VoxelSize(1, "nm"));
        var result = ConstrictivityAnalysis.Compute(image, Pore, direction, ComputeOptions.Default);
        Assert.Equal(FloodReachesOutlet(image, Pore.Label, direction), result.Percolates);
    }

    [Theory]
    [InlineData(FlowDirection.Z, false)]
    [InlineData(FlowDirection.X, true)]
    [InlineData(FlowDirection.Y, true)]
    public void ASlabAtTheInletPercolatesOnlyAcrossItself(FlowDirection direction, bool expected)
    {
        // The pore fills z < 5 of 8 slices: every pore voxel is reached from z = 0 (RMin > 0), none reaches z = 7.
        var image = new PhaseImage(8, 8, 8, RandomPhaseImage.TwoPhases);
        for (int z = 0; z < 5; z++)
        {
            image.GetLabels(z).Fill(Pore.Label);
        }

        var result = ConstrictivityAnalysis.Compute(image, Pore, direction, ComputeOptions.Default);
        Assert.Equal(expected, result.Percolates);
        Assert.True(result.RMin > 0);
    }

    private static bool FloodReachesOutlet(PhaseImage image, byte label, FlowDirection direction)
    {
        int w = image.Width, h = image.Height, d = image.Depth;
        var seen = new bool[w, h, d];
        var queue = new Queue<(int X, int Y, int Z)>();
        bool Phase(int x, int y, int z) => image.GetLabels(z)[y * w + x] == label;
        int Coordinate(int x, int y, int z) => direction == FlowDirection.X ? x : direction == FlowDirection.Y ? y : z;
        int last = (direction == FlowDirection.X ? w : direction == FlowDirection.Y ? h : d) - 1;
        for (int z = 0; z < d; z++) for (int y = 0; y < h; y++) for (int x = 0; x < w; x++)
        {
            if (Coordinate(x, y, z) == 0 && Phase(x, y, z))
            {
                seen[x, y, z] = true;
                queue.Enqueue((x, y, z));
            }
        }

        while (queue.Count > 0)
        {
            var (x, y, z) = queue.Dequeue();
            if (Coordinate(x, y, z) == last)
            {
                return true;
            }

            foreach (var (a, b, c) in new[] { (x - 1, y, z), (x + 1, y, z), (x, y - 1, z), (x, y + 1, z), (x, y, z - 1), (x, y, z + 1) })
            {
                if (a >= 0 && b >= 0 && c >= 0 && a < w && b < h && c < d && !seen[a, b, c] && Phase(a, b, c))
                {
                    seen[a, b, c] = true;
                    queue.Enqueue((a, b, c));
                }
            }
        }

        return false;
    }
}
