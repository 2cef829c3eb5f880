namespace MicroMorph.Core.Errors;

/// <summary>
/// What kind of failure a <see cref="MicroMorphException"/> reports. Hosts map it to their own
/// categories (the PowerShell layer maps it to <c>ErrorCategory</c>); the core knows nothing of them.
/// </summary>
public enum MicroMorphErrorKind
{
    InvalidArgument,
    InvalidData,
    ObjectNotFound,
    ResourceExists,
    WriteError,
    ReadError,
    NotSupported,
    LimitsExceeded,
    OperationStopped,
}
