using System.Globalization;
using System.Management.Automation;
using System.Text;

namespace MicroMorph.Shell;

/// <summary>
/// The process's stdout/stderr as the shell sees them: whether to emit ANSI escapes, how wide a
/// line is, and the single updating progress line (only when stderr is a terminal).
/// </summary>
internal sealed class ShellConsole
{
    public const string ErrorColor = "\u001b[31;1m";
    public const string WarningColor = "\u001b[33;1m";
    public const string VerboseColor = "\u001b[33m";
    private const string Reset = "\u001b[0m";

    /// <summary>Width used when stdout is not a terminal: wide enough that tables are not truncated early.</summary>
    public const int RedirectedWidth = 120;

    private readonly object _gate = new();
    private readonly TextWriter _out;
    private readonly TextWriter _err;
    private readonly bool _progressVisible;
    private int _progressLength;

    public ShellConsole()
    {
        var noColor = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NO_COLOR"));
        PlainOutput = Console.IsOutputRedirected || noColor;
        PlainError = Console.IsErrorRedirected || noColor;
        _progressVisible = !Console.IsErrorRedirected;
        NonInteractive = Console.IsInputRedirected;
        Width = ComputeWidth();
        Height = ComputeHeight();
        _out = Console.Out;
        _err = Console.Error;
    }

    /// <summary>No ANSI escapes on stdout (redirected, or NO_COLOR set).</summary>
    public bool PlainOutput { get; }

    /// <summary>No ANSI escapes on stderr.</summary>
    public bool PlainError { get; }

    /// <summary>Prompts are refused (stdin is not a terminal, or -NonInteractive).</summary>
    public bool NonInteractive { get; set; }

    public int Width { get; }

    public int Height { get; }

    public void Out(string text, bool newLine)
    {
        lock (_gate)
        {
            ClearProgressLocked();
            if (newLine)
            {
                _out.WriteLine(text);
            }
            else
            {
                _out.Write(text);
            }

            _out.Flush();
        }
    }

    public void Err(string text, string? color = null)
    {
        lock (_gate)
        {
            ClearProgressLocked();
            _out.Flush();
            if (PlainError || color is null)
            {
                _err.WriteLine(PlainError ? StripAnsi(text) : text);
            }
            else
            {
                _err.WriteLine(color + text + Reset);
            }

            _err.Flush();
        }
    }

    public void ClearProgress()
    {
        lock (_gate)
        {
            ClearProgressLocked();
        }
    }

    /// <summary>One updating line on a terminal stderr: "Activity: Status [NN%]"; nothing otherwise.</summary>
    public void Progress(long sourceId, ProgressRecord record)
    {
        if (!_progressVisible)
        {
            return;
        }

        lock (_gate)
        {
            if (record.RecordType == ProgressRecordType.Completed)
            {
                ClearProgressLocked();
                return;
            }

            var line = new StringBuilder();
            line.Append(record.Activity);
            if (!string.IsNullOrEmpty(record.StatusDescription))
            {
                line.Append(": ").Append(record.StatusDescription);
            }

            if (!string.IsNullOrEmpty(record.CurrentOperation))
            {
                line.Append(" - ").Append(record.CurrentOperation);
            }

            if (record.PercentComplete >= 0)
            {
                line.Append(string.Format(CultureInfo.InvariantCulture, " [{0,3}%]", Math.Min(record.PercentComplete, 100)));
            }

            if (record.SecondsRemaining > 0)
            {
                line.Append(string.Format(CultureInfo.InvariantCulture, " {0}s left", record.SecondsRemaining));
            }

            var max = Math.Max(10, Width - 1);
            var text = StripAnsi(line.ToString()).Replace('\n', ' ').Replace('\r', ' ');
            if (text.Length > max)
            {
                text = text[..(max - 3)] + "...";
            }

            var pad = Math.Max(0, _progressLength - text.Length);
            _err.Write("\r" + text + new string(' ', pad));
            _err.Flush();
            _progressLength = text.Length;
        }
    }

    private void ClearProgressLocked()
    {
        if (_progressLength > 0)
        {
            _err.Write("\r" + new string(' ', _progressLength) + "\r");
            _err.Flush();
            _progressLength = 0;
        }
    }

    /// <summary>Removes CSI/OSC escape sequences.</summary>
    public static string StripAnsi(string text)
    {
        if (text.IndexOf('\u001b', StringComparison.Ordinal) < 0)
        {
            return text;
        }

        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c != '\u001b' || i + 1 >= text.Length)
            {
                sb.Append(c);
                continue;
            }

            var next = text[i + 1];
            if (next == '[')
            {
                // CSI: ESC [ params final-byte(0x40-0x7E)
                var j = i + 2;
                while (j < text.Length && (text[j] < '@' || text[j] > '~'))
                {
                    j++;
                }

                i = j;
            }
            else if (next == ']')
            {
                // OSC: ESC ] ... (BEL | ESC \)
                var j = i + 2;
                while (j < text.Length && text[j] != '\a' && !(text[j] == '\u001b' && j + 1 < text.Length && text[j + 1] == '\\'))
                {
                    j++;
                }

                i = j < text.Length && text[j] == '\u001b' ? j + 1 : j;
            }
            else
            {
                i++;
            }
        }

        return sb.ToString();
    }

    private static int ComputeWidth()
    {
        if (Console.IsOutputRedirected)
        {
            return RedirectedWidth;
        }

        try
        {
            var w = Console.WindowWidth;
            return w >= 20 ? w : RedirectedWidth;
        }
        catch (IOException)
        {
            return RedirectedWidth;
        }
    }

    private static int ComputeHeight()
    {
        if (Console.IsOutputRedirected)
        {
            return 50;
        }

        try
        {
            var h = Console.WindowHeight;
            return h > 0 ? h : 50;
        }
        catch (IOException)
        {
            return 50;
        }
    }
}
