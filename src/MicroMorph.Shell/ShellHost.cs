using System.Globalization;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Reflection;

namespace MicroMorph.Shell;

/// <summary>
/// The PSHost of the shell: a name, a version, the process culture, and <see cref="SetShouldExit"/>
/// recorded so that a top-level <c>exit N</c> reaches the process exit code.
/// </summary>
internal sealed class ShellHost : PSHost
{
    private readonly ShellHostUserInterface _ui;

    public ShellHost(ShellConsole console)
    {
        _ui = new ShellHostUserInterface(console);
        CurrentCulture = CultureInfo.CurrentCulture;
        CurrentUICulture = CultureInfo.CurrentUICulture;
    }

    public override string Name => "MicroMorph.Shell";

    public override Version Version { get; } = typeof(ShellHost).Assembly.GetName().Version ?? new Version(0, 0);

    public override Guid InstanceId { get; } = Guid.NewGuid();

    public override CultureInfo CurrentCulture { get; }

    public override CultureInfo CurrentUICulture { get; }

    public override PSHostUserInterface UI => _ui;

    /// <summary>Set when the engine asked the host to exit (a top-level <c>exit N</c>).</summary>
    public int? ExitCodeRequested { get; private set; }

    public override void SetShouldExit(int exitCode) => ExitCodeRequested = exitCode;

    public override void EnterNestedPrompt() =>
        throw new PSNotSupportedException("MicroMorph.Shell has no interactive prompt (nested prompts are not supported).");

    public override void ExitNestedPrompt() =>
        throw new PSNotSupportedException("MicroMorph.Shell has no interactive prompt (nested prompts are not supported).");

    public override void NotifyBeginApplication()
    {
    }

    public override void NotifyEndApplication()
    {
    }

    /// <summary>The version shown by <c>-Version</c>: the informational version of the shell.</summary>
    public static string DisplayVersion(Assembly assembly)
    {
        var info = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(info))
        {
            return assembly.GetName().Version?.ToString() ?? "0.0";
        }

        // drop build metadata: "+<commit>" (SDK) or " SHA: <commit>" (PowerShell)
        var end = info.IndexOfAny(['+', ' ']);
        return end < 0 ? info : info[..end];
    }
}

/// <summary>The host UI: pipeline text to stdout, errors/warnings/verbose/debug to stderr, progress as one line on a terminal.</summary>
internal sealed class ShellHostUserInterface : PSHostUserInterface
{
    private readonly ShellConsole _console;
    private readonly ShellRawUserInterface _rawUI;

    public ShellHostUserInterface(ShellConsole console)
    {
        _console = console;
        _rawUI = new ShellRawUserInterface(console);
    }

    public override PSHostRawUserInterface RawUI => _rawUI;

    public override bool SupportsVirtualTerminal => !_console.PlainOutput;

    public override void Write(string value) => _console.Out(Clean(value), newLine: false);

    public override void Write(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => Write(value);

    public override void WriteLine() => _console.Out(string.Empty, newLine: true);

    public override void WriteLine(string value) => _console.Out(Clean(value), newLine: true);

    public override void WriteLine(ConsoleColor foregroundColor, ConsoleColor backgroundColor, string value) => WriteLine(value);

    public override void WriteErrorLine(string value) => _console.Err(value, ShellConsole.ErrorColor);

    public override void WriteWarningLine(string message) =>
        _console.Err("WARNING: " + message, ShellConsole.WarningColor);

    public override void WriteVerboseLine(string message) =>
        _console.Err("VERBOSE: " + message, ShellConsole.VerboseColor);

    public override void WriteDebugLine(string message) =>
        _console.Err("DEBUG: " + message, ShellConsole.VerboseColor);

    // Write-Information / Write-Host text reaches the host through Write/WriteLine (the engine
    // displays it); WriteInformation is only a notification, so it is not overridden.

    public override void WriteProgress(long sourceId, ProgressRecord record) => _console.Progress(sourceId, record);

    public override string ReadLine()
    {
        _console.ClearProgress();
        return Console.In.ReadLine() ?? string.Empty;
    }

    public override System.Security.SecureString ReadLineAsSecureString()
    {
        var secure = new System.Security.SecureString();
        foreach (var c in ReadLine())
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }

    public override Dictionary<string, PSObject> Prompt(string caption, string message, System.Collections.ObjectModel.Collection<FieldDescription> descriptions)
    {
        ThrowIfNonInteractive("prompt for " + string.Join(", ", descriptions.Select(d => d.Name)));
        if (!string.IsNullOrEmpty(caption))
        {
            WriteLine(caption);
        }

        if (!string.IsNullOrEmpty(message))
        {
            WriteLine(message);
        }

        var result = new Dictionary<string, PSObject>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in descriptions)
        {
            Write(field.Name + ": ");
            result[field.Name] = PSObject.AsPSObject(ReadLine());
        }

        return result;
    }

