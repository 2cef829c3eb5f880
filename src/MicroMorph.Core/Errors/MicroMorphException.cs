namespace MicroMorph.Core.Errors;

/// <summary>
/// The one exception type the core throws for bad input or failed I/O. It carries a fixed
/// PascalCase <see cref="ErrorId"/> (stable, testable), a <see cref="Kind"/> and the offending object.
/// </summary>
public class MicroMorphException : Exception
{
    public MicroMorphException(string errorId, MicroMorphErrorKind kind, string message, object? target = null, Exception? inner = null)
        : base(message, inner)
    {
        ErrorId = errorId;
        Kind = kind;
        Target = target;
    }

    /// <summary>Fixed identifier, e.g. <c>TiffTruncated</c>.</summary>
    public string ErrorId { get; }

    public MicroMorphErrorKind Kind { get; }

    /// <summary>The path, value or object the error is about.</summary>
    public object? Target { get; }

    public static MicroMorphException Argument(string errorId, string message, object? target = null) =>
        new(errorId, MicroMorphErrorKind.InvalidArgument, message, target);

    public static MicroMorphException InvalidData(string errorId, string message, object? target = null, Exception? inner = null) =>
        new(errorId, MicroMorphErrorKind.InvalidData, message, target, inner);
}
