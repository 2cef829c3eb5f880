using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Classification;

/// <summary>
/// The last step of 001 Section 2.3.2: voxels that a prior segmentation assigned to the kept
/// phases (there: pore space) keep that phase, whatever the classifier says; all other voxels
/// keep their class. The result's table is the classes plus the kept phases.
/// </summary>
public static class PriorPhases
{
    public static PhaseImage Keep(PhaseImage classification, PhaseImage prior, IReadOnlyList<Phase> kept, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(classification);
        ArgumentNullException.ThrowIfNull(prior);
        ArgumentNullException.ThrowIfNull(kept);
        if (prior.Width != classification.Width || prior.Height != classification.Height || prior.Depth != classification.Depth)
        {
            throw MicroMorphException.Argument("PriorSizeMismatch", $"The prior segmentation ({prior.Dimensions}) must have the size of the classification ({classification.Dimensions}).", prior);
        }

        var phases = classification.Phases.ToList();
        foreach (var p in kept)
        {
            if (phases.FirstOrDefault(c => c.Label == p.Label) is { } clash && !string.Equals(clash.Name, p.Name, StringComparison.OrdinalIgnoreCase))
            {
                throw MicroMorphException.Argument("PhaseLabelConflict", $"The kept phase '{p.Name}' has label {p.Label}, which the class '{clash.Name}' already uses.", p);
            }

            if (!phases.Any(c => c.Label == p.Label))
            {
                phases.Add(p);
            }
        }

        var result = new PhaseImage(classification.Width, classification.Height, classification.Depth, new PhaseTable(phases));
        result.DeriveFrom(classification);
        var keep = new bool[256];
        foreach (var p in kept)
        {
            keep[p.Label] = true;
        }

        SliceIterator.For(classification.Depth, options, "Keeping prior phases", z =>
        {
            var target = result.GetLabels(z);
            classification.GetLabels(z).CopyTo(target);
            ReadOnlySpan<byte> before = prior.GetLabels(z);
            for (int i = 0; i < target.Length; i++)
            {
                if (keep[before[i]])
                {
                    target[i] = before[i];
                }
            }
        });

        return result;
    }
}
