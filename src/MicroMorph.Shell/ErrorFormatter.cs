using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Text;

namespace MicroMorph.Shell;

/// <summary>
/// PowerShell's concise error view, written in C# so it needs no formatting pipeline:
/// <code>
/// Measure-VoxelStack: /data/run.ps1:3
/// Line |
///    3 |  Measure-VoxelStack $img -Phase Pore
///      |                           ~~~~~~~~~~~
///      | -Phase applies to a phase image; ...
///      | [InvalidArgument] NotAPhaseImage,MicroMorph.PowerShell.Commands.MeasureVoxelStackCommand
/// </code>
/// Line numbers are formatted with the invariant culture.
/// </summary>
internal static class ErrorFormatter
{
    public static string Format(ErrorRecord record)
    {
        var message = record.ErrorDetails?.Message;
        if (string.IsNullOrEmpty(message))
        {
            message = record.Exception?.Message ?? record.ToString();
        }

        var prefix = Prefix(record);
        var id = string.Format(
            CultureInfo.InvariantCulture,
            "[{0}] {1}",
            record.CategoryInfo.Category,
            record.FullyQualifiedErrorId);

        var inv = record.InvocationInfo;
        var line = inv?.Line;
        if (inv is null || inv.ScriptLineNumber <= 0 || string.IsNullOrEmpty(line) || !FromScript(record))
        {
            return prefix + ": " + message.TrimEnd() + Environment.NewLine + "  " + id;
        }

        var header = string.IsNullOrEmpty(inv.ScriptName)
            ? prefix + ":"
            : string.Format(CultureInfo.InvariantCulture, "{0}: {1}:{2}", prefix, inv.ScriptName, inv.ScriptLineNumber);
        var length = SquiggleLength(inv.Statement, inv.OffsetInLine, line);
        return Block(header, inv.ScriptLineNumber, line, inv.OffsetInLine, length, message, id);
    }

    public static string Format(ParseError error)
    {
        var extent = error.Extent;
        var file = extent.File;
        var header = string.IsNullOrEmpty(file)
            ? "ParserError:"
            : string.Format(CultureInfo.InvariantCulture, "ParserError: {0}:{1}", file, extent.StartLineNumber);
        var line = extent.StartScriptPosition.Line ?? string.Empty;
        var length = extent.EndLineNumber == extent.StartLineNumber
            ? extent.EndColumnNumber - extent.StartColumnNumber
            : line.Length - extent.StartColumnNumber + 1;
        return Block(header, extent.StartLineNumber, line, extent.StartColumnNumber, length, error.Message, "[ParserError] " + error.ErrorId);
    }

    private static string Block(string header, int lineNumber, string line, int column, int length, string message, string id)
    {
        var text = FirstLine(line).TrimEnd();
        var number = lineNumber.ToString(CultureInfo.InvariantCulture);
        var gutter = Math.Max(4, number.Length);
        var blank = new string(' ', gutter) + " | ";
        var sb = new StringBuilder();
        sb.Append(header).AppendLine();
        sb.Append("Line".PadRight(gutter)).Append(" |").AppendLine();
        sb.Append(number.PadLeft(gutter)).Append(" |  ").Append(text).AppendLine();
        var start = Math.Clamp(column - 1, 0, Math.Max(0, text.Length));
        var squiggle = Math.Clamp(length, 1, Math.Max(1, text.Length - start));
        sb.Append(blank).Append(' ').Append(new string(' ', start)).Append(new string('~', squiggle)).AppendLine();
        foreach (var part in message.TrimEnd().Split('\n'))
        {
            sb.Append(blank).Append(part.TrimEnd('\r')).AppendLine();
        }

        sb.Append(blank).Append(id);
        return sb.ToString();
    }

    private static string Prefix(ErrorRecord record)
    {
        var name = record.InvocationInfo?.MyCommand?.Name;
        if (!string.IsNullOrEmpty(name) && !name.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
        {
            return name;
        }

        if (record.Exception is CommandNotFoundException && record.TargetObject is string missing && missing.Length > 0)
        {
            return missing;
        }

        var activity = record.CategoryInfo.Activity;
        if (!string.IsNullOrEmpty(activity) && !activity.EndsWith(".ps1", StringComparison.OrdinalIgnoreCase))
        {
            return activity;
        }

        // `throw 'x'` arrives as a RuntimeException: pwsh shows it as "Exception"
        var type = record.Exception?.GetType().Name ?? "Error";
        return type == nameof(RuntimeException) ? "Exception" : type;
    }

    private static bool FromScript(ErrorRecord record) =>
        record.InvocationInfo?.MyCommand is null
        || record.InvocationInfo.MyCommand is ExternalScriptInfo or ScriptInfo
        || !string.IsNullOrEmpty(record.InvocationInfo.ScriptName)
        || record.InvocationInfo.ScriptLineNumber > 0;

    private static int SquiggleLength(string? statement, int offsetInLine, string line)
    {
        var first = FirstLine(line);
        if (!string.IsNullOrEmpty(statement))
        {
            var s = FirstLine(statement).TrimEnd();
            if (s.Length > 0)
            {
                return s.Length;
            }
        }

        return Math.Max(1, first.TrimEnd().Length - Math.Max(0, offsetInLine - 1));
    }

    private static string FirstLine(string text)
    {
        var nl = text.IndexOf('\n', StringComparison.Ordinal);
        return (nl < 0 ? text : text[..nl]).TrimEnd('\r');
    }
}
