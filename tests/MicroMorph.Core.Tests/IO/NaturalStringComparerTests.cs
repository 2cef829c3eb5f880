using MicroMorph.Core.IO;

namespace MicroMorph.Core.Tests.IO;

public class NaturalStringComparerTests
{
    [Fact]
    public void NumbersCompareByValue()
    {
        string[] names = ["slice_10.tif", "slice_2.tif", "slice_1.tif", "Slice_3.tif", "slice_002.tif", "slice_100.tif"];
        var sorted = names.Order(NaturalStringComparer.Instance).ToArray();
        Assert.Equal(["slice_1.tif", "slice_2.tif", "slice_002.tif", "Slice_3.tif", "slice_10.tif", "slice_100.tif"], sorted);
    }

    [Fact]
    public void VeryLongDigitRunsDoNotOverflow()
    {
        Assert.True(NaturalStringComparer.Instance.Compare("a99999999999999999999999", "a100000000000000000000000") < 0);
    }
}
