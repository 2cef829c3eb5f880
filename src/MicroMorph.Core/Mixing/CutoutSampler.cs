namespace MicroMorph.Core.Mixing;

/// <summary>
/// Square cutouts of an <see cref="AggregateMap"/> as in 000 Section 2.2: a foreground pixel is the
/// centre of a square (odd side 2r + 1, clipped to the image) grown until its foreground area
/// reaches the target. Summed-area tables of the foreground and of the carbon content (in halves:
/// 2 for [1,0], 1 for [1,1]) give each square's counts in O(1), so the smallest radius is found by
/// bisection.
/// </summary>
internal sealed class CutoutSampler
{
    private readonly int _width, _height, _stride;
    private readonly int[] _foregroundSum;
    private readonly int[] _carbonHalvesSum;

    public CutoutSampler(AggregateMap map)
    {
        _width = map.Width;
        _height = map.Height;
        _stride = _width + 1;
        _foregroundSum = new int[(long)_stride * (_height + 1)];
        _carbonHalvesSum = new int[_foregroundSum.Length];
        var foreground = new List<int>();
        byte[] classes = map.GetClasses();
        for (int y = 0; y < _height; y++)
        {
            int rowF = 0, rowC = 0;
            int src = y * _width, above = y * _stride, here = (y + 1) * _stride;
            for (int x = 0; x < _width; x++)
            {
                byte v = classes[src + x];
                if (v != 0)
                {
                    rowF++;
                    rowC += v == 1 ? 2 : v == 3 ? 1 : 0;
                    foreground.Add(src + x);
                }

                _foregroundSum[here + x + 1] = _foregroundSum[above + x + 1] + rowF;
                _carbonHalvesSum[here + x + 1] = _carbonHalvesSum[above + x + 1] + rowC;
            }
        }

        ForegroundPixels = foreground.ToArray();
    }

    /// <summary>Indices (y * width + x) of the foreground pixels, in raster order.</summary>
    public int[] ForegroundPixels { get; }

    /// <summary>Radius of the largest useful square from any pixel: it covers the whole image.</summary>
    public int MaxRadius => Math.Max(_width, _height);

    /// <summary>Foreground count and carbon halves in the square of radius r about (x, y).</summary>
    public (int Foreground, int CarbonHalves) Count(int x, int y, int r)
    {
        int x0 = Math.Max(0, x - r), x1 = Math.Min(_width, x + r + 1);
        int y0 = Math.Max(0, y - r), y1 = Math.Min(_height, y + r + 1);
        int a = y0 * _stride + x0, b = y0 * _stride + x1, c = y1 * _stride + x0, d = y1 * _stride + x1;
        return (_foregroundSum[d] - _foregroundSum[b] - _foregroundSum[c] + _foregroundSum[a],
            _carbonHalvesSum[d] - _carbonHalvesSum[b] - _carbonHalvesSum[c] + _carbonHalvesSum[a]);
    }

    /// <summary>The smallest square about the pixel with at least <paramref name="target"/> foreground pixels.</summary>
    public (int Radius, double Concentration) Cutout(int pixel, double target)
    {
        int x = pixel % _width, y = pixel / _width;
        int lo = 0, hi = MaxRadius;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Count(x, y, mid).Foreground >= target)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        var (f, c) = Count(x, y, lo);
        return (lo, 0.5 * c / f);
    }
}
