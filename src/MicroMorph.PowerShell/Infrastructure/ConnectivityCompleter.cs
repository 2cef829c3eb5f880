using System.Collections;
using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Completes -Connectivity with 6, 18 and 26 in that order, each with what it connects in the tooltip.
/// (A ValidateSet would be completed sorted as text, 18 26 6, and wins over any completer.)
/// </summary>
public sealed class ConnectivityCompleter : IArgumentCompleter
{
    /// <summary>The voxel neighbourhoods, smallest first.</summary>
    internal static readonly (int Value, string Meaning)[] Neighbourhoods =
    [
        (6, "faces"),
        (18, "faces and edges"),
        (26, "faces, edges and corners"),
    ];

    public IEnumerable<CompletionResult> CompleteArgument(
        string commandName, string parameterName, string wordToComplete, CommandAst commandAst, IDictionary fakeBoundParameters)
    {
        string start = (wordToComplete ?? string.Empty).Trim('\'', '"');
        var results = new List<CompletionResult>();
        foreach (var (value, meaning) in Neighbourhoods)
        {
            string text = value.ToString(CultureInfo.InvariantCulture);
            if (text.StartsWith(start, StringComparison.Ordinal))
            {
                results.Add(new CompletionResult(text, text, CompletionResultType.ParameterValue, $"{text}: neighbours through {meaning}"));
            }
        }

        return results;
    }
}
