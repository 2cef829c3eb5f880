using System.Management.Automation;
using System.Management.Automation.Language;
using System.Management.Automation.Runspaces;

namespace MicroMorph.Shell;

/// <summary>
/// One runspace with the MicroMorph module imported; runs a script file or command text with
/// its output through Out-Default, and turns the outcome into a process exit code.
/// </summary>
internal sealed class ShellRunner : IDisposable
{
    public const int ExitInterrupted = 130;

    private readonly ShellConsole _console;
    private readonly string _manifest;
    private readonly string? _executionPolicy;
    private readonly ShellHost _host;
    private Runspace? _runspace;
    private PowerShell? _current;
    private volatile bool _interrupted;

    public ShellRunner(ShellConsole console, string manifest, string? executionPolicy)
    {
        _console = console;
        _manifest = manifest;
        _executionPolicy = executionPolicy;
        _host = new ShellHost(console);
        if (console.PlainOutput)
        {
            // tables and headers without ANSI escapes when stdout is redirected or NO_COLOR is set
            PSStyle.Instance.OutputRendering = OutputRendering.PlainText;
        }

        Console.CancelKeyPress += OnCancelKeyPress;
    }

    public int RunFile(string scriptPath, IEnumerable<CommandParameter> arguments) =>
        Run(ps =>
        {
            // as pwsh -File: the script is a command; its arguments go to the parameter binder
            var command = new Command(scriptPath, isScript: false, useLocalScope: false);
            foreach (var argument in arguments)
            {
                command.Parameters.Add(argument);
            }

            ps.Commands.AddCommand(command);
        }, isCommand: false);

    /// <summary>Holds <c>$?</c> after the last statement of a -Command text.</summary>
    private const string StatusVariable = "__MicroMorphShellLastStatus";

    public int RunCommand(string text, ScriptBlockAst ast)
    {
        // pwsh -Command exits 1 when the last statement failed: record $? right after it. The
        // statement goes on a line of its own after the text, so error positions do not move.
        // (Text with named begin/process/end blocks cannot take a trailing statement.)
        var plain = ast.BeginBlock is null && ast.ProcessBlock is null && ast.DynamicParamBlock is null
            && (ast.EndBlock is null || ast.EndBlock.Unnamed);
        var script = plain ? text + "\n$global:" + StatusVariable + " = $?\n" : text;
        return Run(ps => ps.AddScript(script), isCommand: true);
    }

    private int Run(Action<PowerShell> build, bool isCommand)
    {
        if (!Open())
        {
            return 1;
        }

        using var ps = PowerShell.Create(_runspace!);
        ps.Streams.Error.DataAdded += OnError;
        build(ps);
        ps.AddCommand("Out-Default");

        Interlocked.Exchange(ref _current, ps);
        var failed = false;
        try
        {
            if (_interrupted)
            {
                return ExitInterrupted;
            }

            ps.Invoke();
        }
        catch (PipelineStoppedException) when (_interrupted)
        {
            return Interrupted();
        }
        catch (RuntimeException ex)
        {
            if (_interrupted)
            {
                return Interrupted();
            }

            _console.Err(ErrorFormatter.Format(ex.ErrorRecord), ShellConsole.ErrorColor);
            failed = true;
        }
        finally
        {
            Interlocked.Exchange(ref _current, null);
            _console.ClearProgress();
        }

        if (_interrupted)
        {
            return Interrupted();
        }

        if (_host.ExitCodeRequested is int requested)
        {
            return requested;
        }

        if (failed)
        {
            return 1;
        }

        if (isCommand)
        {
            // like pwsh -Command: 1 when the last command failed ($? false)
            return LastStatus() == false ? 1 : 0;
        }

        // -File: `exit N` inside the script sets $LASTEXITCODE (it does not reach the host)
        return LastExitCodeFromExit() ?? 0;
    }

    private bool Open()
    {
        if (_runspace is not null)
        {
            return true;
        }

        var iss = InitialSessionState.CreateDefault2();
        iss.ThrowOnRunspaceOpenError = true;
        StandInCommands.AddTo(iss);
        if (OperatingSystem.IsWindows())
        {
            iss.ExecutionPolicy = Enum.TryParse<Microsoft.PowerShell.ExecutionPolicy>(_executionPolicy ?? "RemoteSigned", ignoreCase: true, out var policy)
                ? policy
                : Microsoft.PowerShell.ExecutionPolicy.RemoteSigned;
        }

        try
        {
            _runspace = RunspaceFactory.CreateRunspace(_host, iss);
            _runspace.Open();
        }
        catch (Exception ex) when (ex is RuntimeException or InvalidOperationException)
        {
            _console.Err("micromorph: cannot start the PowerShell engine: " + ex.Message, ShellConsole.ErrorColor);
            return false;
        }

        using var import = PowerShell.Create(_runspace);
        import.AddCommand("Import-Module")
            .AddParameter("Name", _manifest)
            .AddParameter("ErrorAction", ActionPreference.Stop);
        try
        {
            import.Invoke();
        }
        catch (RuntimeException ex)
        {
            _console.Err("micromorph: cannot import the MicroMorph module from '" + _manifest + "': " + ex.Message, ShellConsole.ErrorColor);
            return false;
        }

        if (import.HadErrors && import.Streams.Error.Count > 0)
        {
            foreach (var error in import.Streams.Error)
            {
                _console.Err("micromorph: cannot import the MicroMorph module from '" + _manifest + "': " + error, ShellConsole.ErrorColor);
            }

            return false;
        }

        return true;
    }

    private void OnError(object? sender, DataAddedEventArgs e)
    {
        if (sender is PSDataCollection<ErrorRecord> errors && e.Index < errors.Count)
        {
            _console.Err(ErrorFormatter.Format(errors[e.Index]), ShellConsole.ErrorColor);
        }
    }

    private int? LastExitCodeFromExit() =>
        _runspace!.SessionStateProxy.GetVariable("LASTEXITCODE") switch
        {
            int i => i,
            PSObject { BaseObject: int j } => j,
            _ => null,
        };

    private bool? LastStatus() =>
        _runspace!.SessionStateProxy.GetVariable(StatusVariable) switch
        {
            bool b => b,
            PSObject { BaseObject: bool c } => c,
            _ => null,
        };

    private int Interrupted()
    {
        _console.ClearProgress();
        _console.Err("micromorph: interrupted.", ShellConsole.ErrorColor);
        return ExitInterrupted;
    }

    private void OnCancelKeyPress(object? sender, ConsoleCancelEventArgs e)
    {
        if (_interrupted)
        {
            // a second Ctrl+C ends the process at once
            e.Cancel = false;
            return;
        }

        e.Cancel = true;
        _interrupted = true;
        var ps = Volatile.Read(ref _current);
        ps?.BeginStop(null, null);
    }

    public void Dispose()
    {
        Console.CancelKeyPress -= OnCancelKeyPress;
        _runspace?.Dispose();
    }
}
