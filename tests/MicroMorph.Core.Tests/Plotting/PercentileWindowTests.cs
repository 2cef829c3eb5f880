using MicroMorph.Core.Errors;
using MicroMorph.Core.Plotting;

namespace MicroMorph.Core.Tests.Plotting;

public class PercentileWindowTests
{
    [Fact]
    public void HotAndDeadPixelsAreLeftOutsideTheDefaultWindow()
    {
        // 1000 values: 5 dead (0), 990 at 100, 5 hot (10000). Definition 7: rank 0.005 * 999 = 4.995 lies
        // between sorted[4] = 0 and sorted[5] = 100 -> 99.5; rank 0.995 * 999 = 994.005 between
        // sorted[994] = 100 and sorted[995] = 10000 -> 100 + 0.005 * 9900 = 149.5.
        var values = Enumerable.Repeat(0.0, 5).Concat(Enumerable.Repeat(100.0, 990)).Concat(Enumerable.Repeat(10000.0, 5)).Reverse();
        var (lo, hi) = PercentileWindow.Compute(values, 0.5, 99.5);
        Assert.Equal(99.5, lo, 9);
        Assert.Equal(149.5, hi, 9);
    }

    [Fact]
    public void EvenlySpacedValuesGiveTheirOwnPercentiles()
    {
        var values = Enumerable.Range(0, 101).Select(i => (double)i);
        Assert.Equal((0.5, 99.5), PercentileWindow.Compute(values, 0.5, 99.5));
        Assert.Equal((0.0, 100.0), PercentileWindow.Compute(values, 0, 100));
        Assert.Equal((25.0, 75.0), PercentileWindow.Compute(values, 25, 75));
    }

    [Fact]
    public void NaNAndInfinitiesAreIgnoredAndAConstantSectionGetsAUnitWindow()
    {
        Assert.Equal((7.0, 8.0), PercentileWindow.Compute([7, 7, double.NaN, double.PositiveInfinity, 7], 0.5, 99.5));
        Assert.Equal((0.0, 1.0), PercentileWindow.Compute([double.NaN], 0.5, 99.5));
    }

    [Theory]
    [InlineData(-1.0, 50.0)]
    [InlineData(50.0, 50.0)]
    [InlineData(60.0, 40.0)]
    [InlineData(0.0, 100.5)]
    [InlineData(double.NaN, 99.0)]
    public void RefusesPercentilesOutOfOrderOrRange(double lo, double hi)
    {
        var ex = Assert.Throws<MicroMorphException>(() => PercentileWindow.Compute([1, 2, 3], lo, hi));
        Assert.Equal("InvalidPercentile", ex.ErrorId);
    }
}
