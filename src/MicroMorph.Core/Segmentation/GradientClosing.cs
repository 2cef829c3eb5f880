using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Morphology;
using MicroMorph.Core.Parallelism;
using MicroMorph.Core.Stochastic;

namespace MicroMorph.Core.Segmentation;

/// <summary>The outcome of <see cref="GradientClosing"/>.</summary>
/// <param name="TargetProfile">The CBD fraction aimed at in each slice: the scaled profile.</param>
/// <param name="Radii">The closing radius of each slice (in the volume's unit).</param>
/// <param name="SliceFractions">The CBD fraction achieved in each slice.</param>
/// <param name="Scale">The factor on the profile found by bisection so that the total CBD fraction is met.</param>
/// <param name="Slope">Slope of the line fitted (least squares) to <paramref name="SliceFractions"/> over the relative position (slice i at (i + 1/2) / n).</param>
/// <param name="Intercept">Its value at relative position 0.</param>
/// <param name="AchievedFractions">Pore, CBD and active-material fractions of the result.</param>
/// <param name="Closings">Closings computed (calibration and bisection).</param>
public sealed record GradientClosingResult(
    PhaseImage Image,
    IReadOnlyList<double> TargetProfile,
    IReadOnlyList<double> Radii,
    IReadOnlyList<double> SliceFractions,
    double Scale,
    double Slope,
    double Intercept,
    IReadOnlyList<double> AchievedFractions,
    int Closings);

/// <summary>
/// The EDX-closing trinarization of 002 Section 3.4: the active material (AM) is kept and the
/// carbon-binder domain (CBD) is inserted as closing(AM) \ AM, with a ball whose radius depends on
/// the slice (the distance to the separator) so that the CBD fraction per slice is proportional to
/// a given profile (the linear fit of the EDX fluorine signal in the paper), the factor being
/// found by bisection so that the total CBD fraction is met.
/// </summary>
/// <remarks>
/// Closing with a radius r(c) attached to each ball centre c: the pore that remains is the union of
/// the balls B(c, r(c)) that fit in the non-AM space (distance from c to the AM greater than r(c)),
/// the opening of the pore space; the CBD is every non-AM voxel that no fitting ball reaches (the
/// closing as the dual of the opening of the complement, which for a constant radius is the usual
/// erosion of the dilation). One exact distance transform gives the distance to the AM once; each
/// closing is then one generalised distance transform (lower envelope of the parabolas
/// |p - c|^2 - r(c)^2, <see cref="EuclideanDistanceTransform.LowerEnvelope(VoxelStack, ComputeOptions)"/>): p is pore where it is
/// at most 0. No structuring-element loops, any radius costs the same.
/// The paper makes the radius proportional to the EDX intensity; here the radius of each slice is
/// chosen so that the slice's CBD fraction (not its radius) follows the scaled profile: the CBD
/// fraction of every slice is first measured for a ladder of constant radii (sqrt of integers in
/// voxels, where a discrete ball changes) and inverted by linear interpolation; the bisection on
/// the factor then uses the real varying-radius closing.
/// </remarks>
public static class GradientClosing
{
    /// <summary>intercept + slope * t at the slice centres t = (i + 1/2) / n.</summary>
    public static double[] LinearProfile(int slices, double slope, double intercept) =>
        Enumerable.Range(0, slices).Select(i => intercept + slope * (i + 0.5) / slices).ToArray();