    public override int PromptForChoice(string caption, string message, System.Collections.ObjectModel.Collection<ChoiceDescription> choices, int defaultChoice)
    {
        ThrowIfNonInteractive("ask: " + message);
        while (true)
        {
            WriteLine(caption);
            WriteLine(message);
            for (var i = 0; i < choices.Count; i++)
            {
                WriteLine(string.Format(CultureInfo.InvariantCulture, "[{0}] {1}", i, choices[i].Label.Replace("&", string.Empty, StringComparison.Ordinal)));
            }

            Write(string.Format(CultureInfo.InvariantCulture, "(default {0}): ", defaultChoice));
            var answer = ReadLine().Trim();
            if (answer.Length == 0)
            {
                return defaultChoice;
            }

            if (int.TryParse(answer, NumberStyles.Integer, CultureInfo.InvariantCulture, out var index) && index >= 0 && index < choices.Count)
            {
                return index;
            }

            for (var i = 0; i < choices.Count; i++)
            {
                var label = choices[i].Label;
                var amp = label.IndexOf('&', StringComparison.Ordinal);
                var hotkey = amp >= 0 && amp + 1 < label.Length ? label[amp + 1].ToString() : null;
                if (string.Equals(answer, label.Replace("&", string.Empty, StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase)
                    || (hotkey is not null && string.Equals(answer, hotkey, StringComparison.OrdinalIgnoreCase)))
                {
                    return i;
                }
            }
        }
    }

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName) =>
        PromptForCredential(caption, message, userName, targetName, PSCredentialTypes.Default, PSCredentialUIOptions.Default);

    public override PSCredential PromptForCredential(string caption, string message, string userName, string targetName, PSCredentialTypes allowedCredentialTypes, PSCredentialUIOptions options)
    {
        ThrowIfNonInteractive("prompt for a credential");
        if (string.IsNullOrEmpty(userName))
        {
            Write("User: ");
            userName = ReadLine();
        }

        Write("Password for " + userName + ": ");
        return new PSCredential(userName, ReadLineAsSecureString());
    }

    private string Clean(string value) => _console.PlainOutput ? GetOutputString(value, supportsVirtualTerminal: false) : value;

    private void ThrowIfNonInteractive(string what)
    {
        if (_console.NonInteractive)
        {
            throw new PSInvalidOperationException(
                "MicroMorph.Shell is running non-interactively and cannot " + what + ". Pass the value as a parameter.");
        }
    }
}

/// <summary>The raw UI: only what formatting needs (the buffer width); everything screen-addressed is unsupported.</summary>
internal sealed class ShellRawUserInterface : PSHostRawUserInterface
{
    private readonly ShellConsole _console;

    public ShellRawUserInterface(ShellConsole console) => _console = console;

    public override ConsoleColor BackgroundColor { get; set; } = ConsoleColor.Black;

    public override ConsoleColor ForegroundColor { get; set; } = ConsoleColor.Gray;

    public override Size BufferSize
    {
        get => new(_console.Width, short.MaxValue);
        set { }
    }

    public override Coordinates CursorPosition { get; set; }

    public override int CursorSize { get; set; } = 25;

    public override bool KeyAvailable => false;

    public override Size MaxPhysicalWindowSize => new(_console.Width, _console.Height);

    public override Size MaxWindowSize => new(_console.Width, _console.Height);

    public override Coordinates WindowPosition { get; set; }

    public override Size WindowSize
    {
        get => new(_console.Width, _console.Height);
        set { }
    }

    public override string WindowTitle { get; set; } = "MicroMorph";

    public override void FlushInputBuffer()
    {
    }

    public override BufferCell[,] GetBufferContents(Rectangle rectangle) =>
        throw new NotSupportedException("MicroMorph.Shell does not support reading the screen buffer.");

    public override KeyInfo ReadKey(ReadKeyOptions options) =>
        throw new NotSupportedException("MicroMorph.Shell does not support ReadKey (no interactive console).");

    public override void ScrollBufferContents(Rectangle source, Coordinates destination, Rectangle clip, BufferCell fill) =>
        throw new NotSupportedException("MicroMorph.Shell does not support scrolling the screen buffer.");

    public override void SetBufferContents(Coordinates origin, BufferCell[,] contents) =>
        throw new NotSupportedException("MicroMorph.Shell does not support writing the screen buffer.");

    public override void SetBufferContents(Rectangle rectangle, BufferCell fill) =>
        throw new NotSupportedException("MicroMorph.Shell does not support writing the screen buffer.");
}
