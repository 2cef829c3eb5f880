using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using MicroMorph.PowerShell.Commands;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Completes Get-DescriptorCurve's -Curve with the curve names of the result it reads: the value bound
/// to -InputObject when it is a variable or constant, else a plain variable piped to the command
/// (<c>$c | Get-DescriptorCurve -Curve &lt;Tab&gt;</c>). Like <see cref="PhaseNameCompleter"/>, only
/// variables are read, never a command run; for a collection the first result decides. Without a
/// result it offers nothing rather than file names.
/// </summary>
public sealed class CurveNameCompleter : IArgumentCompleter
{
    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        var results = new List<CompletionResult>();
        object? value = PhaseNameCompleter.BoundValue(fakeBoundParameters, "InputObject") ?? PhaseNameCompleter.PipedVariableValue(commandAst);
        if (value is PSObject wrapped)
        {
            value = wrapped.BaseObject;
        }

        if (value is IEnumerable items and not string)
        {
            value = items.Cast<object?>().FirstOrDefault(i => i is not null);
            if (value is PSObject inner)
            {
                value = inner.BaseObject;
            }
        }

        if (value is null)
        {
            return results;
        }

        string start = (wordToComplete ?? string.Empty).Trim('\'', '"');
        foreach (var (name, _) in GetDescriptorCurveCommand.CurvesOf(value))
        {
            if (name.StartsWith(start, StringComparison.OrdinalIgnoreCase))
            {
                results.Add(new CompletionResult(name, name, CompletionResultType.ParameterValue, $"{name} of the {value.GetType().Name}"));
            }
        }

        return results;
    }
}