    /// <summary>
    /// The same from a grey-value stack: the brightest round(f_AM N) voxels are the active material
    /// (<see cref="FractionThreshold"/>); <paramref name="fractions"/> are pore, CBD and AM and must sum to 1.
    /// </summary>
    public static GradientClosingResult Apply(VoxelStack grey, IReadOnlyList<double> fractions, IReadOnlyList<double> profile, SliceAxis axis, PhaseTable phases, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(grey);
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentNullException.ThrowIfNull(phases);
        FractionThreshold.ValidateFractions(fractions, phases.Count);
        if (phases.Count != 3)
        {
            throw MicroMorphException.Argument("FractionCountMismatch", $"The closing trinarization makes three phases (pore, CBD, active material); {phases.Count} were named.", phases);
        }

        var twoPhases = new PhaseTable([new Phase(0, "Rest", default), new Phase(1, phases[2].Name, default)]);
        var active = FractionThreshold.Apply(grey, [1 - fractions[2], fractions[2]], twoPhases, options with { Progress = null }).Image;
        return Apply(active, 1, fractions[1], profile, axis, phases, options);
    }

    /// <summary>
    /// Keeps the phase <paramref name="activeLabel"/> of <paramref name="source"/> as the active material
    /// and fits the CBD to fractions[1] (<paramref name="fractions"/>: pore, CBD, AM, summing to 1; the
    /// AM fraction is the image's own).
    /// </summary>
    public static GradientClosingResult Apply(PhaseImage source, byte activeLabel, IReadOnlyList<double> fractions, IReadOnlyList<double> profile, SliceAxis axis, PhaseTable phases, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentNullException.ThrowIfNull(phases);
        FractionThreshold.ValidateFractions(fractions, phases.Count);
        return Apply(source, activeLabel, fractions[1], profile, axis, phases, options);
    }

