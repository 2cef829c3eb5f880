using System.Xml;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Plotting;
using SkiaSharp;

namespace MicroMorph.Core.Tests.Plotting;

public class SliceFigureTests
{
    private static SlicePicture Electrode(out PhaseImage phases)
    {
        // 100 x 80 x 4 voxels of 0.390625 µm; left half NMC, a CBD stripe.
        phases = new PhaseImage(100, 80, 4, new PhaseTable([new Phase(0, "Pore", new RgbColor(0, 0, 0)), new Phase(1, "NMC", new RgbColor(230, 159, 0)), new Phase(2, "CBD", new RgbColor(86, 180, 233))]))
        {
            VoxelSize = new VoxelSize(0.390625, "µm"),
        };
        for (int z = 0; z < 4; z++)
        {
            var labels = phases.GetLabels(z);
            for (int i = 0; i < labels.Length; i++)
            {
                labels[i] = (byte)(i % 100 < 50 ? 1 : i % 100 < 60 ? 2 : 0);
            }
        }

        return SliceRenderer.Render(phases, new SliceView { Scale = 4 });
    }

    private static SKBitmap Read(string path) => SKBitmap.Decode(path) ?? throw new InvalidOperationException("not a picture");

    private static int Ink(SKBitmap b, SKRectI r)
    {
        int n = 0;
        for (int y = Math.Max(0, r.Top); y < Math.Min(b.Height, r.Bottom); y++)
        {
            for (int x = Math.Max(0, r.Left); x < Math.Min(b.Width, r.Right); x++)
            {
                var c = b.GetPixel(x, y);
                n += c.Red + c.Green + c.Blue < 3 * 128 ? 1 : 0;
            }
        }

        return n;
    }

    [Fact]
    public void ScaleBarHasItsPhysicalLengthAndALabel()
    {
        var picture = Electrode(out _);
        Assert.Equal((400, 320), (picture.Width, picture.Height));
        using var folder = new TempFolder();
        string path = folder.File("f.png");
        var options = new SliceFigureOptions { ScaleBar = true, Legend = true };
        SliceFigure.Save(picture, options, path, FigureFormat.Png);
        var layout = SliceFigure.Layout(picture, options);
        using var bitmap = Read(path);
        Assert.Equal((layout.Width, layout.Height), (bitmap.Width, bitmap.Height));

        // 400 pixels of 0.390625 / 4 µm = 39.0625 µm; a fifth is 7.8 µm -> 5 µm = 51.2 pixels, drawn 51.
        Assert.Equal("5 µm", layout.ScaleBar!.Label);
        int row = layout.ScaleBarRect.MidY, run = 0;
        for (int x = 0; x < bitmap.Width; x++)
        {
            var c = bitmap.GetPixel(x, row);
            run += c.Red < 64 && c.Green < 64 && c.Blue < 64 ? 1 : 0;
        }

        Assert.Equal(51, run);
        // the bar ends at the right edge of the picture
        Assert.Equal(layout.PictureLeft + picture.Width, layout.ScaleBarRect.Right);
        var label = layout.ScaleBarLabelRect;
        Assert.True(Ink(bitmap, new SKRectI((int)label.Left, (int)label.Top, (int)label.Right + 1, (int)label.Bottom + 1)) > 20, "no text where the scale bar label is");
        // the legend swatch of NMC is NMC orange
        var swatch = bitmap.GetPixel((int)(layout.LegendLeft + layout.FontSize / 2), (int)(layout.LegendTop + layout.LegendRowHeight + 0.75f * layout.FontSize));
        Assert.Equal((230, 159, 0), (swatch.Red, swatch.Green, swatch.Blue));
        // the picture is drawn 1:1: a pixel inside the CBD stripe (x = 50..59 voxels -> 200..239 pixels)
        var cbd = bitmap.GetPixel(layout.PictureLeft + 220, layout.PictureTop + 100);
        Assert.Equal((86, 180, 233), (cbd.Red, cbd.Green, cbd.Blue));
    }

    [Fact]
    public void ColourBarRunsFromTheLowToTheHighColour()
    {
        var v = new VoxelStack(64, 64, 1, VoxelDataType.Float32) { VoxelSize = new VoxelSize(10, "nm") };
        for (int i = 0; i < 64 * 64; i++)
        {
            v.SetValue(i % 64, i / 64, 0, i % 64 * 0.1);
        }

        var picture = SliceRenderer.Render(v, new SliceView { ColorMap = ColorMap.Viridis, Minimum = 0, Maximum = 6.3, Scale = 4 });
        using var folder = new TempFolder();
        string path = folder.File("c.png");
        var options = new SliceFigureOptions { ColorBar = true, ScaleBar = true };
        SliceFigure.Save(picture, options, path, FigureFormat.Png);
        var layout = SliceFigure.Layout(picture, options);
        using var bitmap = Read(path);
        var r = layout.ColorBarRect;
        var top = bitmap.GetPixel(r.MidX, r.Top);
        var bottom = bitmap.GetPixel(r.MidX, r.Bottom - 1);
        Assert.Equal((0xFD, 0xE7, 0x25), (top.Red, top.Green, top.Blue));
        Assert.Equal((0x44, 0x01, 0x54), (bottom.Red, bottom.Green, bottom.Blue));
        Assert.True(Ink(bitmap, new SKRectI(r.Right + 2, r.Top - 10, layout.Width, r.Bottom + 10)) > 20, "no tick labels");
        Assert.Equal([0.0, 2.0, 4.0, 6.0], SliceFigure.Ticks(0, 6.3).Select(t => t.Value));
    }

    [Fact]
    public void ALabelWiderThanATinyPictureKeepsTheMargin()
    {
        var v = new VoxelStack(4, 3, 1, VoxelDataType.UInt8) { VoxelSize = new VoxelSize(0.390625, "µm") };
        var picture = SliceRenderer.Render(v, new SliceView());
        var layout = SliceFigure.Layout(picture, new SliceFigureOptions { ScaleBar = true });
        // 4 pixels of 0.390625 µm: a fifth is 0.3125 µm -> 200 nm, 0.512 pixels drawn as 1.
        Assert.Equal("200 nm", layout.ScaleBar!.Label);
        Assert.True(layout.ScaleBarLabelRect.Left >= 8.99f, "the label starts inside the margin");
        Assert.Equal(layout.PictureLeft + 4, layout.ScaleBarRect.Right);
        Assert.True(layout.Width >= layout.ScaleBarLabelRect.Right + 9);
    }

    [Fact]
    public void SvgIsWellFormedAndHasTheFigureSize()
    {
        var picture = Electrode(out _);
        using var folder = new TempFolder();
        string path = folder.File("f.svg");
        var options = new SliceFigureOptions { ScaleBar = true, Legend = true, Captions = true };
        SliceFigure.Save(picture, options, path, SliceFigure.FormatFromPath(path));
        var layout = SliceFigure.Layout(picture, options);
        var xml = new XmlDocument();
        xml.Load(path);
        Assert.Equal("svg", xml.DocumentElement!.LocalName);
        Assert.Equal(layout.Width.ToString(System.Globalization.CultureInfo.InvariantCulture), xml.DocumentElement.GetAttribute("width"));
        Assert.Contains("<image", File.ReadAllText(path), StringComparison.Ordinal);
        Assert.Contains("<text", File.ReadAllText(path), StringComparison.Ordinal);
    }
}
