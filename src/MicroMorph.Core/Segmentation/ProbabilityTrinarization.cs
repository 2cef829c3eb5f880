using System.Globalization;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Segmentation;

/// <summary>
/// How <see cref="ProbabilityTrinarization"/> turns probabilities into phases (002 Section 3.3):
/// ordered (NN-P1-P2-P3: <see cref="Order"/> holds every phase index) or conditional (NN-P1-Cond:
/// <see cref="Order"/> holds P1 only, and the other two phases are split by their conditional probability).
/// </summary>
public sealed record ProbabilityAssignment(IReadOnlyList<int> Order, bool Conditional)
{
    /// <summary>
    /// Parses phase names as the paper writes the variants: "AM-CBD-Pore" or "AM", "CBD", "Pore"
    /// (ordered; the last phase may be left out) or "AM-Cond" or "AM", "Cond" (conditional, three phases).
    /// </summary>
    public static ProbabilityAssignment Parse(IReadOnlyList<string> tokens, PhaseTable phases)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(phases);
        var names = tokens.ToList();
        if (names.Count == 1 && phases.All(p => !p.Name.Equals(names[0], StringComparison.OrdinalIgnoreCase)))
        {
            names = [.. names[0].Split('-', StringSplitOptions.TrimEntries)];
        }

        bool conditional = names.Count == 2 && names[1].Equals("Cond", StringComparison.OrdinalIgnoreCase);
        string text = string.Join("-", tokens);
        if (conditional && phases.Count != 3)
        {
            throw MicroMorphException.Argument("InvalidAssignment", $"The conditional assignment '{text}' needs exactly three phases; there are {phases.Count}.", tokens);
        }

        var order = new List<int>();
        foreach (string name in conditional ? names.Take(1) : names)
        {
            int index = phases.ToList().FindIndex(p => p.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
            if (index < 0 || order.Contains(index))
            {
                throw MicroMorphException.Argument(
                    "InvalidAssignment",
                    $"'{text}' is no assignment: give the phases in the order they are filled (e.g. {string.Join("-", phases.Select(p => p.Name).Reverse())}) or one phase and Cond (e.g. {phases[^1].Name}-Cond); '{name}' is {(index < 0 ? "not a phase (" + string.Join(", ", phases.Select(p => p.Name)) + ")" : "named twice")}.",
                    tokens);
            }

            order.Add(index);
        }

        if (!conditional && order.Count == phases.Count - 1)
        {
            order.Add(Enumerable.Range(0, phases.Count).Except(order).Single());
        }

        if (!conditional && order.Count != phases.Count)
        {
            throw MicroMorphException.Argument("InvalidAssignment", $"The ordered assignment '{text}' must name all {phases.Count} phases (or all but the last).", tokens);
        }

        return new ProbabilityAssignment(order, conditional);
    }

    /// <summary>The paper's name of the variant, e.g. AM-CBD-Pore or AM-Cond.</summary>
    public string Describe(PhaseTable phases) =>
        Conditional ? phases[Order[0]].Name + "-Cond" : string.Join("-", Order.Select(i => phases[i].Name));
}

/// <summary>The outcome of <see cref="ProbabilityTrinarization"/>.</summary>
/// <param name="Assignment">The variant, e.g. AM-CBD-Pore or AM-Cond.</param>
/// <param name="AchievedFractions">The phases' voxel fractions: exactly the rounded targets.</param>
public sealed record ProbabilityTrinarizationResult(PhaseImage Image, string Assignment, IReadOnlyList<double> TargetFractions, IReadOnlyList<double> AchievedFractions);

/// <summary>
/// Trinarization of per-voxel phase probabilities (or predicted compositions, e.g. the softmax
/// output of the neural network of 002 Section 3.3), matching given volume fractions exactly.
/// Ordered (NN-P1-P2-P3): the round(f N) voxels with the highest probability of P1 become P1, then
/// the voxels of highest P2 probability among the rest become P2, and so on. Conditional
/// (NN-P1-Cond): P1 as before; the rest is split by the conditional probability p2 / (p2 + p3)
/// of P2 given "not P1" (0.5 where p2 + p3 = 0), the highest becoming P2. With three phases that
/// gives the paper's nine variants (six orders, three conditionals).
/// </summary>
/// <remarks>
/// Each selection is <see cref="FractionThreshold"/> with two classes on a key volume in which the
/// voxels already assigned carry -infinity, so ties at a probability are split in raster order
/// exactly as there (the later voxels of a tie are taken first). The phase counts are the
/// cumulative roundings of the fractions in the phase table's order, as for the thresholds.
/// </remarks>
public static class ProbabilityTrinarization
{
    private static readonly PhaseTable Selection = new([new Phase(0, "Rest", default), new Phase(1, "Selected", default)]);