    /// <summary>Fits the active material's closing to the profile.</summary>
    /// <param name="phases">Exactly three phases: pore, CBD, active material (the result's labels).</param>
    internal static GradientClosingResult Apply(PhaseImage source, byte activeLabel, double cbdFraction, IReadOnlyList<double> profile, SliceAxis axis, PhaseTable phases, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(options);
        if (phases.Count != 3)
        {
            throw MicroMorphException.Argument("FractionCountMismatch", $"The closing trinarization makes three phases (pore, CBD, active material); {phases.Count} were named.", phases);
        }

        int slices = axis switch { SliceAxis.Z => source.Depth, SliceAxis.Y => source.Height, _ => source.Width };
        if (profile.Count != slices)
        {
            throw MicroMorphException.Argument("ProfileLengthMismatch", $"The profile has {profile.Count} values; the image has {slices} slices along {axis}.", profile);
        }

        if (profile.Any(v => !(v >= 0) || double.IsInfinity(v)) || !(profile.Sum() > 0))
        {
            throw MicroMorphException.Argument("InvalidProfile", "The CBD profile must be finite and non-negative in every slice, and positive somewhere (check slope and intercept).", profile);
        }

        if (!(cbdFraction >= 0 && cbdFraction <= 1))
        {
            throw MicroMorphException.Argument("InvalidVolumeFractions", string.Create(CultureInfo.InvariantCulture, $"The CBD fraction must lie in [0, 1]; it is {cbdFraction}."), cbdFraction);
        }

        MemoryBudget.Require(10.0 * source.VoxelCount, "The closing trinarization", source);
        // Shares measured on the electrode (160^3): the bisections of the radius profile dominate.
        var stages = new StagedProgress(
            options,
            new ProgressStage("Distance transform", 1),
            new ProgressStage("Calibrating the closing radii", 4),
            new ProgressStage("Fitting the radius profile", 8),
            new ProgressStage("Closing and settling", 1));
        var work = new Work(source, activeLabel, axis, stages.Next());
        double amFraction = (double)work.ActiveCount / source.VoxelCount;
        if (cbdFraction > 1 - amFraction + 1e-12)
        {
            throw MicroMorphException.Argument(
                "CbdFractionUnreachable",
                string.Create(CultureInfo.InvariantCulture, $"The CBD fraction {cbdFraction:G6} exceeds the space left by the active material ({1 - amFraction:G6})."),
                cbdFraction);
        }

        // Calibration: CBD fraction of each slice under constant radii sqrt(j) h.
        double h = Math.Min(source.VoxelSize.X, Math.Min(source.VoxelSize.Y, source.VoxelSize.Z));
        double mean = profile.Average();
        double estimate = cbdFraction / mean;
        var ladder = work.Ladder; // squared radii
        var curves = new List<double[]> { new double[slices] };
        int maxJ = Math.Max(4, (int)Math.Pow(Math.Min(source.Width, Math.Min(source.Height, Math.Max(source.Depth, 2))) / 2.0, 2));
        int rungs = 0;
        for (int j = 1; j <= maxJ; j = NextRung(j))
        {
            rungs++;
        }

        var calibration = new ProgressCounter(rungs, stages.Next().Progress, "Calibrating the closing radii");
        for (int j = 1; j <= maxJ; j = NextRung(j))
        {
            calibration.Increment();
            double r2 = j * h * h;
            ladder.Add(r2);
            var fractions = work.Close(Enumerable.Repeat(r2, slices).ToArray(), write: null);
            curves.Add(fractions);
            bool enough = true, saturated = true;
            for (int i = 0; i < slices; i++)
            {
                enough &= fractions[i] >= Math.Min(1.25 * estimate * profile[i], work.FreeFraction[i]) - 1e-12;
                saturated &= fractions[i] >= work.FreeFraction[i] - 1e-12;
            }

            if (enough || saturated)
            {
                break;
            }
        }

        // Monotone per-slice curves (discrete balls are nearly, not exactly, a granulometry).
        for (int g = 1; g < curves.Count; g++)
        {
            for (int i = 0; i < slices; i++)
            {
                curves[g][i] = Math.Max(curves[g][i], curves[g - 1][i]);
            }
        }

        // Squared radius per slice for a factor on the (working) profile, interpolated between the ladder's rungs.
        var working = profile.ToArray();
        double[] RadiiFor(double scale)
        {
            var radii = new double[slices];
            for (int i = 0; i < slices; i++)
            {
                double target = scale * working[i];
                int g = 1;
                while (g < curves.Count && curves[g][i] < target)
                {
                    g++;
                }

                if (g == curves.Count)
                {
                    radii[i] = ladder[^1];
                    continue;
                }

                double below = curves[g - 1][i], above = curves[g][i];
                double t = above > below ? (target - below) / (above - below) : 1;
                radii[i] = ladder[g - 1] + Math.Clamp(t, 0, 1) * (ladder[g] - ladder[g - 1]);
            }

            return radii;
        }

        double Total(double[] sliceFractions) => sliceFractions.Average();

        // Bisection on the factor of the profile, so that the total CBD fraction is met. At most four
        // bisections of about 21 closings each: their progress runs over that bound.
        var fitting = new ProgressCounter(4 * 21, stages.Next().Progress, "Fitting the radius profile");
        double tolerance = Math.Max(0.5 / source.VoxelCount, 1e-4);
        (double Scale, double[] Fractions) Bisect()
        {
            double lo = 0, hi = estimate;
            var hiFractions = work.Close(RadiiFor(hi), write: null);
            fitting.Increment();
            for (int grow = 0; Total(hiFractions) < cbdFraction && grow < 30; grow++)
            {
                lo = hi;
                hi *= 2;
                hiFractions = work.Close(RadiiFor(hi), write: null);
            }

            double best = hi, bestError = Math.Abs(Total(hiFractions) - cbdFraction);
            var bestFractions = hiFractions;
            for (int step = 0; step < 20 && bestError > tolerance && hi - lo > 1e-9 * hi; step++)
            {
                options.CancellationToken.ThrowIfCancellationRequested();
                double mid = 0.5 * (lo + hi);
                var fractions = work.Close(RadiiFor(mid), write: null);
                fitting.Increment();
                double total = Total(fractions);
                if (Math.Abs(total - cbdFraction) < bestError)
                {
                    best = mid;
                    bestError = Math.Abs(total - cbdFraction);
                    bestFractions = fractions;
                }

                if (total < cbdFraction)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            return (best, bestFractions);
        }

        // The calibration uses constant radii; with a varying radius, balls reach into neighbouring
        // slices and the slices at the faces lack neighbours, which tilts the profile a little. A
        // few corrections of the working profile by the misfit of the fitted lines (not of the
        // single slices, whose noise would only be amplified) remove that.
        var goal = profile.Select(v => cbdFraction * v / mean).ToArray();
        var goalLine = Line(goal);
        var (best, achieved) = Bisect();
        double misfit = Rms(Line(achieved), goalLine);
        var bestWorking = (double[])working.Clone();
        for (int round = 0; round < 3 && misfit > 1e-3; round++)
        {
            var line = Line(achieved);
            for (int i = 0; i < slices; i++)
            {
                working[i] = Math.Max(0, working[i] + (goalLine[i] - line[i]) / best);
            }

            var (scale, fractions) = Bisect();
            double m = Rms(Line(fractions), goalLine);
            if (m >= misfit)
            {
                break;
            }

            (best, achieved, misfit) = (scale, fractions, m);
            bestWorking = (double[])working.Clone();
        }

        working = bestWorking;
        var finalSquared = RadiiFor(best);
        var finalRadii = finalSquared.Select(Math.Sqrt).ToArray();
        var image = new PhaseImage(source.Width, source.Height, source.Depth, phases);
        image.DeriveFrom(source);
        stages.Next();
        work.Close(finalSquared, image);
        var sliceFractions = work.Settle(image, (long)Math.Round(cbdFraction * source.VoxelCount));

        // Least-squares line over the relative position.
        double tMean = 0.5, yMean = sliceFractions.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < slices; i++)
        {
            double t = (i + 0.5) / slices - tMean;
            sxy += t * (sliceFractions[i] - yMean);
            sxx += t * t;
        }

        double slope = sxx > 0 ? sxy / sxx : 0;
        double cbd = Total(sliceFractions);
        image.Source = source.Source;
        image.Metadata["Trinarization.Method"] = "Closing";
        image.Metadata["Trinarization.Scale"] = best.ToString("G6", CultureInfo.InvariantCulture);
        image.Metadata["Trinarization.Radii"] = string.Join(" ", finalRadii.Select(r => r.ToString("G4", CultureInfo.InvariantCulture)));
        return new GradientClosingResult(
            image,
            goal,
            finalRadii,
            sliceFractions,
            best,
            slope,
            yMean - slope * tMean,
            [1 - amFraction - cbd, cbd, amFraction],
            work.Closings);
    }

