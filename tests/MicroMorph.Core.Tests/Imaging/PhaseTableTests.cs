using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.Core.Tests.Imaging;

public class PhaseTableTests
{
    private static readonly PhaseTable Table = new([
        new Phase(2, "AM", RgbColor.Parse("#808080")),
        new Phase(0, "Pore", RgbColor.Parse("000000")),
        new Phase(1, "CBD", RgbColor.Parse("#E69F00")),
    ]);

    [Fact]
    public void PhasesAreOrderedByLabel() => Assert.Equal(["Pore", "CBD", "AM"], Table.Select(p => p.Name));

    [Theory]
    [InlineData("am", 2)]
    [InlineData("CBD", 1)]
    [InlineData("0", 0)]
    [InlineData(" 2 ", 2)]
    public void ResolvesByNameIgnoringCaseOrByLabel(string key, byte label) => Assert.Equal(label, Table.Resolve(key).Label);

    [Fact]
    public void UnknownPhaseNamesTheTable()
    {
        var ex = Assert.Throws<MicroMorphException>(() => Table.Resolve("Binder"));
        Assert.Equal("PhaseNotFound", ex.ErrorId);
        Assert.Contains("0 Pore, 1 CBD, 2 AM", ex.Message);
    }

    [Fact]
    public void DuplicatesAndNumericNamesAreRefused()
    {
        Assert.Equal("DuplicatePhaseLabel", Assert.Throws<MicroMorphException>(() => new PhaseTable([new Phase(1, "A", default), new Phase(1, "B", default)])).ErrorId);
        Assert.Equal("DuplicatePhaseName", Assert.Throws<MicroMorphException>(() => new PhaseTable([new Phase(1, "A", default), new Phase(2, "a", default)])).ErrorId);
        Assert.Equal("InvalidPhaseName", Assert.Throws<MicroMorphException>(() => new PhaseTable([new Phase(1, "7", default)])).ErrorId);
    }

    [Fact]
    public void ColorsParseAndFormatAsHex()
    {
        Assert.Equal(new RgbColor(0xE6, 0x9F, 0x00), RgbColor.Parse("#e69f00"));
        Assert.Equal("#E69F00", new RgbColor(0xE6, 0x9F, 0x00).ToString());
        Assert.Equal("InvalidColor", Assert.Throws<MicroMorphException>(() => RgbColor.Parse("red")).ErrorId);
    }
}
