using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Plotting;
using MicroMorph.Core.Morphology;

namespace MicroMorph.Core.Tests.Plotting;

public class ADump
{
    [Fact]
    public void Dump()
    {
        var points = new[] { new CurvePoint(0, 0), new CurvePoint(1, 1) };
        var size = new PlotSize(500, 400);
        File.WriteAllBytes("/tmp/A-dump-label.png", PlotWriter.RenderPng(new PlotSpecification("", "Radius r (µm)", "Fraction of the phase's volume", [new PlotSeries("data", points)]), size));
        File.WriteAllBytes("/tmp/A-dump-bare.png", PlotWriter.RenderPng(new PlotSpecification("", "   ", "   ", [new PlotSeries("data", points)]), size));
        var c = new ConstrictivityResult("Pore", FlowDirection.Z, 0.5, 2, 1, 0.25, "µm",
        [new CurvePoint(0, 1), new CurvePoint(1, 0.8), new CurvePoint(2, 0.5), new CurvePoint(3, 0)],
        [new CurvePoint(0, 0.9), new CurvePoint(1, 0.5), new CurvePoint(2, 0.1)]);
        File.WriteAllBytes("/tmp/A-dump-cpsd.png", PlotWriter.RenderPng(DescriptorPlots.For([c], null), new PlotSize(900, 560)));
        File.WriteAllBytes("/tmp/A-dump-cpsd2.png", PlotWriter.RenderPng(DescriptorPlots.For([c], null), new PlotSize(450, 280, 2)));
    }
}
