using MicroMorph.Core.Descriptors;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Particles;

/// <summary>
/// Measures every particle of a label volume in one parallel pass over the slices (voxel count,
/// centroid, bounding box, border contact, surface area from the 2x2x2 configurations of each
/// label) and, given a phase image of the same volume, the volume of each phase and its grains
/// (004 Section 2.3.4: "a particle can consist of several connected components of a given phase,
/// referred to as grains"; grains use the particles' connectivity).
/// </summary>
public static class ParticleAnalysis
{
    public static IReadOnlyList<ParticleMeasurement> Measure(ParticleImage particles, PhaseImage? phases, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(particles);
        ArgumentNullException.ThrowIfNull(options);
        var labels = particles.Labels;
        if (phases is not null && (phases.Width != labels.Width || phases.Height != labels.Height || phases.Depth != labels.Depth))
        {
            throw MicroMorphException.Argument("PhaseImageSizeMismatch", $"The phase image is {phases.Dimensions}, the particles {labels.Dimensions}; they must have the same size.", phases);
        }

        if (particles.Count > int.MaxValue - 1)
        {
            throw new MicroMorphException("TooManyParticlesToMeasure", MicroMorphErrorKind.LimitsExceeded, $"{particles.Count} particles are more than one measurement table can hold.", particles);
        }

        int n = (int)particles.Count;
        int workers = options.MaxDegreeOfParallelism > 0 ? options.MaxDegreeOfParallelism : Environment.ProcessorCount;
        MemoryBudget.Require((n + 1.0) * (100 + (phases is null ? 0 : 2048)) * Math.Min(workers, labels.Depth + 1), "The per-thread particle tables", particles);

        var phaseList = phases?.Phases.ToArray() ?? [];
        var phaseIndex = new int[256];
        Array.Fill(phaseIndex, -1);
        for (int i = 0; i < phaseList.Length; i++)
        {
            phaseIndex[phaseList[i].Label] = i;
        }

        // Surface weights in fixed point: integer sums do not depend on how the slices were shared
        // among threads, so the areas are the same at any degree of parallelism.
        var weights = ConfigurationTables.For(labels.VoxelSize, EulerConnectivity.TwentySix).Surface;
        double quantum = Math.Max(weights.Max(Math.Abs), double.Epsilon) / (1 << 30);
        var tables = weights.Select(v => (long)Math.Round(v / quantum)).ToArray();
        var total = new Accumulator(n, phaseList.Length);
        var gate = new object();
        int w = labels.Width, h = labels.Height, d = labels.Depth;
        var stages = phases is null
            ? new StagedProgress(options, new ProgressStage("Measuring particles", 1))
            : new StagedProgress(options, new ProgressStage("Measuring particles", 2), new ProgressStage("Labelling grains", 1));
        SliceIterator.For(
            d + 1,
            stages.Next(),
            "Measuring particles",
            () => new Accumulator(n, phaseList.Length),
            (z, acc) =>
            {
                if (z < d)
                {
                    acc.AddSlice(labels.GetSlice<uint>(z), phases is null ? default : phases.GetLabels(z), phaseIndex, w, h, z, d);
                }

                acc.AddCellLayer(z > 0 ? labels.GetSlice<uint>(z - 1) : default, z < d ? labels.GetSlice<uint>(z) : default, w, h, tables);
            },
            acc =>
            {
                lock (gate)
                {
                    total.Merge(acc);
                }
            });

        var grains = phases is null ? null : Grains(particles, phases, stages.Next());
        var vs = labels.VoxelSize;
        double voxelVolume = vs.VoxelVolume;
        var result = new ParticleMeasurement[n];
        for (int l = 1; l <= n; l++)
        {
            long c = total.Count[l];
            var shares = new ParticlePhaseShare[phaseList.Length];
            for (int p = 0; p < phaseList.Length; p++)
            {
                long pc = total.PhaseCount[(long)l * phaseList.Length + p];
                var list = grains!.TryGetValue(((ulong)l << 8) | phaseList[p].Label, out var g) ? g : [];
                list.Sort((a, b) => b.CompareTo(a));
                shares[p] = new ParticlePhaseShare(phaseList[p].Name, phaseList[p].Label, pc, pc * voxelVolume, c == 0 ? 0 : (double)pc / c, list.Count, list.Select(v => v * voxelVolume).ToArray());
            }

            double volume = c * voxelVolume;
            result[l - 1] = new ParticleMeasurement
            {
                Label = l,
                VoxelCount = c,
                Volume = volume,
                EquivalentDiameter = Math.Cbrt(6 * volume / Math.PI),
                SurfaceArea = total.Surface[l] * quantum,
                CentroidX = c == 0 ? double.NaN : total.SumX[l] / c * vs.X,
                CentroidY = c == 0 ? double.NaN : total.SumY[l] / c * vs.Y,
                CentroidZ = c == 0 ? double.NaN : total.SumZ[l] / c * vs.Z,
                MinVoxelX = total.Min[3 * l],
                MinVoxelY = total.Min[3 * l + 1],
                MinVoxelZ = total.Min[3 * l + 2],
                MaxVoxelX = total.Max[3 * l],
                MaxVoxelY = total.Max[3 * l + 1],
                MaxVoxelZ = total.Max[3 * l + 2],
                TouchesBorder = total.Border[l],
                Unit = vs.Unit,
                Phases = shares,
            };
        }

        return result;
    }

