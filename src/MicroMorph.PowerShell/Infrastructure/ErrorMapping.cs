using System.Management.Automation;
using MicroMorph.Core.Errors;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>The one place that turns core exceptions into ErrorRecords.</summary>
internal static class ErrorMapping
{
    public static ErrorRecord ToErrorRecord(Exception exception, object? target = null)
    {
        return exception switch
        {
            MicroMorphException mm => new ErrorRecord(mm, mm.ErrorId, Category(mm.Kind), mm.Target ?? target),
            OperationCanceledException oc => new ErrorRecord(oc, "OperationStopped", ErrorCategory.OperationStopped, target),
            UnauthorizedAccessException ua => new ErrorRecord(ua, "AccessDenied", ErrorCategory.PermissionDenied, target),
            FileNotFoundException fnf => new ErrorRecord(fnf, "PathNotFound", ErrorCategory.ObjectNotFound, fnf.FileName ?? target),
            DirectoryNotFoundException dnf => new ErrorRecord(dnf, "PathNotFound", ErrorCategory.ObjectNotFound, target),
            OutOfMemoryException oom => new ErrorRecord(oom, "OutOfMemory", ErrorCategory.ResourceUnavailable, target),
            IOException io => new ErrorRecord(io, "IOError", ErrorCategory.ReadError, target),
            _ => new ErrorRecord(exception, "UnexpectedError", ErrorCategory.NotSpecified, target),
        };
    }

    public static ErrorCategory Category(MicroMorphErrorKind kind) => kind switch
    {
        MicroMorphErrorKind.InvalidArgument => ErrorCategory.InvalidArgument,
        MicroMorphErrorKind.InvalidData => ErrorCategory.InvalidData,
        MicroMorphErrorKind.ObjectNotFound => ErrorCategory.ObjectNotFound,
        MicroMorphErrorKind.ResourceExists => ErrorCategory.ResourceExists,
        MicroMorphErrorKind.WriteError => ErrorCategory.WriteError,
        MicroMorphErrorKind.ReadError => ErrorCategory.ReadError,
        MicroMorphErrorKind.NotSupported => ErrorCategory.NotImplemented,
        MicroMorphErrorKind.LimitsExceeded => ErrorCategory.LimitsExceeded,
        MicroMorphErrorKind.OperationStopped => ErrorCategory.OperationStopped,
        _ => ErrorCategory.NotSpecified,
    };
}
