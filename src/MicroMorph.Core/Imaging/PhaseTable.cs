using System.Collections;
using System.Globalization;
using MicroMorph.Core.Errors;

namespace MicroMorph.Core.Imaging;

/// <summary>
/// The phases of a <see cref="PhaseImage"/>: unique labels and unique (case-insensitive) names,
/// ordered by label. Immutable.
/// </summary>
public sealed class PhaseTable : IReadOnlyList<Phase>
{
    private readonly Phase[] _phases;

    public PhaseTable(IEnumerable<Phase> phases)
    {
        ArgumentNullException.ThrowIfNull(phases);
        _phases = phases.OrderBy(p => p.Label).ToArray();
        for (int i = 0; i < _phases.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(_phases[i].Name))
            {
                throw MicroMorphException.Argument("InvalidPhaseName", $"Phase {_phases[i].Label} has an empty name.", _phases[i]);
            }

            if (int.TryParse(_phases[i].Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
            {
                throw MicroMorphException.Argument("InvalidPhaseName", $"Phase name '{_phases[i].Name}' is a number; names must not be confused with labels.", _phases[i]);
            }

            for (int j = 0; j < i; j++)
            {
                if (_phases[j].Label == _phases[i].Label)
                {
                    throw MicroMorphException.Argument("DuplicatePhaseLabel", $"Label {_phases[i].Label} appears twice in the phase table.", _phases[i]);
                }

                if (string.Equals(_phases[j].Name, _phases[i].Name, StringComparison.OrdinalIgnoreCase))
                {
                    throw MicroMorphException.Argument("DuplicatePhaseName", $"Phase name '{_phases[i].Name}' appears twice in the phase table.", _phases[i]);
                }
            }
        }
    }

    public int Count => _phases.Length;

    public Phase this[int index] => _phases[index];

    /// <summary>A table naming each label "Phase{label}" with default colours.</summary>
    public static PhaseTable ForLabels(IEnumerable<byte> labels) =>
        new(labels.Distinct().OrderBy(l => l).Select((l, i) => new Phase(l, "Phase" + l.ToString(CultureInfo.InvariantCulture), RgbColor.Default(i))));

    public bool TryGet(byte label, out Phase phase)
    {
        foreach (var p in _phases)
        {
            if (p.Label == label)
            {
                phase = p;
                return true;
            }
        }

        phase = null!;
        return false;
    }

    /// <summary>Finds a phase by name (case-insensitive) or by its label written as an integer.</summary>
    public Phase Resolve(string nameOrLabel)
    {
        ArgumentNullException.ThrowIfNull(nameOrLabel);
        string key = nameOrLabel.Trim();
        foreach (var p in _phases)
        {
            if (string.Equals(p.Name, key, StringComparison.OrdinalIgnoreCase))
            {
                return p;
            }
        }

        if (int.TryParse(key, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) && label is >= 0 and <= 255 && TryGet((byte)label, out var byLabel))
        {
            return byLabel;
        }

        throw new MicroMorphException(
            "PhaseNotFound",
            MicroMorphErrorKind.ObjectNotFound,
            $"The phase '{nameOrLabel}' is not in the phase table ({this}).",
            nameOrLabel);
    }

    public IEnumerator<Phase> GetEnumerator() => ((IEnumerable<Phase>)_phases).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", _phases.Select(p => p.ToString()));
}
