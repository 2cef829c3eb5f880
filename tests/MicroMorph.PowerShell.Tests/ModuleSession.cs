using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace MicroMorph.PowerShell.Tests;

/// <summary>
/// One runspace with MicroMorph imported from the repository's manifest, shared by a test class
/// (runspace start-up costs about half a second). Runs real script text.
/// </summary>
public sealed class ModuleSession : IDisposable
{
    private readonly CapturingHost _host = new();
    private readonly Runspace _runspace;

    public ModuleSession()
    {
        var state = InitialSessionState.CreateDefault2();
        state.ThrowOnRunspaceOpenError = true;
        state.ImportPSModule([Repository.Manifest]);
        _runspace = RunspaceFactory.CreateRunspace(_host, state);
        _runspace.Open();
    }

    /// <summary>Runs script text; returns its output, its non-terminating errors and any terminating error.</summary>
    public ScriptResult Run(string script)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        Collection<PSObject> output = [];
        Exception? terminating = null;
        try
        {
            output = ps.Invoke();
        }
        catch (RuntimeException ex)
        {
            terminating = ex;
        }

        return new ScriptResult(output, ps.Streams.Error.ToList(), ps.Streams.Warning.Select(w => w.Message).ToList(), terminating, _host.TakeOutput());
    }

    /// <summary>Runs script text and fails the test on any error.</summary>
    public Collection<PSObject> RunClean(string script)
    {
        var r = Run(script);
        if (r.Terminating is not null)
        {
            throw new Xunit.Sdk.XunitException("Script threw: " + r.Terminating.Message + "\n" + r.Terminating.ErrorRecordId());
        }

        if (r.Errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Script wrote errors: " + string.Join("\n", r.Errors.Select(e => e.FullyQualifiedErrorId + ": " + e.Exception.Message)));
        }

        return r.Output;
    }

    /// <summary>Runs script text through Out-Default and returns what the host displayed.</summary>
    public string Render(string script)
    {
        var r = Run("& {\n" + script + "\n} | Out-Default");
        if (r.Terminating is not null || r.Errors.Count > 0)
        {
            throw new Xunit.Sdk.XunitException("Script failed: " + (r.Terminating?.Message ?? string.Join("\n", r.Errors.Select(e => e.ToString()))));
        }

        return r.HostText;
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed record ScriptResult(Collection<PSObject> Output, List<ErrorRecord> Errors, List<string> Warnings, Exception? Terminating, string HostText)
{
    /// <summary>The ErrorIds (the part of FullyQualifiedErrorId before the cmdlet name) of all errors.</summary>
    public IEnumerable<string> ErrorIds =>
        Errors.Select(e => e.FullyQualifiedErrorId.Split(',')[0])
            .Concat(Terminating is null ? [] : [Terminating.ErrorRecordId()]);
}

internal static class ExceptionExtensions
{
    public static string ErrorRecordId(this Exception ex) =>
        ex is IContainsErrorRecord c ? c.ErrorRecord.FullyQualifiedErrorId.Split(',')[0] : ex.GetType().Name;
}
