using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Tests.Filtering;

/// <summary>RemoveSmallComponents and FillHoles: hand-built cases and SciPy's ndimage as the independent peer.</summary>
public class ComponentFilterTests
{
    private static readonly PhaseTable ThreePhases = new([new Phase(0, "Pore", default), new Phase(1, "Graphite", default), new Phase(2, "CBD", default)]);

    private static PhaseImage Empty(int w, int h, int d) => new(w, h, d, ThreePhases) { VoxelSize = new VoxelSize(1, 1, 1, "µm") };

    private static void Box(PhaseImage image, int x0, int y0, int z0, int nx, int ny, int nz, byte label)
    {
        for (int z = z0; z < z0 + nz; z++)
        {
            for (int y = y0; y < y0 + ny; y++)
            {
                for (int x = x0; x < x0 + nx; x++)
                {
                    image.GetLabels(z)[(y * image.Width) + x] = label;
                }
            }
        }
    }

    private static long CountOf(PhaseImage image, byte label) =>
        Enumerable.Range(0, image.Depth).Sum(z => (long)image.GetLabels(z).ToArray().Count(b => b == label));

    [Fact]
    public void SmallComponentsTakeTheirSurroundingsOrTheReplacement()
    {
        // Left half CBD, right half pore; a 2x2x2 graphite cube inside the CBD, a 3x3x3 cube inside
        // the pore, and two graphite voxels touching only at a corner inside the pore.
        var image = Empty(20, 10, 10);
        Box(image, 0, 0, 0, 10, 10, 10, 2);
        Box(image, 3, 3, 3, 2, 2, 2, 1);
        Box(image, 13, 3, 3, 3, 3, 3, 1);
        Box(image, 14, 8, 8, 1, 1, 1, 1);
        Box(image, 15, 9, 9, 1, 1, 1, 1);
        var graphite = ThreePhases[1];

        var r = SmallComponentRemoval.Apply(image, graphite, 10, 26, null, ComputeOptions.Default);
        Assert.Equal(27, CountOf(r, 1));
        Assert.Equal(2, r.GetLabel(3, 3, 3)); // the cube in the CBD became CBD
        Assert.Equal(0, r.GetLabel(14, 8, 8)); // the corner pair in the pore became pore
        Assert.Equal(1000, CountOf(r, 2));

        // The corner pair is one component of 2 voxels with 26-connectivity, two of 1 with 6.
        Assert.Equal(2 + 8 + 27, CountOf(SmallComponentRemoval.Apply(image, graphite, 2, 26, null, ComputeOptions.Default), 1));
        Assert.Equal(8 + 27, CountOf(SmallComponentRemoval.Apply(image, graphite, 2, 6, null, ComputeOptions.Default), 1));

        // With a replacement every removed voxel becomes it; the threshold is "fewer than".
        var p = SmallComponentRemoval.Apply(image, graphite, 27, 26, ThreePhases[0], ComputeOptions.Default);
        Assert.Equal(27, CountOf(p, 1));
        Assert.Equal(0, p.GetLabel(3, 3, 3));
        Assert.Equal(992, CountOf(p, 2));
        Assert.Equal(0, CountOf(SmallComponentRemoval.Apply(image, graphite, 28, 26, ThreePhases[0], ComputeOptions.Default), 1));
    }

    [Fact]
    public void SurroundingsAreTheMajorityOfFaceContacts()
    {
        // A 1x1x4 graphite rod: 3 of its voxels lie in CBD, 1 in pore; its 18 faces touch 13 CBD
        // voxel faces (3 x 4 sides plus an end) and 5 pore faces (4 sides plus an end), so CBD wins.
        var image = Empty(9, 9, 9);
        Box(image, 0, 0, 0, 9, 9, 6, 2);
        Box(image, 4, 4, 3, 1, 1, 4, 1);
        var r = SmallComponentRemoval.Apply(image, ThreePhases[1], 5, 6, null, ComputeOptions.Default);
        Assert.Equal(0, CountOf(r, 1));
        Assert.Equal(2, r.GetLabel(4, 4, 6));
    }

