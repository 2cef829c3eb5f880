using MicroMorph.Core.Errors;
using MicroMorph.Core.Filtering;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Classification;

/// <summary>
/// Computes the channels of a <see cref="VoxelFeatureSet"/> for chunks of z-slices, so a
/// classifier streams through a 512^3 volume without ever holding its features whole. Every
/// channel is a separable Gaussian derivative (<see cref="GaussianKernel"/>, truncated at
/// 3 sigma as VIGRA): first the z pass (a weighted sum of whole input slices, mirrored at the
/// volume's ends, so a slice needs no halo of computed data), then y and x per slice with the
/// shared <see cref="GaussianFilter"/> row correlations. The structure tensor's products are
/// smoothed at the outer scale over a halo of product slices around the chunk. A slice's
/// channels depend only on the input, never on the chunking or the number of threads.
/// </summary>
public static class VoxelFeatureComputer
{
    /// <summary>The default chunk: slices per pass, bounded so the channels of a chunk take about 256 MiB.</summary>
    public static int DefaultChunkDepth(Volume input, VoxelFeatureSet set)
    {
        double sliceBytes = input.SliceVoxelCount * 4.0 * set.ChannelCount;
        return (int)Math.Clamp(256.0 * 1024 * 1024 / sliceBytes, 4, 64);
    }

    /// <summary>
    /// Calls <paramref name="consume"/> once per chunk of the given slices (ascending, unique),
    /// with channels[i][c] the Width x Height values of channel c on slice slices[i]. The arrays
    /// are reused by the next chunk: consume them before returning.
    /// </summary>
    public static void ForEachChunk(Volume input, VoxelFeatureSet set, IReadOnlyList<int> slices, int chunkDepth, ComputeOptions options, Action<int[], float[][][]> consume)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(slices);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(consume);
        if (input is PhaseImage)
        {
            throw MicroMorphException.Argument("FeaturesNeedGreyValues", "Features are computed from a grey-value stack, not a phase image.", input);
        }

        if (input.SliceVoxelCount > int.MaxValue / 8)
        {
            throw MicroMorphException.Argument("SliceTooLarge", $"A slice of {input.Width} x {input.Height} voxels is too large for the classifier.", input);
        }

