using System.Runtime.InteropServices;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Markers from the maxima of a distance map: the regional maxima of the h-maxima transform
/// HMAX_h(f) = R^delta_f(f - h) (Soille, Morphological Image Analysis, 2003, Sec. 6.3.4), i.e. the
/// maxima whose dynamic (height above the saddle towards a higher maximum) is at least h. A ball
/// has one; two overlapping balls keep two while their neck is at least h thinner than the smaller
/// ball. The reconstruction by dilation is Vincent's hybrid algorithm (IEEE TIP 2, 1993): a raster
/// and an anti-raster pass, then a FIFO propagation. Every step is confined to the mask.
/// </summary>
internal static class HMaxima
{
    /// <summary>Labels (1..n, raster order) the tops of HMAX_h of <paramref name="f"/> inside the non-zero voxels of <paramref name="mask"/>.</summary>
    public static (VoxelStack Labels, long Count) Markers(VoxelStack f, VoxelStack mask, float h, int connectivity, ComputeOptions options)
    {
        var stages = new StagedProgress(options, new ProgressStage("h-maxima reconstruction", 2), new ProgressStage("Labelling markers", 1));
        var rec = Reconstruct(f, mask, h, new Neighbourhood(connectivity), stages.Next());
        var labeller = RunLabeller.Run(new HMaximaRunSource(f, rec, mask, h), connectivity, stages.Next(), "Labelling markers");
        var labels = ConnectedComponents.WriteLabels(labeller, f.Width, f.Height, options);
        labels.DeriveFrom(mask);
        return (labels, labeller.ComponentCount);
    }

    internal static VoxelStack Reconstruct(VoxelStack f, VoxelStack mask, float h, Neighbourhood nb, ComputeOptions options)
    {
        int w = f.Width, hh = f.Height, d = f.Depth;
        var rec = VoxelStack.CreateUninitialized(w, hh, d, VoxelDataType.Float32);
        SliceIterator.For(d, options with { Progress = null }, "h-maxima", z =>
        {
            var fs = f.GetSlice<float>(z);
            var rs = rec.GetSlice<float>(z);
            var ms = mask.GetSlice<uint>(z);
            for (int i = 0; i < rs.Length; i++)
            {
                rs[i] = ms[i] != 0 ? fs[i] - h : float.NegativeInfinity;
            }
        });

        // Raster pass.
        for (int z = 0; z < d; z++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var fs = f.GetSlice<float>(z);
            var ms = mask.GetSlice<uint>(z);
            var rc = rec.GetSlice<float>(z);
            var rp = z > 0 ? rec.GetSlice<float>(z - 1) : default;
            for (int y = 0; y < hh; y++)
            {
                for (int x = 0; x < w; x++)
                {
                    int i = y * w + x;
                    if (ms[i] == 0)
                    {
                        continue;
                    }

                    float m = rc[i];
                    foreach (var o in nb.Before)
                    {
                        int xx = x + o.X, yy = y + o.Y, zz = z + o.Z;
                        if ((uint)xx < (uint)w && (uint)yy < (uint)hh && zz >= 0)
                        {
                            float v = o.Z < 0 ? rp[yy * w + xx] : rc[yy * w + xx];
                            if (v > m)
                            {
                                m = v;
                            }
                        }
                    }

                    rc[i] = Math.Min(m, fs[i]);
                }
            }
        }

        // Anti-raster pass, queueing the voxels that can still raise a later neighbour.
        var queue = new LongQueue();
        long wh = (long)w * hh;
        for (int z = d - 1; z >= 0; z--)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var fs = f.GetSlice<float>(z);
            var ms = mask.GetSlice<uint>(z);
            var rc = rec.GetSlice<float>(z);
            var rn = z + 1 < d ? rec.GetSlice<float>(z + 1) : default;
            var fn = z + 1 < d ? f.GetSlice<float>(z + 1) : default;
            for (int y = hh - 1; y >= 0; y--)
            {
                for (int x = w - 1; x >= 0; x--)
                {
                    int i = y * w + x;
                    if (ms[i] == 0)
                    {
                        continue;
                    }

                    float m = rc[i];
                    foreach (var o in nb.After)
                    {
                        int xx = x + o.X, yy = y + o.Y, zz = z + o.Z;
                        if ((uint)xx < (uint)w && (uint)yy < (uint)hh && zz < d)
                        {
                            float v = o.Z > 0 ? rn[yy * w + xx] : rc[yy * w + xx];
                            if (v > m)
                            {
                                m = v;
                            }
                        }
                    }

                    float r = Math.Min(m, fs[i]);
                    rc[i] = r;
                    foreach (var o in nb.After)
                    {
                        int xx = x + o.X, yy = y + o.Y, zz = z + o.Z;
                        if ((uint)xx < (uint)w && (uint)yy < (uint)hh && zz < d)
                        {
                            int j = yy * w + xx;
                            float rq = o.Z > 0 ? rn[j] : rc[j];
                            float fq = o.Z > 0 ? fn[j] : fs[j];
                            if (rq < r && rq < fq)
                            {
                                queue.Enqueue(z * wh + i);
                                break;
                            }
                        }
                    }
                }
            }
        }

        // Propagation (outside the mask rec is -infinity and f is 0, so it is never entered).
        while (queue.TryDequeue(out long p))
        {
            int z = (int)(p / wh);
            int i = (int)(p - z * wh);
            int y = i / w, x = i - y * w;
            float r = MemoryMarshal.Cast<byte, float>(rec.GetSliceBytes(z))[i];
            for (int dz = -1; dz <= 1; dz++)
            {
                int zz = z + dz;
                if ((uint)zz >= (uint)d)
                {
                    continue;
                }

                var rq = MemoryMarshal.Cast<byte, float>(rec.GetSliceBytes(zz));
                var fq = MemoryMarshal.Cast<byte, float>(f.GetSliceBytes(zz));
                var mq = MemoryMarshal.Cast<byte, uint>(mask.GetSliceBytes(zz));
                foreach (var o in nb.ByDz[dz + 1])
                {
                    int xx = x + o.X, yy = y + o.Y;
                    if ((uint)xx >= (uint)w || (uint)yy >= (uint)hh)
                    {
                        continue;
                    }

                    int j = yy * w + xx;
                    if (rq[j] < r && rq[j] != fq[j] && mq[j] != 0)
                    {
                        rq[j] = Math.Min(r, fq[j]);
                        queue.Enqueue(zz * wh + j);
                    }
                }
            }
        }

        return rec;
    }
}

/// <summary>A FIFO of voxel indices in one growable array (compacted when half consumed).</summary>
internal sealed class LongQueue
{
    private long[] _items;
    private int _head;
    private int _tail;

    public LongQueue(int capacity = 1024) => _items = new long[Math.Max(4, capacity)];

    public int Count => _tail - _head;

    public void Enqueue(long value)
    {
        if (_tail == _items.Length)
        {
            if (_head > _items.Length / 2)
            {
                Array.Copy(_items, _head, _items, 0, _tail - _head);
                _tail -= _head;
                _head = 0;
            }
            else
            {
                Array.Resize(ref _items, checked(Math.Min(Array.MaxLength, _items.Length * 2)));
            }
        }

        _items[_tail++] = value;
    }

    public bool TryDequeue(out long value)
    {
        if (_head == _tail)
        {
            _head = _tail = 0;
            value = 0;
            return false;
        }

        value = _items[_head++];
        return true;
    }
}
