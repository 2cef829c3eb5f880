using System.Collections;
using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Processing;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>
/// ConvertTo-PhaseImage: turns a labelled stack (integer values 0-255) into a PhaseImage with a
/// phase table, e.g. -Phase @{ 0 = 'Pore'; 85 = 'NMC'; 170 = 'CBD' }.
/// </summary>
[Cmdlet(VerbsData.ConvertTo, "PhaseImage")]
[OutputType(typeof(PhaseImage))]
public sealed class ConvertToPhaseImageCommand : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [InputObject(typeof(VoxelStack))]
    [ValidateNotNull]
    public VoxelStack InputObject { get; set; } = null!;

    /// <summary>Label -> name table (hashtable); without it each label present becomes "Phase{label}".</summary>
    [Parameter(Position = 0)]
    public IDictionary? Phase { get; set; }

    /// <summary>Label or name -> colour (#RRGGBB) table; phases not listed get default colours.</summary>
    [Parameter]
    public IDictionary? Color { get; set; }

    protected override void ProcessRecord()
    {
        PhaseTable? table;
        try
        {
            table = Phase is null ? null : BuildTable(Phase, Color);
        }
        catch (MicroMorphException ex)
        {
            WriteError(ex, Phase);
            return;
        }

        WriteVerbose(table is null
            ? $"Converting {InputObject}: without -Phase, each label present becomes a phase named Phase<label>."
            : $"Converting {InputObject} with the phase table of -Phase: " + string.Join(", ", table.Select(p => $"{p.Label} = {p.Name}")) + ".");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (TryRun("Converting labels", o => PhaseImageConverter.Convert(InputObject, table, o), InputObject, out var image))
        {
            WriteVerbose($"Converted in {VerboseMessages.Seconds(clock)}.");
            if (VerboseMessages.IsEnabled(this) && TryRun("Counting labels", o => PhaseCounter.CountLabels(image, o), InputObject, out var counts))
            {
                // One more pass over the volume, only when the lines are shown.
                var present = Enumerable.Range(0, 256).Where(l => counts[l] > 0).ToList();
                WriteVerbose(string.Create(CultureInfo.InvariantCulture, $"{present.Count} label(s) present: ") + string.Join(", ", present.Select(l => string.Create(CultureInfo.InvariantCulture, $"{l} ({(image.Phases.TryGet((byte)l, out var p) ? p.Name : "?")}): {VerboseMessages.Count(counts[l])} voxels, {(double)counts[l] / image.VoxelCount:P2}"))) + ".");
            }

            if (table is null && Color is not null)
            {
                try
                {
                    image.Phases = BuildTable(image.Phases.ToDictionary(p => (object)(int)p.Label, p => (object)p.Name), Color);
                }
                catch (MicroMorphException ex)
                {
                    WriteError(ex, Color);
                    return;
                }
            }

            WriteObject(image);
        }
    }

    private static PhaseTable BuildTable(IDictionary names, IDictionary? colors)
    {
        var phases = new List<Phase>();
        int index = 0;
        foreach (DictionaryEntry entry in SortedByLabel(names))
        {
            byte label = ParseLabel(entry.Key);
            string name = LanguagePrimitives.ConvertTo<string>(entry.Value);
            phases.Add(new Phase(label, name, RgbColor.Default(index++)));
        }

        if (colors is not null)
        {
            foreach (DictionaryEntry entry in colors)
            {
                string key = LanguagePrimitives.ConvertTo<string>(entry.Key);
                var phase = new PhaseTable(phases).Resolve(key);
                var colour = RgbColor.Parse(LanguagePrimitives.ConvertTo<string>(entry.Value));
                phases[phases.IndexOf(phase)] = phase with { Color = colour };
            }
        }

        return new PhaseTable(phases);
    }

    private static IEnumerable SortedByLabel(IDictionary names) =>
        names.Cast<DictionaryEntry>().OrderBy(e => ParseLabel(e.Key));

    private static byte ParseLabel(object key)
    {
        string text = LanguagePrimitives.ConvertTo<string>(key);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int label) && label is >= 0 and <= 255)
        {
            return (byte)label;
        }

        throw MicroMorphException.Argument("InvalidPhaseLabel", $"'{text}' is not a phase label; labels are integers 0-255 (the keys of -Phase).", key);
    }
}
