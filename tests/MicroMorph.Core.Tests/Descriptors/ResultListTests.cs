using System.Globalization;
using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Segmentation;

namespace MicroMorph.Core.Tests.Descriptors;

/// <summary>
/// The lists results carry read as what they hold in one text cell (issue 18: Export-Csv wrote
/// "System.Collections.Generic.List`1[...]"), in any culture, while staying the lists they were.
/// </summary>
public class ResultListTests
{
    [Fact]
    public void CurveNamesItsPointsAndAbscissaRangeInvariantly()
    {
        var previous = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
        try
        {
            var curve = new Curve([new CurvePoint(0, 1), new CurvePoint(0.390625, 0.9), new CurvePoint(12.5, 0)], "Radius", "CoveredFraction", "µm");
            Assert.Equal("3 points, Radius 0-12.5 µm", curve.ToString());
            Assert.Equal("1 point, Distance 2.5 voxel", new Curve([new CurvePoint(2.5, 1)], "Distance", "Coverage", "voxel").ToString());
            Assert.Equal("0 points, Radius", new Curve([], "Radius", "CoveredFraction", "µm").ToString());
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void CurveKeepsItsPointsInOrderAndOfIsIdempotent()
    {
        CurvePoint[] points = [new(0, 1), new(1, 0.5), new(2, 0)];
        var curve = Curve.Of(points, "Radius", "CoveredFraction", "µm");
        Assert.Equal(points, curve.ToArray());
        Assert.Equal(points[1], curve[1]);
        Assert.Same(curve, Curve.Of(curve, "Radius", "CoveredFraction", "µm"));
        Assert.NotSame(curve, Curve.Of(curve, "Radius", "IntrudedFraction", "µm"));
    }

    [Fact]
    public void ListsSayWhatTheyHold()
    {
        Assert.Equal("3 size classes", ResultList.Of<int>([1, 2, 3], "size classes").ToString());
        Assert.Equal("4 values, -0.5 to 2.25", ResultList.Of<double>([1, -0.5, 2.25, 0], "values").ToString());
        Assert.Equal("2 classes: 120, 80", ResultList.Of<long>([120, 80], "classes").ToString());
        Assert.Equal("3 phases: Pore, CBD, AM", ResultList.Of<string>(["Pore", "CBD", "AM"], "phases").ToString());
        Assert.Equal("0 bins", ResultList.Of<double>(null, "bins").ToString());
        var list = ResultList.Of<double>([1, 2], "values");
        Assert.Same(list, ResultList.Of(list, "other"));
    }

    [Fact]
    public void ConfusionMatrixIndexesLikeTheArrayAndEnumeratesRows()
    {
        var counts = new long[,] { { 5, 1, 0 }, { 2, 7, 3 } };
        var m = new ConfusionMatrix(counts);
        counts[0, 0] = 99; // a copy: the result does not change with the caller's array
        Assert.Equal(5, m[0, 0]);
        Assert.Equal(3, m[1, 2]);
        Assert.Equal((2, 3), (m.RowCount, m.ColumnCount));
        Assert.Equal([2L, 7L, 3L], m[1]);
        Assert.Equal(18, m.SelectMany(r => r).Sum());
        Assert.Equal("2 x 3 voxel counts", m.ToString());
    }
}