    public static ProbabilityTrinarizationResult Apply(IReadOnlyList<VoxelStack> probabilities, IReadOnlyList<double> fractions, PhaseTable phases, ProbabilityAssignment assignment, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(fractions);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(assignment);
        ArgumentNullException.ThrowIfNull(options);
        FractionThreshold.ValidateFractions(fractions, phases.Count);
        if (probabilities.Count != phases.Count)
        {
            throw MicroMorphException.Argument(
                "ChannelCountMismatch",
                $"Give one probability stack per phase ({phases.Count} phases: {string.Join(", ", phases.Select(p => p.Name))}); there are {probabilities.Count}.",
                probabilities);
        }

        var first = probabilities[0];
        foreach (var p in probabilities)
        {
            if (p.Width != first.Width || p.Height != first.Height || p.Depth != first.Depth)
            {
                throw MicroMorphException.Argument("SizeMismatch", $"The probability stacks differ in size ({first.Dimensions} and {p.Dimensions}).", p);
            }
        }

        long n = first.VoxelCount;
        MemoryBudget.Require(7.0 * n, "The probability trinarization", first);

        // Phase counts by cumulative rounding in the table's order (as FractionThreshold).
        var count = new long[phases.Count];
        double cumulative = 0;
        long previous = 0;
        for (int c = 0; c < phases.Count; c++)
        {
            cumulative += fractions[c];
            long end = c == phases.Count - 1 ? n : Math.Min(n, (long)Math.Round(cumulative * n));
            count[c] = end - previous;
            previous = end;
        }

        // state: 0 = not yet assigned, else phase index + 1.
        var state = new PhaseImage(first.Width, first.Height, first.Depth, Selection);
        var steps = assignment.Conditional ? 2 : phases.Count - 1;
        for (int step = 0; step < steps; step++)
        {
            options.CancellationToken.ThrowIfCancellationRequested();
            int phase = assignment.Conditional && step == 1 ? Enumerable.Range(0, 3).Except([assignment.Order[0]]).Min() : assignment.Order[step];
            int other = assignment.Conditional && step == 1 ? Enumerable.Range(0, 3).Except([assignment.Order[0], phase]).Single() : -1;
            var keys = VoxelStack.CreateUninitialized(first.Width, first.Height, first.Depth, VoxelDataType.Float32);
            SliceIterator.For(first.Depth, options with { Progress = null }, "Probability keys", () => (P: new float[first.Width * first.Height], Q: new float[first.Width * first.Height]), (z, buffers) =>
            {
                Read(probabilities[phase], z, buffers.P);
                if (other >= 0)
                {
                    Read(probabilities[other], z, buffers.Q);
                }

                var assigned = state.GetLabels(z);
                var key = keys.GetSlice<float>(z);
                for (int i = 0; i < key.Length; i++)
                {
                    if (assigned[i] != 0)
                    {
                        key[i] = float.NegativeInfinity;
                    }
                    else if (other < 0)
                    {
                        key[i] = buffers.P[i];
                    }
                    else
                    {
                        double sum = (double)buffers.P[i] + buffers.Q[i];
                        key[i] = sum > 0 ? (float)(buffers.P[i] / sum) : 0.5f;
                    }
                }
            },
            _ => { });

            var selected = FractionThreshold.Apply(keys, [(double)(n - count[phase]) / n, (double)count[phase] / n], Selection, options with { Progress = null }).Image;
            byte mark = (byte)(phase + 1);
            SliceIterator.For(first.Depth, options with { Progress = null }, "Probability assignment", z =>
            {
                var s = selected.GetLabels(z);
                var assigned = state.GetLabels(z);
                for (int i = 0; i < s.Length; i++)
                {
                    if (s[i] == 1)
                    {
                        assigned[i] = mark;
                    }
                }
            });
        }

        // The voxels left over form the last phase.
        int last = Enumerable.Range(0, phases.Count).Except(assignment.Conditional ? [assignment.Order[0], Enumerable.Range(0, 3).Except([assignment.Order[0]]).Min()] : assignment.Order.Take(steps)).Single();
        var labels = phases.Select(p => p.Label).ToArray();
        var image = new PhaseImage(first.Width, first.Height, first.Depth, phases);
        image.DeriveFrom(first);
        var counts = new long[first.Depth, phases.Count];
        SliceIterator.For(first.Depth, options, "Probability trinarization", z =>
        {
            var assigned = state.GetLabels(z);
            var target = image.GetLabels(z);
            for (int i = 0; i < target.Length; i++)
            {
                int c = assigned[i] == 0 ? last : assigned[i] - 1;
                target[i] = labels[c];
                counts[z, c]++;
            }
        });

        var achieved = Enumerable.Range(0, phases.Count).Select(c => Enumerable.Range(0, first.Depth).Sum(z => counts[z, c]) / (double)n).ToArray();
        string name = assignment.Describe(phases);
        image.Source = first.Source;
        image.Metadata["Trinarization.Method"] = "Probability";
        image.Metadata["Trinarization.Assignment"] = name;
        image.Metadata["Trinarization.Fractions"] = string.Join(" ", achieved.Select(f => f.ToString("R", CultureInfo.InvariantCulture)));
        return new ProbabilityTrinarizationResult(image, name, fractions.ToArray(), achieved);
    }

    private static void Read(VoxelStack probability, int z, float[] target)
    {
        GreyValues.ReadSliceWithoutNaN(probability, z, target);
        foreach (float v in target)
        {
            if (float.IsInfinity(v))
            {
                throw MicroMorphException.InvalidData("InvalidProbability", $"Slice {z} of a probability stack holds an infinite value.", probability);
            }
        }
    }
}
