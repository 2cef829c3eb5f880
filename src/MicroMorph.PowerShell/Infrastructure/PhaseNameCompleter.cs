using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using MicroMorph.Core.Classification;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Completes the phase names of a parameter that takes a phase by name or label (-Phase, -OtherPhase,
/// -KeepPhase...), from the phase table of the image the command works on: the one bound to
/// -InputObject (or -PhaseImage, -Prior, -Classifier) when it is a variable or constant, else the
/// value of a plain variable piped to the command (<c>$image | Get-Particle -Phase &lt;Tab&gt;</c>).
/// Only variables are read, never a command run. Names come in the table's order, filtered by the
/// typed start (case-insensitive, no wildcards), quoted where PowerShell would not read them as one
/// bare word; the tooltip shows the label and colour. Without a phase table it offers nothing rather
/// than PowerShell's fallback, file names, which are never phases.
/// </summary>
public sealed class PhaseNameCompleter : IArgumentCompleter
{
    /// <summary>More elements than this in a piped or bound collection are not looked at.</summary>
    private const int MaximumImages = 64;

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var phases = FindPhases(parameterName, commandAst, fakeBoundParameters);
        var results = new List<CompletionResult>();
        if (phases is null)
        {
            return results;
        }

        string typed = wordToComplete ?? string.Empty;
        bool userQuoted = typed.Length > 0 && IsQuote(typed[0]);
        string start = Unquote(typed);
        foreach (var phase in phases)
        {
            if (phase.Name.StartsWith(start, StringComparison.OrdinalIgnoreCase))
            {
                string text = userQuoted || !IsBareWord(phase.Name) ? Quote(phase.Name) : phase.Name;
                string tip = $"{phase.Name}: label {phase.Label}, colour {phase.Color}";
                results.Add(new CompletionResult(text, phase.Name, CompletionResultType.ParameterValue, tip));
            }
        }

        return results;
    }

    /// <summary>
    /// The phases of the first source that has a phase table: the parameters that hold it for this
    /// parameter, in order, then a variable piped to the command, then -CarbonBinderSample.
    /// </summary>
    private static List<Phase>? FindPhases(string parameterName, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        // -KeepPhase names phases of the prior segmentation (Invoke-VoxelClassifier), -OverlayPhase those of
        // the overlay (Export-VoxelSlice); every other phase parameter names phases of the image worked on
        // (or the classes of a -Classifier).
        string[] sources = string.Equals(parameterName, "KeepPhase", StringComparison.OrdinalIgnoreCase)
            ? ["Prior"]
            : string.Equals(parameterName, "OverlayPhase", StringComparison.OrdinalIgnoreCase)
                ? ["Overlay"]
                : ["Classifier", "PhaseImage", "InputObject"];
        foreach (string source in sources)
        {
            if (PhasesOf(BoundValue(fakeBoundParameters, source)) is { } bound)
            {
                return bound;
            }
        }

        return PhasesOf(PipedVariableValue(commandAst)) ?? PhasesOf(BoundValue(fakeBoundParameters, "CarbonBinderSample"));
    }

    internal static object? BoundValue(IDictionary? fakeBoundParameters, string name)
    {
        if (fakeBoundParameters is null)
        {
            return null;
        }

        foreach (DictionaryEntry entry in fakeBoundParameters)
        {
            if (entry.Key is string key && string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
            {
                return entry.Value;
            }
        }

        return null;
    }

    /// <summary>
    /// The value of a plain variable (<c>$image</c>, <c>$global:image</c>) that is the pipeline element
    /// just before the command; null for anything else (a command, an expression, a provider path
    /// like <c>$env:x</c>), which could have side effects or take time to evaluate.
    /// </summary>
    internal static object? PipedVariableValue(CommandAst commandAst)
    {
        if (commandAst?.Parent is not PipelineAst pipeline)
        {
            return null;
        }

        int index = pipeline.PipelineElements.IndexOf(commandAst);
        if (index < 1 || pipeline.PipelineElements[index - 1] is not CommandExpressionAst { Expression: VariableExpressionAst variable } || variable.Splatted)
        {
            return null;
        }

        var path = variable.VariablePath;
        if (path.IsDriveQualified)
        {
            return null;
        }

        try
        {
            // The SessionStateProxy of Runspace.DefaultRunspace refuses calls while a pipeline runs (and
            // TabExpansion2 is one), so read the variable through the engine of this very pipeline. The
            // script is the automatic variable $ExecutionContext and nothing else: no side effects.
            var engine = ScriptBlock.Create("$ExecutionContext").Invoke().Select(o => o?.BaseObject).OfType<EngineIntrinsics>().FirstOrDefault();
            return engine?.SessionState.PSVariable.GetValue(path.UserPath);
        }
        catch (Exception ex) when (ex is RuntimeException or PSInvalidOperationException or ArgumentException)
        {
            // No runspace on this thread or an odd name: no completion rather than a failed Tab.
            return null;
        }
    }

    /// <summary>The phase table of a phase image, of the image a particle image came from, or a classifier's classes; several merged for a collection.</summary>
    private static List<Phase>? PhasesOf(object? value)
    {
        value = Unwrap(value);
        if (Table(value) is { } table)
        {
            return [.. table];
        }

        if (value is not IEnumerable items || value is string)
        {
            return null;
        }

        List<Phase>? merged = null;
        int count = 0;
        foreach (object? item in items)
        {
            if (++count > MaximumImages)
            {
                break;
            }

            if (Table(Unwrap(item)) is not { } itemTable)
            {
                continue;
            }

            merged ??= [];
            foreach (var phase in itemTable)
            {
                if (!merged.Exists(p => string.Equals(p.Name, phase.Name, StringComparison.OrdinalIgnoreCase)))
                {
                    merged.Add(phase);
                }
            }
        }

        return merged;
    }

    private static IEnumerable<Phase>? Table(object? value) => value switch
    {
        PhaseImage image => image.Phases,
        ParticleImage particles => particles.PhaseImage?.Phases,
        VoxelClassifier classifier => classifier.Classes,
        _ => null,
    };

    private static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;

    private static bool IsQuote(char c) => c is '\'' or '"' or '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u201C' or '\u201D' or '\u201E';

    private static string Unquote(string typed)
    {
        if (typed.Length > 0 && IsQuote(typed[0]))
        {
            typed = typed.Substring(1);
            if (typed.Length > 0 && IsQuote(typed[typed.Length - 1]))
            {
                typed = typed.Substring(0, typed.Length - 1);
            }
        }

        return typed;
    }

    private static string Quote(string name) => "'" + CodeGeneration.EscapeSingleQuotedStringContent(name) + "'";

    /// <summary>
    /// Whether PowerShell reads the name, typed as an argument, as that one string: not "Two words",
    /// "a,b", "-Dash" (a parameter) or "3D" (the decimal number 3).
    /// </summary>
    private static bool IsBareWord(string name)
    {
        var ast = Parser.ParseInput("x " + name, out _, out var errors);
        return errors.Length == 0
            && ast.EndBlock?.Statements is [PipelineAst { PipelineElements: [CommandAst { CommandElements: [_, StringConstantExpressionAst { StringConstantType: StringConstantType.BareWord } word] }] }]
            && word.Value == name;
    }
}
