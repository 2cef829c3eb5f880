using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Parallelism;

namespace MicroMorph.Core.Processing;

/// <summary>
/// Merges phases of a <see cref="PhaseImage"/> into one, e.g. graphite and carbon-binder into the
/// solid phase of 001 Section 3.3, or active material and CBD into the solid of 002. The merged
/// phase takes the lowest label of the merged ones (and its colour); other phases are kept.
/// </summary>
public static class PhaseMerger
{
    public static PhaseImage Merge(PhaseImage image, IReadOnlyList<Phase> phases, string name, ComputeOptions options)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(phases);
        ArgumentNullException.ThrowIfNull(options);
        if (phases.Count == 0)
        {
            throw MicroMorphException.Argument("NoPhasesToMerge", "Name at least one phase to merge.", phases);
        }

        if (string.IsNullOrWhiteSpace(name))
        {
            throw MicroMorphException.Argument("InvalidPhaseName", "The merged phase needs a name.", name);
        }

        var merged = phases.Select(p => p.Label).ToHashSet();
        byte label = merged.Min();
        if (image.Phases.Any(p => !merged.Contains(p.Label) && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            throw MicroMorphException.Argument("DuplicatePhaseName", $"The image already has another phase named '{name}'; choose a new name for the merged phase.", name);
        }

        var table = new PhaseTable(image.Phases
            .Where(p => !merged.Contains(p.Label) || p.Label == label)
            .Select(p => p.Label == label ? p with { Name = name } : p));
        var map = new byte[256];
        for (int l = 0; l < 256; l++)
        {
            map[l] = merged.Contains((byte)l) ? label : (byte)l;
        }

        var result = new PhaseImage(image.Width, image.Height, image.Depth, table);
        result.DeriveFrom(image, "merge " + string.Join(", ", phases.Select(p => p.Name).Distinct()) + " as " + name);
        SliceIterator.For(image.Depth, options, "Merging phases", z =>
        {
            var src = image.GetLabels(z);
            var dst = result.GetLabels(z);
            for (int i = 0; i < src.Length; i++)
            {
                dst[i] = map[src[i]];
            }
        });
        return result;
    }
}
