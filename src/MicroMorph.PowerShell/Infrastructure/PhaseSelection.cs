using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>Resolves a cmdlet's -Phase values (names or labels) against a phase image's table.</summary>
internal static class PhaseSelection
{
    /// <summary>
    /// The phases named by <paramref name="names"/>, in the order given (all phases of the table
    /// when null); each unknown name is reported through <paramref name="onError"/> and skipped.
    /// </summary>
    public static IReadOnlyList<Phase> Resolve(PhaseImage image, string[]? names, Action<MicroMorphException, string> onError)
    {
        if (names is null)
        {
            return image.Phases.ToArray();
        }

        var result = new List<Phase>();
        foreach (var name in names)
        {
            try
            {
                var phase = image.Phases.Resolve(name);
                if (!result.Contains(phase))
                {
                    result.Add(phase);
                }
            }
            catch (MicroMorphException ex)
            {
                onError(ex, name);
            }
        }

        return result;
    }
}