        chunkDepth = Math.Max(1, chunkDepth);
        var engine = new Engine(input, set);
        MemoryBudget.Require(
            (double)Math.Min(chunkDepth, slices.Count) * set.ChannelCount * input.SliceVoxelCount * 4 + engine.CacheBytes(chunkDepth),
            "The feature channels of one chunk",
            input);
        var output = Enumerable.Range(0, Math.Min(chunkDepth, slices.Count))
            .Select(_ => Enumerable.Range(0, set.ChannelCount).Select(_ => new float[input.SliceVoxelCount]).ToArray())
            .ToArray();
        // One report per chunk, over the slices: the many passes inside a chunk (one per feature) would
        // each start again from 0, so they run without progress of their own.
        var progress = new ProgressCounter(slices.Count, options.Progress, "Features");
        var quiet = options with { Progress = null };
        for (int start = 0; start < slices.Count; start += chunkDepth)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            var chunk = slices.Skip(start).Take(chunkDepth).ToArray();
            var channels = chunk.Length == output.Length ? output : output[..chunk.Length];
            options.Progress?.Report(new ProgressReport("Features", $"slices {chunk[0]}-{chunk[^1]}, {start} of {slices.Count} done", (double)start / slices.Count));
            engine.Compute(chunk, channels, quiet);
            consume(chunk, channels);
            progress.Increment(chunk.Length);
        }
    }

    /// <summary>All channels of one slice (convenience for tests and pictures).</summary>
    public static float[][] ComputeSlice(Volume input, VoxelFeatureSet set, int z, ComputeOptions options)
    {
        float[][] result = [];
        ForEachChunk(input, set, [z], 1, options, (_, channels) => result = channels[0]);
        return result;
    }

    /// <summary>The per-input state: kernels, the float cache of input slices, sizes.</summary>
    private sealed class Engine
    {
        private readonly Volume _input;
        private readonly VoxelFeatureSet _set;
        private readonly int _w, _h, _d, _n;
        private readonly bool _volumetric;
        private readonly float[]?[] _cache;
        private readonly int _maxKernel;

        public Engine(Volume input, VoxelFeatureSet set)
        {
            _input = input;
            _set = set;
            _w = input.Width;
            _h = input.Height;
            _d = input.Depth;
            _n = (int)input.SliceVoxelCount;
            _volumetric = set.Dimensions == 3;
            _cache = new float[_d][];
            _maxKernel = 2 * set.MaximumRadius + 1;
        }

        public double CacheBytes(int chunkDepth) =>
            _input.DataType == VoxelDataType.Float32 ? 0 : (double)Math.Min(_d, chunkDepth + 2 * _set.MaximumRadius) * _n * 4;

        private static float[] Kernel(double sigma, int order) => GaussianKernel.Create(sigma, order, VoxelFeatureSet.KernelTruncation);

        private ReadOnlySpan<float> Source(int z) =>
            _input.DataType == VoxelDataType.Float32 ? _input.GetSlice<float>(z) : _cache[z];

        public void Compute(int[] chunk, float[][][] channels, ComputeOptions options)
        {
            // Input slices the z passes read (all of them within the largest kernel), as floats.
            int r = _volumetric ? _set.MaximumRadius : 0;
            var needed = new SortedSet<int>();
            foreach (int z in chunk)
            {
                for (int k = -r; k <= r; k++)
                {
                    needed.Add(GaussianFilter.Mirror(z + k, _d));
                }
            }

            if (_input.DataType != VoxelDataType.Float32)
            {
                for (int z = 0; z < _d; z++)
                {
                    if (!needed.Contains(z))
                    {
                        _cache[z] = null;
                    }
                }

                var load = needed.Where(z => _cache[z] is null).ToArray();
                SliceIterator.For(load.Length, options, "Reading grey values", i =>
                {
                    var buffer = new float[_n];
                    GreyValues.ReadSlice(_input, load[i], buffer);
                    _cache[load[i]] = buffer;
                });
            }

            int channel = 0;
            foreach (var feature in _set.Features)
            {
                int count = feature.ChannelCount(_set.Dimensions);
                var targets = chunk.Select((_, i) => channels[i].AsSpan(channel, count).ToArray()).ToArray();
                if (feature.Kind == VoxelFeatureKind.StructureTensorEigenvalues)
                {
                    StructureTensor(feature.Sigma, chunk, targets, options);
                }
                else
                {
                    SliceIterator.For(
                        chunk.Length,
                        options,
                        $"Features {feature}",
                        () => new Scratch(_n, _w, _h, _maxKernel),
                        (i, s) => SliceFeature(feature, chunk[i], targets[i], s),
                        _ => { });
                }

                channel += count;
            }
        }

        /// <summary>Smoothing, gradient magnitude, Laplacian or Hessian eigenvalues of one slice.</summary>
        private void SliceFeature(VoxelFeature feature, int z, float[][] target, Scratch s)
        {
            double sigma = feature.Sigma;
            var g0 = Kernel(sigma, 0);
            switch (feature.Kind)
            {
                case VoxelFeatureKind.GaussianSmoothing:
                    ZPass(z, g0, target[0]);
                    YX(target[0], g0, g0, s);
                    break;

                case VoxelFeatureKind.GradientMagnitude:
                {
                    var g1 = Kernel(sigma, 1);
                    Gradient(z, g0, g1, s.A, s.B, s.C, s);
                    var t = target[0];
                    for (int i = 0; i < _n; i++)
                    {
                        double gz = _volumetric ? s.C[i] : 0;
                        t[i] = (float)Math.Sqrt((double)s.A[i] * s.A[i] + (double)s.B[i] * s.B[i] + gz * gz);
                    }

                    break;
                }

                case VoxelFeatureKind.LaplacianOfGaussian:
                case VoxelFeatureKind.HessianEigenvalues:
                {
                    var g1 = Kernel(sigma, 1);
                    var g2 = Kernel(sigma, 2);
                    // In-plane second derivatives from the z-smoothed slice.
                    ZPass(z, g0, s.A);
                    s.A.CopyTo(s.B, 0);
                    s.A.CopyTo(s.C, 0);
                    YX(s.A, g0, g2, s);                // xx
                    YX(s.B, g2, g0, s);                // yy
                    YX(s.C, g1, g1, s);                // xy
                    if (_volumetric)
                    {
                        ZPass(z, g1, s.D);
                        s.D.CopyTo(s.E, 0);
                        YX(s.D, g0, g1, s);            // xz
                        YX(s.E, g1, g0, s);            // yz
                        ZPass(z, g2, s.F);
                        YX(s.F, g0, g0, s);            // zz
                    }

                    if (feature.Kind == VoxelFeatureKind.LaplacianOfGaussian)
                    {
                        var t = target[0];
                        for (int i = 0; i < _n; i++)
                        {
                            t[i] = s.A[i] + s.B[i] + (_volumetric ? s.F[i] : 0f);
                        }
                    }
                    else
                    {
                        Eigen(s.A, s.C, s.D, s.B, s.E, s.F, target);
                    }

                    break;
                }

                default:
                    throw new InvalidOperationException(feature.Kind.ToString());
            }
        }

        /// <summary>Gaussian gradient (x, y and, in 3-D, z) of slice z at the scale of the kernels.</summary>
        private void Gradient(int z, float[] g0, float[] g1, float[] gx, float[] gy, float[] gz, Scratch s)
        {
            ZPass(z, g0, gx);
            gx.CopyTo(gy, 0);
            YX(gx, g0, g1, s);
            YX(gy, g1, g0, s);
            if (_volumetric)
            {
                ZPass(z, g1, gz);
                YX(gz, g0, g0, s);
            }
        }

        /// <summary>
        /// Structure-tensor eigenvalues: the gradient at the inner scale sigma, its six (three in
        /// 2-D) products smoothed at the outer scale sigma / 2 (ilastik: innerScale = sigma,
        /// outerScale = sigma / 2), over a halo of product slices around the chunk.
        /// </summary>
        private void StructureTensor(double sigma, int[] chunk, float[][][] targets, ComputeOptions options)
        {
            var g0 = Kernel(sigma, 0);
            var g1 = Kernel(sigma, 1);
            var outer = Kernel(sigma / 2, 0);
            int ro = _volumetric ? outer.Length / 2 : 0;
            var productSlices = new SortedSet<int>();
            foreach (int z in chunk)
            {
                for (int k = -ro; k <= ro; k++)
                {
                    productSlices.Add(GaussianFilter.Mirror(z + k, _d));
                }
            }

            int components = _volumetric ? 6 : 3;
            var list = productSlices.ToArray();
            var products = new float[_d][][];
            SliceIterator.For(
                list.Length,
                options,
                $"Structure tensor ({sigma:G4})",
                () => new Scratch(_n, _w, _h, _maxKernel),
                (i, s) =>
                {
                    int z = list[i];
                    Gradient(z, g0, g1, s.A, s.B, s.C, s);
                    var p = new float[components][];
                    for (int c = 0; c < components; c++)
                    {
                        p[c] = new float[_n];
                    }

                    for (int v = 0; v < _n; v++)
                    {
                        float x = s.A[v], y = s.B[v];
                        p[0][v] = x * x;
                        p[1][v] = x * y;
                        p[2][v] = y * y;
                        if (components == 6)
                        {
                            float zz = s.C[v];
                            p[3][v] = x * zz;
                            p[4][v] = y * zz;
                            p[5][v] = zz * zz;
                        }
                    }

                    products[z] = p;
                },
                _ => { });

            SliceIterator.For(
                chunk.Length,
                options,
                $"Structure tensor eigenvalues ({sigma:G4})",
                () => new Scratch(_n, _w, _h, _maxKernel),
                (i, s) =>
                {
                    int z = chunk[i];
                    var smoothed = new[] { s.A, s.B, s.C, s.D, s.E, s.F };
                    for (int c = 0; c < components; c++)
                    {
                        var t = smoothed[c].AsSpan(0, _n);
                        if (_volumetric)
                        {
                            GaussianFilter.Scale(products[GaussianFilter.Mirror(z - ro, _d)][c], outer[0], t);
                            for (int j = 1; j < outer.Length; j++)
                            {
                                GaussianFilter.AddScaled(products[GaussianFilter.Mirror(z + j - ro, _d)][c], outer[j], t);
                            }
                        }
                        else
                        {
                            products[z][c].CopyTo(t);
                        }

                        YX(smoothed[c], outer, outer, s);
                    }

                    // Components: 0 xx, 1 xy, 2 yy, 3 xz, 4 yz, 5 zz.
                    Eigen(s.A, s.B, s.D, s.C, s.E, s.F, targets[i]);
                },
                _ => { });
        }

        /// <summary>Descending eigenvalues of the symmetric tensor field (xx, xy, xz, yy, yz, zz); 2-D uses xx, xy, yy.</summary>
        private void Eigen(float[] xx, float[] xy, float[] xz, float[] yy, float[] yz, float[] zz, float[][] target)
        {
            if (_volumetric)
            {
                for (int i = 0; i < _n; i++)
                {
                    var (a, b, c) = SymmetricEigenvalues.Of3x3(xx[i], xy[i], xz[i], yy[i], yz[i], zz[i]);
                    target[0][i] = (float)a;
                    target[1][i] = (float)b;
                    target[2][i] = (float)c;
                }
            }
            else
            {
                for (int i = 0; i < _n; i++)
                {
                    var (a, b) = SymmetricEigenvalues.Of2x2(xx[i], xy[i], yy[i]);
                    target[0][i] = (float)a;
                    target[1][i] = (float)b;
                }
            }
        }

        /// <summary>target = the z pass of the input at slice z (in 2-D: the slice itself).</summary>
        private void ZPass(int z, float[] kernel, float[] target)
        {
            var t = target.AsSpan(0, _n);
            if (!_volumetric)
            {
                Source(z)[.._n].CopyTo(t);
                return;
            }

            int r = kernel.Length / 2;
            GaussianFilter.Scale(Source(GaussianFilter.Mirror(z - r, _d)), kernel[0], t);
            for (int j = 1; j < kernel.Length; j++)
            {
                GaussianFilter.AddScaled(Source(GaussianFilter.Mirror(z + j - r, _d)), kernel[j], t);
            }
        }

        /// <summary>The y pass then the x pass of a slice, in place.</summary>
        private void YX(float[] slice, float[] ky, float[] kx, Scratch s)
        {
            var data = slice.AsSpan(0, _n);
            GaussianFilter.CorrelateAlongY(data, _w, _h, ky, s.Pad);
            GaussianFilter.CorrelateAlongX(data, _w, _h, kx, s.Pad);
        }
    }

    /// <summary>Per-worker slices for intermediate results and the mirrored padding of the passes.</summary>
    private sealed class Scratch
    {
        public Scratch(int n, int w, int h, int maxKernel)
        {
            A = new float[n];
            B = new float[n];
            C = new float[n];
            D = new float[n];
            E = new float[n];
            F = new float[n];
            Pad = new float[Math.Max((long)(h + maxKernel) * w, w + maxKernel)];
        }

        public float[] A { get; }

        public float[] B { get; }

        public float[] C { get; }

        public float[] D { get; }

        public float[] E { get; }

        public float[] F { get; }

        public float[] Pad { get; }
    }
}