    /// <summary>The next rung of the calibration ladder of squared radii j h^2: every j up to 16, then steps of 15 %.</summary>
    private static int NextRung(int j) => j < 16 ? j + 1 : (int)Math.Ceiling(j * 1.15);

    /// <summary>The least-squares line through y over the slice centres t = (i + 1/2) / n, evaluated there.</summary>
    private static double[] Line(double[] y)
    {
        int n = y.Length;
        double ym = y.Average(), sxy = 0, sxx = 0;
        for (int i = 0; i < n; i++)
        {
            double t = (i + 0.5) / n - 0.5;
            sxy += t * (y[i] - ym);
            sxx += t * t;
        }

        double slope = sxx > 0 ? sxy / sxx : 0;
        return Enumerable.Range(0, n).Select(i => ym + slope * ((i + 0.5) / n - 0.5)).ToArray();
    }

    private static double Rms(double[] a, double[] b) => Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Average());

    /// <summary>The distance to the active material (computed once) and the scratch of the closings.</summary>
    internal sealed class Work
    {
        private readonly PhaseImage _source;
        private readonly byte _active;
        private readonly SliceAxis _axis;
        private readonly ComputeOptions _options;
        private readonly VoxelStack _distance;
        private readonly VoxelStack _envelope;
        private readonly int _slices;

        public Work(PhaseImage source, byte active, SliceAxis axis, ComputeOptions options)
        {
            _source = source;
            _active = active;
            _axis = axis;
            _options = options with { Progress = null };
            var notActive = new bool[256];
            Array.Fill(notActive, true);
            notActive[active] = false;
            _distance = EuclideanDistanceTransform.Compute(source, notActive, borderIsBackground: false, options);
            _envelope = VoxelStack.CreateUninitialized(source.Width, source.Height, source.Depth, VoxelDataType.Float32);
            _envelope.VoxelSize = source.VoxelSize;
            _slices = axis switch { SliceAxis.Z => source.Depth, SliceAxis.Y => source.Height, _ => source.Width };
            int w = source.Width;
            var perSlice = Count((z, counts) =>
            {
                var labels = source.GetLabels(z);
                for (int i = 0; i < labels.Length; i++)
                {
                    if (labels[i] != active)
                    {
                        counts[Index(i % w, i / w, z)]++;
                    }
                }
            });
            FreeFraction = perSlice.Select(c => c / SliceSize).ToArray();
            ActiveCount = source.VoxelCount - (long)Math.Round(perSlice.Sum());
        }

        public long ActiveCount { get; }

        /// <summary>The non-AM fraction of each slice: the most CBD it can take.</summary>
        public double[] FreeFraction { get; }

        public int Closings { get; private set; }

        private double SliceSize => (double)_source.VoxelCount / _slices;

        /// <summary>The squared radii of the calibration (0 first, ascending).</summary>
        public List<double> Ladder { get; } = [0];

        /// <summary>
        /// The CBD fraction of each slice for a closing with the given squared radius per slice;
        /// writes the labels when <paramref name="write"/> is given. A squared radius between two
        /// rungs of <see cref="Ladder"/> (where discrete balls differ) gives each ball centre the
        /// upper rung with the interpolation weight as probability, by a fixed hash of the voxel
        /// (ordered dithering), so the CBD amount varies continuously with the radius.
        /// </summary>
        public double[] Close(double[] squaredRadii, PhaseImage? write)
        {
            Closings++;
            int w = _source.Width;
            var low = new double[_slices];
            var high = new double[_slices];
            var weight = new double[_slices];
            for (int s = 0; s < _slices; s++)
            {
                int g = 0;
                while (g + 1 < Ladder.Count && Ladder[g + 1] <= squaredRadii[s])
                {
                    g++;
                }

                low[s] = Ladder[g];
                high[s] = g + 1 < Ladder.Count ? Ladder[g + 1] : Ladder[g];
                weight[s] = high[s] > low[s] ? (squaredRadii[s] - low[s]) / (high[s] - low[s]) : 0;
            }

            long sliceSize = _source.SliceVoxelCount;
            SliceIterator.For(_source.Depth, _options, "Closing", z =>
            {
                var labels = _source.GetLabels(z);
                var distance = _distance.GetSlice<float>(z);
                var f = _envelope.GetSlice<float>(z);
                for (int i = 0; i < f.Length; i++)
                {
                    int s = Index(i % w, i / w, z);
                    double dither = (RandomStream.Mix((ulong)(z * sliceSize + i)) >> 11) * (1.0 / (1UL << 53));
                    double r2 = dither < weight[s] ? high[s] : low[s];
                    // A ball centred here fits in the non-AM space: it seeds the pore that stays.
                    f[i] = labels[i] != _active && (double)distance[i] * distance[i] > r2 * (1 + 1e-6) ? (float)-r2 : float.PositiveInfinity;
                }
            });
            EuclideanDistanceTransform.LowerEnvelope(_envelope, _options);

            byte pore = write?.Phases[0].Label ?? 0, cbd = write?.Phases[1].Label ?? 0, am = write?.Phases[2].Label ?? 0;
            var counts = Count((z, counts) =>
            {
                var labels = _source.GetLabels(z);
                var envelope = _envelope.GetSlice<float>(z);
                var target = write is null ? default : write.GetLabels(z);
                for (int i = 0; i < labels.Length; i++)
                {
                    bool isActive = labels[i] == _active;
                    bool isCbd = !isActive && envelope[i] > 0;
                    if (write is not null)
                    {
                        target[i] = isActive ? am : isCbd ? cbd : pore;
                    }

                    if (isCbd)
                    {
                        counts[Index(i % w, i / w, z)]++;
                    }
                }
            });
            return counts.Select(c => c / SliceSize).ToArray();
        }

        /// <summary>
        /// Makes the CBD exactly <paramref name="target"/> voxels: the bisection leaves a few voxels
        /// of difference, which are settled by the distance to the active material (the pore voxels
        /// nearest to it become CBD, or the CBD voxels farthest from it become pore; ties in raster
        /// order by <see cref="FractionThreshold"/>). Returns the CBD fraction per slice.
        /// </summary>
        public double[] Settle(PhaseImage image, long target)
        {
            byte pore = image.Phases[0].Label, cbd = image.Phases[1].Label;
            long count = 0;
            for (int z = 0; z < image.Depth; z++)
            {
                foreach (byte b in image.GetLabels(z))
                {
                    count += b == cbd ? 1 : 0;
                }
            }

            long change = target - count;
            if (change != 0)
            {
                bool grow = change > 0;
                long n = image.VoxelCount, moved = Math.Abs(change);
                var keys = VoxelStack.CreateUninitialized(image.Width, image.Height, image.Depth, VoxelDataType.Float32);
                SliceIterator.For(image.Depth, _options, "Settling", z =>
                {
                    var labels = image.GetLabels(z);
                    var distance = _distance.GetSlice<float>(z);
                    var key = keys.GetSlice<float>(z);
                    for (int i = 0; i < key.Length; i++)
                    {
                        // Growing: the nearest pore voxels come first (lowest keys); shrinking: the farthest CBD voxels (highest keys).
                        key[i] = grow ? (labels[i] == pore ? distance[i] : float.PositiveInfinity) : (labels[i] == cbd ? distance[i] : float.NegativeInfinity);
                    }
                });
                var two = new PhaseTable([new Phase(0, "Low", default), new Phase(1, "High", default)]);
                double first = grow ? (double)moved / n : (double)(n - moved) / n;
                var chosen = FractionThreshold.Apply(keys, [first, 1 - first], two, _options).Image;
                byte pick = grow ? (byte)0 : (byte)1;
                SliceIterator.For(image.Depth, _options, "Settling", z =>
                {
                    var labels = image.GetLabels(z);
                    var c = chosen.GetLabels(z);
                    for (int i = 0; i < labels.Length; i++)
                    {
                        if (c[i] == pick)
                        {
                            labels[i] = grow ? cbd : pore;
                        }
                    }
                });
            }

            int w = image.Width;
            var counts = Count((z, counts) =>
            {
                var labels = image.GetLabels(z);
                for (int i = 0; i < labels.Length; i++)
                {
                    if (labels[i] == cbd)
                    {
                        counts[Index(i % w, i / w, z)]++;
                    }
                }
            });
            return counts.Select(c => c / SliceSize).ToArray();
        }

        private int Index(int x, int y, int z) => _axis switch { SliceAxis.Z => z, SliceAxis.Y => y, _ => x };

        /// <summary>Sums over z of per-slice counts along the axis that <paramref name="body"/> adds up for slice z.</summary>
        private double[] Count(Action<int, long[]> body)
        {
            var perZ = new long[_source.Depth][];
            SliceIterator.For(_source.Depth, _options, "Counting", z =>
            {
                var counts = new long[_slices];
                body(z, counts);
                perZ[z] = counts;
            });
            var total = new double[_slices];
            foreach (var counts in perZ)
            {
                for (int i = 0; i < _slices; i++)
                {
                    total[i] += counts[i];
                }
            }

            return total;
        }
    }
}
