using System.Management.Automation;
using System.Management.Automation.Runspaces;

namespace MicroMorph.Shell;

/// <summary>
/// Minimal stand-ins for the Microsoft.PowerShell.Utility stream cmdlets (Write-Output,
/// Write-Host, Write-Information, Write-Warning, Write-Verbose, Write-Debug, Write-Error,
/// Write-Progress), which the engine package from NuGet does not carry. They keep the common
/// parameters of the originals; exotic ones (e.g. Write-Error -CategoryActivity) are left out.
/// </summary>
internal static class StandInCommands
{
    public static void AddTo(InitialSessionState iss)
    {
        foreach (var (name, type) in new (string, Type)[]
        {
            ("Write-Output", typeof(WriteOutputCommand)),
            ("Write-Host", typeof(WriteHostCommand)),
            ("Write-Information", typeof(WriteInformationCommand)),
            ("Write-Warning", typeof(WriteWarningCommand)),
            ("Write-Verbose", typeof(WriteVerboseCommand)),
            ("Write-Debug", typeof(WriteDebugCommand)),
            ("Write-Error", typeof(WriteErrorCommand)),
            ("Write-Progress", typeof(WriteProgressCommand)),
        })
        {
            // never shadow a real cmdlet should the engine ever carry one
            if (iss.Commands[name].Count == 0)
            {
                iss.Commands.Add(new SessionStateCmdletEntry(name, type, helpFileName: null));
            }
        }
    }
}

[Cmdlet(VerbsCommunications.Write, "Output")]
public sealed class WriteOutputCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true, ValueFromRemainingArguments = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public PSObject[]? InputObject { get; set; }

    [Parameter]
    public SwitchParameter NoEnumerate { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            WriteObject(null);
        }
        else if (InputObject.Length == 1)
        {
            WriteObject(InputObject[0], !NoEnumerate);
        }
        else
        {
            WriteObject(InputObject, !NoEnumerate);
        }
    }
}

[Cmdlet(VerbsCommunications.Write, "Host")]
public sealed class WriteHostCommand : PSCmdlet
{
    [Parameter(Position = 0, ValueFromPipeline = true, ValueFromRemainingArguments = true)]
    [Alias("Msg", "Message")]
    public object? Object { get; set; }

    [Parameter]
    public SwitchParameter NoNewline { get; set; }

    [Parameter]
    public object Separator { get; set; } = " ";

    [Parameter]
    public ConsoleColor ForegroundColor { get; set; }

    [Parameter]
    public ConsoleColor BackgroundColor { get; set; }

    protected override void ProcessRecord()
    {
        var message = new HostInformationMessage
        {
            Message = Join(Object),
            NoNewLine = NoNewline.IsPresent,
        };
        WriteInformation(message, ["PSHOST"]);
    }

    private string Join(object? value)
    {
        if (value is PSObject { BaseObject: var b } && b is not PSCustomObject)
        {
            value = b;
        }

        if (value is string s)
        {
            return s;
        }

        if (value is System.Collections.IEnumerable items)
        {
            var parts = new List<string>();
            foreach (var item in items)
            {
                parts.Add(Join(item));
            }

            return string.Join(Separator?.ToString(), parts);
        }

        return value is null ? string.Empty : LanguagePrimitives.ConvertTo<string>(value);
    }
}

[Cmdlet(VerbsCommunications.Write, "Information")]
public sealed class WriteInformationCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true)]
    [Alias("Msg", "Message")]
    [AllowNull]
    public object? MessageData { get; set; }

    [Parameter(Position = 1)]
    public string[]? Tags { get; set; }

    protected override void ProcessRecord() => WriteInformation(MessageData, Tags ?? []);
}

[Cmdlet(VerbsCommunications.Write, "Warning")]
public sealed class WriteWarningCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString]
    [Alias("Msg")]
    public string Message { get; set; } = string.Empty;

    protected override void ProcessRecord() => WriteWarning(Message);
}