    /// <summary>Voxel counts of the grains, keyed by (particle label &lt;&lt; 8 | phase label).</summary>
    private static Dictionary<ulong, List<long>> Grains(ParticleImage particles, PhaseImage phases, ComputeOptions options)
    {
        var labeller = RunLabeller.Run(new GrainRunSource(particles.Labels, phases), particles.Connectivity, options, "Labelling grains");
        long count = labeller.ComponentCount;
        var size = new long[count + 1];
        var key = new ulong[count + 1];
        for (int z = 0; z < labeller.Depth; z++)
        {
            var runs = labeller.Slice(z);
            for (int i = 0; i < runs.Count; i++)
            {
                long c = labeller.LabelOf(z, i);
                size[c] += runs.End[i] - runs.Start[i];
                key[c] = runs.Key![i];
            }
        }

        var result = new Dictionary<ulong, List<long>>();
        for (long c = 1; c <= count; c++)
        {
            if (!result.TryGetValue(key[c], out var list))
            {
                result[key[c]] = list = [];
            }

            list.Add(size[c]);
        }

        return result;
    }

    private sealed class Accumulator
    {
        public readonly long[] Count;
        public readonly double[] SumX;
        public readonly double[] SumY;
        public readonly double[] SumZ;
        public readonly int[] Min;
        public readonly int[] Max;
        public readonly bool[] Border;
        public readonly long[] Surface;
        public readonly long[] PhaseCount;
        private readonly int _phases;
        private uint[] _a = [];
        private uint[] _b = [];

        public Accumulator(int n, int phases)
        {
            _phases = phases;
            Count = new long[n + 1];
            SumX = new double[n + 1];
            SumY = new double[n + 1];
            SumZ = new double[n + 1];
            Min = new int[3 * (n + 1)];
            Max = new int[3 * (n + 1)];
            Array.Fill(Min, int.MaxValue);
            Array.Fill(Max, int.MinValue);
            Border = new bool[n + 1];
            Surface = new long[n + 1];
            PhaseCount = new long[(long)(n + 1) * phases];
        }