    [Fact]
    public void HolesEnclosedByThePhaseAreFilledAndOpenOnesAreNot()
    {
        // A hollow graphite box (cavity 3x3x3 holding pore and a CBD voxel) and a hollow box with a
        // tunnel to the face; a one-slice ring is filled in 2-D.
        var image = Empty(16, 8, 8);
        Box(image, 1, 1, 1, 5, 5, 5, 1);
        Box(image, 2, 2, 2, 3, 3, 3, 0);
        Box(image, 3, 3, 3, 1, 1, 1, 2);
        Box(image, 9, 1, 1, 5, 5, 5, 1);
        Box(image, 10, 2, 2, 3, 3, 3, 0);
        Box(image, 11, 0, 3, 1, 2, 1, 0); // tunnel through the wall at y = 1 to the face y = 0
        long before = CountOf(image, 1);
        var r = HoleFilling.Apply(image, ThreePhases[1], 6, ComputeOptions.Default);
        Assert.Equal(before + 27, CountOf(r, 1));
        Assert.Equal(1, r.GetLabel(3, 3, 3));
        Assert.Equal(0, r.GetLabel(11, 3, 3));

        // A cavity connected to the outside only through an edge (diagonal) is a hole for
        // 6-connectivity of the complement but not for 18.
        var e = Empty(7, 7, 7);
        Box(e, 1, 1, 1, 5, 5, 5, 1);
        Box(e, 2, 2, 2, 3, 3, 3, 0);
        Box(e, 1, 1, 3, 1, 1, 1, 0); // wall voxel at an edge of the box replaced by pore: touches the cavity only diagonally
        Assert.Equal(0, e.GetLabel(1, 1, 3));
        Assert.Equal(CountOf(e, 1) + 27, CountOf(HoleFilling.Apply(e, ThreePhases[1], 6, ComputeOptions.Default), 1));
        Assert.Equal(CountOf(e, 1), CountOf(HoleFilling.Apply(e, ThreePhases[1], 18, ComputeOptions.Default), 1));

        var ring = Empty(7, 7, 1);
        Box(ring, 1, 1, 0, 5, 5, 1, 1);
        Box(ring, 2, 2, 0, 3, 3, 1, 0);
        Assert.Equal(25, CountOf(HoleFilling.Apply(ring, ThreePhases[1], 6, ComputeOptions.Default), 1));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void EqualScipyLabelAndBinaryFillHoles(int threads)
    {
        // Three random phases (graphite 35 %): components of all sizes, many enclosed voxels.
        const int W = 23, H = 19, D = 17;
        var rng = new Random(7);
        var image = Empty(W, H, D);
        for (int z = 0; z < D; z++)
        {
            var s = image.GetLabels(z);
            for (int i = 0; i < s.Length; i++)
            {
                double u = rng.NextDouble();
                s[i] = u < 0.35 ? (byte)1 : u < 0.7 ? (byte)2 : (byte)0;
            }
        }

        using var tmp = new TempFolder();
        string path = tmp.File("in.u8");
        using (var f = File.Create(path))
        {
            for (int z = 0; z < D; z++)
            {
                f.Write(image.GetLabels(z));
            }
        }

        string? output = PeerPython.Run(
            """
            import sys, numpy as np
            from scipy import ndimage
            v = np.fromfile(sys.argv[1], dtype=np.uint8).reshape(17, 19, 23)
            g = v == 1
            for conn, minimum in [(1, 3), (3, 4), (3, 12), (2, 2)]:
                lab, n = ndimage.label(g, structure=ndimage.generate_binary_structure(3, conn))
                sizes = np.bincount(lab.ravel())
                r = v.copy()
                r[g & (sizes[lab] < minimum)] = 0
                print(''.join(str(t) for t in r.ravel()))
            for conn in [1, 2, 3]:
                r = v.copy()
                r[ndimage.binary_fill_holes(g, structure=ndimage.generate_binary_structure(3, conn))] = 1
                print(''.join(str(t) for t in r.ravel()))
            """,
            path);
        if (output is null)
        {
            return; // no SciPy on this machine
        }

        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var options = new ComputeOptions { MaxDegreeOfParallelism = threads };
        var ours = new List<PhaseImage>
        {
            SmallComponentRemoval.Apply(image, ThreePhases[1], 3, 6, ThreePhases[0], options),
            SmallComponentRemoval.Apply(image, ThreePhases[1], 4, 26, ThreePhases[0], options),
            SmallComponentRemoval.Apply(image, ThreePhases[1], 12, 26, ThreePhases[0], options),
            SmallComponentRemoval.Apply(image, ThreePhases[1], 2, 18, ThreePhases[0], options),
            HoleFilling.Apply(image, ThreePhases[1], 6, options),
            HoleFilling.Apply(image, ThreePhases[1], 18, options),
            HoleFilling.Apply(image, ThreePhases[1], 26, options),
        };
        Assert.Equal(ours.Count, lines.Length);
        for (int c = 0; c < ours.Count; c++)
        {
            string text = string.Concat(Enumerable.Range(0, D).Select(z => string.Concat(ours[c].GetLabels(z).ToArray().Select(b => b.ToString(CultureInfo.InvariantCulture)))));
            Assert.True(lines[c] == text, $"case {c} differs from SciPy");
            if (c < 5)
            {
                Assert.NotEqual(text, string.Concat(Enumerable.Range(0, D).Select(z => string.Concat(image.GetLabels(z).ToArray().Select(b => b.ToString(CultureInfo.InvariantCulture)))))); // the filter did something
            }
        }
    }

    [Fact]
    public void BadArgumentsAreRefused()
    {
        var image = Empty(4, 4, 4);
        var g = ThreePhases[1];
        Assert.Equal("InvalidMinimumVolume", Assert.Throws<MicroMorphException>(() => SmallComponentRemoval.Apply(image, g, -1, 26, null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidMinimumVolume", Assert.Throws<MicroMorphException>(() => SmallComponentRemoval.Apply(image, g, double.NaN, 26, null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidConnectivity", Assert.Throws<MicroMorphException>(() => SmallComponentRemoval.Apply(image, g, 5, 8, null, ComputeOptions.Default)).ErrorId);
        Assert.Equal("InvalidConnectivity", Assert.Throws<MicroMorphException>(() => HoleFilling.Apply(image, g, 4, ComputeOptions.Default)).ErrorId);
        Assert.Equal("SamePhaseTwice", Assert.Throws<MicroMorphException>(() => SmallComponentRemoval.Apply(image, g, 5, 26, g, ComputeOptions.Default)).ErrorId);
        Box(image, 0, 0, 0, 4, 4, 4, 1);
        Assert.Equal("NoSurroundingPhase", Assert.Throws<MicroMorphException>(() => SmallComponentRemoval.Apply(image, g, 100, 26, null, ComputeOptions.Default)).ErrorId);
    }
}