[Cmdlet(VerbsCommunications.Write, "Verbose")]
public sealed class WriteVerboseCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString]
    [Alias("Msg")]
    public string Message { get; set; } = string.Empty;

    protected override void ProcessRecord() => WriteVerbose(Message);
}

[Cmdlet(VerbsCommunications.Write, "Debug")]
public sealed class WriteDebugCommand : PSCmdlet
{
    [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [AllowEmptyString]
    [Alias("Msg")]
    public string Message { get; set; } = string.Empty;

    protected override void ProcessRecord() => WriteDebug(Message);
}

[Cmdlet(VerbsCommunications.Write, "Error", DefaultParameterSetName = "NoException")]
public sealed class WriteErrorCommand : PSCmdlet
{
    [Parameter(ParameterSetName = "WithException", Mandatory = true)]
    public Exception? Exception { get; set; }

    [Parameter(ParameterSetName = "NoException", Position = 0, Mandatory = true, ValueFromPipeline = true)]
    [Parameter(ParameterSetName = "WithException")]
    [AllowNull]
    [AllowEmptyString]
    [Alias("Msg")]
    public string? Message { get; set; }

    [Parameter(ParameterSetName = "ErrorRecord", Mandatory = true)]
    public ErrorRecord? ErrorRecord { get; set; }

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public ErrorCategory Category { get; set; } = ErrorCategory.NotSpecified;

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public string ErrorId { get; set; } = string.Empty;

    [Parameter(ParameterSetName = "NoException")]
    [Parameter(ParameterSetName = "WithException")]
    public object? TargetObject { get; set; }

    [Parameter]
    public string? RecommendedAction { get; set; }

    protected override void ProcessRecord()
    {
        var record = ErrorRecord;
        if (record is null)
        {
            var exception = Exception ?? new WriteErrorException(Message ?? string.Empty);
            record = new ErrorRecord(exception, string.IsNullOrEmpty(ErrorId) ? "Microsoft.PowerShell.Commands.WriteErrorException" : ErrorId, Category, TargetObject);
            if (Exception is not null && !string.IsNullOrEmpty(Message))
            {
                record.ErrorDetails = new ErrorDetails(Message);
            }
        }

        if (!string.IsNullOrEmpty(RecommendedAction))
        {
            record.ErrorDetails ??= new ErrorDetails(record.Exception.Message);
            record.ErrorDetails.RecommendedAction = RecommendedAction;
        }

        WriteError(record);
    }
}

/// <summary>The exception of a Write-Error with only a message (as in pwsh).</summary>
public sealed class WriteErrorException : SystemException
{
    public WriteErrorException()
    {
    }

    public WriteErrorException(string message)
        : base(message)
    {
    }

    public WriteErrorException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

[Cmdlet(VerbsCommunications.Write, "Progress")]
public sealed class WriteProgressCommand : PSCmdlet
{
    [Parameter(Position = 0)]
    public string Activity { get; set; } = "Processing";

    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string? Status { get; set; }

    [Parameter(Position = 2)]
    [ValidateRange(0, int.MaxValue)]
    public int Id { get; set; }

    [Parameter]
    [ValidateRange(-1, 100)]
    public int PercentComplete { get; set; } = -1;

    [Parameter]
    public int SecondsRemaining { get; set; } = -1;

    [Parameter]
    public string? CurrentOperation { get; set; }

    [Parameter]
    [ValidateRange(-1, int.MaxValue)]
    public int ParentId { get; set; } = -1;

    [Parameter]
    public SwitchParameter Completed { get; set; }

    protected override void ProcessRecord()
    {
        var record = new ProgressRecord(Id, string.IsNullOrEmpty(Activity) ? "Processing" : Activity, Status ?? "Processing")
        {
            PercentComplete = PercentComplete,
            SecondsRemaining = SecondsRemaining,
            CurrentOperation = CurrentOperation,
            ParentActivityId = ParentId,
            RecordType = Completed ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        };
        WriteProgress(record);
    }
}
