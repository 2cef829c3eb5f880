using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Tests.Plotting;

public class SliceRendererTests
{
    private static VoxelStack Ramp(int w, int h, int d, VoxelSize size)
    {
        var v = new VoxelStack(w, h, d, VoxelDataType.UInt16) { VoxelSize = size };
        for (int z = 0; z < d; z++)
        {
            for (int y = 0; y < h; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    v.SetValue(x, y, z, x + 10 * y + 100 * z);
                }
            }
        }

        return v;
    }

    private static (byte R, byte G, byte B) Pixel(SlicePicture p, int x, int y)
    {
        long o = ((long)y * p.Width + x) * 3;
        return (p.Rgb[o], p.Rgb[o + 1], p.Rgb[o + 2]);
    }

    [Fact]
    public void IsotropicVoxelsBecomeScaleByScaleBlocks()
    {
        var v = Ramp(6, 5, 4, new VoxelSize(0.5, "µm"));
        var p = SliceRenderer.Render(v, new SliceView { Scale = 3, Minimum = 200, Maximum = 245 });
        Assert.Equal((18, 15), (p.Width, p.Height));
        Assert.Equal(0.5 / 3, p.PixelSize, 12);
        Assert.Equal("µm", p.Unit);
        Assert.Equal((0, 0, 0), Pixel(p, 0, 0));          // 200: black
        Assert.Equal((0, 0, 0), Pixel(p, 2, 2));          // same voxel
        Assert.Equal((255, 255, 255), Pixel(p, 17, 14));  // 245: white
        // voxel (1, 0) = 201: t = 1/45, index floor(256/45) = 5
        Assert.Equal((5, 5, 5), Pixel(p, 3, 0));
    }

    [Fact]
    public void AnisotropicVoxelsAreDrawnAtTheirPhysicalAspect()
    {
        // 10 x 10 x 20 nm voxels (FIB-SEM): an x-z section of 40 x 20 voxels is 400 x 400 nm, drawn 40 x 40 pixels of 10 nm.
        var v = Ramp(40, 30, 20, new VoxelSize(10, 10, 20, "nm"));
        var p = SliceRenderer.Render(v, new SliceView { Axis = SliceAxis.Y, Index = 3, Minimum = 0, Maximum = 10000 });
        Assert.Equal((40, 40), (p.Width, p.Height));
        Assert.Equal(10, p.PixelSize, 12);
        // each z voxel covers two rows: rows 2 and 3 show z = 1 (value x + 30 + 100)
        Assert.Equal(Pixel(p, 5, 2), Pixel(p, 5, 3));
        Assert.NotEqual(Pixel(p, 5, 1), Pixel(p, 5, 2));
        // the x-y section keeps one pixel per voxel
        var xy = SliceRenderer.Render(v, new SliceView { Minimum = 0, Maximum = 10000 });
        Assert.Equal((40, 30), (xy.Width, xy.Height));
    }

    [Fact]
    public void OrthogonalViewSizeFollowsDimensionsAndVoxelSize()
    {
        // 30 x 20 x 10 voxels of 1 x 1 x 2 µm at scale 2: pixels of 0.5 µm; xy 60 x 40, yz (z across) 40 x 40, xz 60 x 40.
        var v = Ramp(30, 20, 10, new VoxelSize(1, 1, 2, "µm"));
        var p = SliceRenderer.Render(v, new SliceView { Orthogonal = true, Scale = 2, Point = (3, 4, 5) });
        Assert.Equal((60 + SliceRenderer.Gap + 40, 40 + SliceRenderer.Gap + 40), (p.Width, p.Height));
        Assert.Equal(["xy", "yz", "xz"], p.Panels.Select(q => q.Name));
        Assert.Equal((0, 0, 60, 40), (p.Panels[0].Left, p.Panels[0].Top, p.Panels[0].Width, p.Panels[0].Height));
        Assert.Equal((64, 0, 40, 40), (p.Panels[1].Left, p.Panels[1].Top, p.Panels[1].Width, p.Panels[1].Height));
        Assert.Equal((0, 44, 60, 40), (p.Panels[2].Left, p.Panels[2].Top, p.Panels[2].Width, p.Panels[2].Height));
        Assert.Equal("xy, z = 5", p.Panels[0].Caption);
        Assert.Equal("yz, x = 3", p.Panels[1].Caption);
        // crosshair of the xy panel through voxel centres x = 3, y = 4: (3.5 * 2, 4.5 * 2) pixels
        Assert.Equal(7, p.Panels[0].CrossAcross!.Value, 9);
        Assert.Equal(9, p.Panels[0].CrossDown!.Value, 9);
        // the gap is white
        Assert.Equal((255, 255, 255), Pixel(p, 61, 10));
        // All three panels share one window: the same voxel (3, 4, 5) has the same grey in each.
        var xy = Pixel(p, 7, 9);
        Assert.Equal(xy, Pixel(p, 64 + 21, 9));   // yz: z = 5 across (4 pixels per 2 µm voxel: 20..23), y = 4 down
        Assert.Equal(xy, Pixel(p, 7, 44 + 21));   // xz: x = 3 across, z = 5 down
        Assert.NotEqual(xy, Pixel(p, 64 + 19, 9)); // z = 4 next to it
        Assert.Equal(22, p.Panels[1].CrossAcross!.Value, 9);
    }

    [Fact]
    public void DefaultWindowIsThePercentileWindowOfTheSection()
    {
        // A 20 x 10 x 1 section of 200 values 0..199: 0.5 % -> 0.995, 99.5 % -> 198.005 (definition 7 over 199 gaps).
        var v = new VoxelStack(20, 10, 1, VoxelDataType.Float32);
        for (int i = 0; i < 200; i++)
        {
            v.SetValue(i % 20, i / 20, 0, i);
        }

        var p = SliceRenderer.Render(v, new SliceView());
        Assert.Equal(0.995, p.WindowMinimum, 9);
        Assert.Equal(198.005, p.WindowMaximum, 9);
        var raw = SliceRenderer.Render(v, new SliceView { LowPercentile = 0, HighPercentile = 100 });
        Assert.Equal((0.0, 199.0), (raw.WindowMinimum, raw.WindowMaximum));
        var fixedLow = SliceRenderer.Render(v, new SliceView { Minimum = -10 });
        Assert.Equal((-10.0, 198.005), (fixedLow.WindowMinimum, Math.Round(fixedLow.WindowMaximum, 9)));
    }

    [Fact]
    public void ColourMapsGreyValuesAndPhaseColoursOverlayThem()
    {
        var v = new VoxelStack(4, 1, 1, VoxelDataType.UInt8);
        v.SetValue(0, 0, 0, 0);
        v.SetValue(1, 0, 0, 255);
        v.SetValue(2, 0, 0, 100);
        v.SetValue(3, 0, 0, 100);
        var viridis = SliceRenderer.Render(v, new SliceView { ColorMap = ColorMap.Viridis, Minimum = 0, Maximum = 255 });
        Assert.Equal((0x44, 0x01, 0x54), Pixel(viridis, 0, 0));
        Assert.Equal((0xFD, 0xE7, 0x25), Pixel(viridis, 1, 0));

        var phases = new PhaseImage(4, 1, 1, new PhaseTable([new Phase(0, "Pore", new RgbColor(0, 0, 0)), new Phase(1, "NMC", new RgbColor(230, 159, 0))]));
        phases.GetLabels(0)[2] = 1;
        // grey 100 (window 0..255: index floor(100 / 255 * 256) = 100), NMC orange at 0.4 -> (152, 124, 60)
        var blended = SliceRenderer.Render(v, new SliceView { Minimum = 0, Maximum = 255, Overlay = phases, Opacity = 0.4, OverlayLabels = [1] });
        Assert.Equal((152, 124, 60), Pixel(blended, 2, 0));
        Assert.Equal((100, 100, 100), Pixel(blended, 3, 0)); // pore not drawn: left grey
        Assert.Equal(["NMC"], blended.Phases.Select(p => p.Name));

        var own = SliceRenderer.Render(phases, new SliceView());
        Assert.Equal((230, 159, 0), Pixel(own, 2, 0));
        Assert.Null(own.ColorMap);
    }

    [Fact]
    public void BadRequestsAreRefusedWithTheirErrorIds()
    {
        var v = Ramp(6, 5, 4, VoxelSize.Uncalibrated);
        var phases = new PhaseImage(6, 5, 4, PhaseTable.ForLabels([0, 1]));
        var small = new PhaseImage(6, 5, 3, PhaseTable.ForLabels([0, 1]));
        void Refused(string id, Volume volume, SliceView view) =>
            Assert.Equal(id, Assert.Throws<MicroMorphException>(() => SliceRenderer.Render(volume, view)).ErrorId);

        Refused("SliceOutOfRange", v, new SliceView { Index = 4 });
        Refused("PointOutOfRange", v, new SliceView { Orthogonal = true, Point = (6, 0, 0) });
        Refused("PointOutOfRange", v, new SliceView { Orthogonal = true, Point = (0, 0, -1) });
        Refused("OverlayDimensionMismatch", v, new SliceView { Overlay = small });
        Refused("InvalidOpacity", v, new SliceView { Overlay = phases, Opacity = 1.2 });
        Refused("ColorMapOnPhaseImage", phases, new SliceView { ColorMap = ColorMap.Viridis });
        Refused("OverlayOnPhaseImage", phases, new SliceView { Overlay = phases });
        Refused("InvalidWindow", v, new SliceView { Minimum = 5, Maximum = 5 });
        Refused("InvalidPercentile", v, new SliceView { LowPercentile = 99, HighPercentile = 1 });
        Refused("PictureTooLarge", new VoxelStack(1000, 2, 1, VoxelDataType.UInt8), new SliceView { Scale = 17 });
        Refused("OrthogonalNeedsVolume", new VoxelStack(3, 3, 1, VoxelDataType.UInt8), new SliceView { Orthogonal = true });
    }

    [Fact]
    public void ExtractedSectionKeepsTheExactValuesAndInPlaneVoxelSize()
    {
        var v = Ramp(6, 5, 4, new VoxelSize(1, 2, 3, "nm"));
        var s = VolumeSection.Extract(v, SliceAxis.X, 2);
        Assert.Equal((5, 4, 1), (s.Width, s.Height, s.Depth));
        Assert.Equal((2.0, 3.0, 1.0), (s.VoxelSize.X, s.VoxelSize.Y, s.VoxelSize.Z));
        Assert.Equal(2 + 10 * 3 + 100 * 1, ((VoxelStack)s).GetValue(3, 1, 0)); // (u = y = 3, v = z = 1)
    }
}