        public void AddSlice(ReadOnlySpan<uint> labels, ReadOnlySpan<byte> phase, int[] phaseIndex, int w, int h, int z, int d)
        {
            bool zFace = z == 0 || z == d - 1;
            for (int y = 0; y < h; y++)
            {
                bool yFace = zFace || y == 0 || y == h - 1;
                int o = y * w;
                for (int x = 0; x < w; x++)
                {
                    uint l = labels[o + x];
                    if (l == 0)
                    {
                        continue;
                    }

                    Count[l]++;
                    SumX[l] += x;
                    SumY[l] += y;
                    SumZ[l] += z;
                    int b = 3 * (int)l;
                    if (x < Min[b]) Min[b] = x;
                    if (x > Max[b]) Max[b] = x;
                    if (y < Min[b + 1]) Min[b + 1] = y;
                    if (y > Max[b + 1]) Max[b + 1] = y;
                    if (z < Min[b + 2]) Min[b + 2] = z;
                    if (z > Max[b + 2]) Max[b + 2] = z;
                    if (yFace || x == 0 || x == w - 1)
                    {
                        Border[l] = true;
                    }

                    if (_phases > 0)
                    {
                        int p = phaseIndex[phase[o + x]];
                        if (p >= 0)
                        {
                            PhaseCount[(long)l * _phases + p]++;
                        }
                    }
                }
            }
        }

        /// <summary>Surface contributions of the 2x2x2 cells between two slices (either may be outside: empty), with a background frame around the slice.</summary>
        public void AddCellLayer(ReadOnlySpan<uint> lower, ReadOnlySpan<uint> upper, int w, int h, long[] table)
        {
            int pw = w + 2;
            int size = pw * (h + 2);
            if (_a.Length != size)
            {
                _a = new uint[size];
                _b = new uint[size];
            }

            Pad(lower, _a, w, h);
            Pad(upper, _b, w, h);
            Span<uint> v = stackalloc uint[8];
            for (int y = 0; y <= h; y++)
            {
                int o = y * pw;
                for (int x = 0; x <= w; x++)
                {
                    int i = o + x;
                    v[0] = _a[i];
                    v[1] = _a[i + 1];
                    v[2] = _a[i + pw];
                    v[3] = _a[i + pw + 1];
                    v[4] = _b[i];
                    v[5] = _b[i + 1];
                    v[6] = _b[i + pw];
                    v[7] = _b[i + pw + 1];
                    uint first = v[0];
                    if (v[1] == first && v[2] == first && v[3] == first && v[4] == first && v[5] == first && v[6] == first && v[7] == first)
                    {
                        continue; // all background or all inside one particle: no surface
                    }

                    for (int k = 0; k < 8; k++)
                    {
                        uint l = v[k];
                        if (l == 0)
                        {
                            continue;
                        }

                        bool seen = false;
                        for (int j = 0; j < k; j++)
                        {
                            if (v[j] == l)
                            {
                                seen = true;
                                break;
                            }
                        }

                        if (seen)
                        {
                            continue;
                        }

                        int config = 0;
                        for (int j = k; j < 8; j++)
                        {
                            if (v[j] == l)
                            {
                                config |= 1 << j;
                            }
                        }

                        Surface[l] += table[config];
                    }
                }
            }
        }

        private static void Pad(ReadOnlySpan<uint> slice, uint[] padded, int w, int h)
        {
            if (slice.IsEmpty)
            {
                Array.Clear(padded);
                return;
            }

            int pw = w + 2;
            Array.Clear(padded, 0, pw);
            Array.Clear(padded, (h + 1) * pw, pw);
            for (int y = 0; y < h; y++)
            {
                int o = (y + 1) * pw;
                padded[o] = 0;
                slice.Slice(y * w, w).CopyTo(padded.AsSpan(o + 1, w));
                padded[o + w + 1] = 0;
            }
        }

        public void Merge(Accumulator other)
        {
            for (int l = 0; l < Count.Length; l++)
            {
                Count[l] += other.Count[l];
                SumX[l] += other.SumX[l];
                SumY[l] += other.SumY[l];
                SumZ[l] += other.SumZ[l];
                Border[l] |= other.Border[l];
                Surface[l] += other.Surface[l];
                for (int k = 3 * l; k < 3 * l + 3; k++)
                {
                    Min[k] = Math.Min(Min[k], other.Min[k]);
                    Max[k] = Math.Max(Max[k], other.Max[k]);
                }
            }

            for (long i = 0; i < PhaseCount.Length; i++)
            {
                PhaseCount[i] += other.PhaseCount[i];
            }
        }
    }
}
