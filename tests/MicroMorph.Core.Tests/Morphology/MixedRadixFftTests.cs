using System.Numerics;
using MicroMorph.Core.Descriptors;

namespace MicroMorph.Core.Tests.Morphology;

public class MixedRadixFftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(12)]
    [InlineData(45)]
    [InlineData(64)]
    [InlineData(49)]
    [InlineData(288)]
    [InlineData(10)]
    [InlineData(50)]
    [InlineData(75)]
    [InlineData(432)]
    [InlineData(480)]
    [InlineData(2 * 7 * 9)]
    public void EqualsTheDefiningSum(int n)
    {
        var rng = new Random(n);
        var x = Enumerable.Range(0, n).Select(_ => new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5)).ToArray();
        foreach (bool inverse in new[] { false, true })
        {
            var data = (Complex[])x.Clone();
            new MixedRadixFft(n, inverse).Transform(data, new Complex[n]);
            double sign = inverse ? 1 : -1;
            for (int k = 0; k < n; k++)
            {
                Complex expected = Complex.Zero;
                for (int j = 0; j < n; j++)
                {
                    expected += x[j] * Complex.FromPolarCoordinates(1, sign * 2 * Math.PI * j * k / n);
                }

                Assert.True((expected - data[k]).Magnitude < 1e-9 * n, $"n={n} k={k}: {expected} vs {data[k]}");
            }
        }
    }

    [Theory]
    [InlineData(276, 288)]
    [InlineData(257, 270)]
    [InlineData(7, 8)]
    [InlineData(1, 1)]
    public void GoodSizeHasOnlySmallFactors(int minimum, int expected) => Assert.Equal(expected, MixedRadixFft.GoodSize(minimum));
}
