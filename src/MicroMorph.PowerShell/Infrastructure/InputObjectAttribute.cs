using System.Collections;
using System.Globalization;
using System.Management.Automation;
using MicroMorph.Core.Errors;
using MicroMorph.Core.Imaging;
using MicroMorph.Core.Particles;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// On -InputObject: turns the common wrong objects (a grey VoxelStack where a PhaseImage is needed, a
/// Get-Particle result, a path string) into a MicroMorph error that names what was passed, what is
/// needed and the fix, instead of PowerShell's generic "cannot be bound" or "cannot convert" message.
/// </summary>
/// <remarks>
/// A transformation attribute rather than an <c>object</c>-typed parameter: the parameter keeps its
/// real type, so the help's syntax and its documented Type (PhaseImage, Volume...) stay true, and
/// [OutputType], the pipeline binding of the right objects and phase completion are untouched.
/// PowerShell runs it before its own type check, for pipeline input and for -InputObject alike, and
/// wraps what it throws in a ParameterArgumentTransformationError (non-terminating per piped object)
/// whose message ends with ours; the inner exception is a MicroMorphException with the fixed ErrorId
/// <c>WrongInputType</c> and the passed object as its target. Use it only on a cmdlet's one pipeline
/// parameter: it throws during the first (uncoerced) binding pass, so no other parameter could then
/// bind the object by property name.
/// </remarks>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class InputObjectAttribute(Type expected) : ArgumentTransformationAttribute
{
    /// <summary>The ErrorId of the inner MicroMorphException.</summary>
    public const string WrongInputTypeId = "WrongInputType";

    /// <summary>The type the parameter takes.</summary>
    public Type Expected { get; } = expected;

    /// <summary>Accepts a ParticleImage as its label volume (where any volume will do, e.g. Export-VoxelStack).</summary>
    public bool ParticleLabels { get; set; }

    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        object? value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is null || Expected.IsInstanceOfType(value))
        {
            return inputData;
        }

        if (ParticleLabels && value is ParticleImage particles && Expected.IsInstanceOfType(particles.Labels))
        {
            return particles.Labels;
        }

        if (value is IList { Count: 1 } single)
        {
            // @($image) given to -InputObject: the one element is meant.
            return Transform(engineIntrinsics, single[0]!);
        }

        if (inputData is PSObject { TypeNames: [var typeName, ..] } && typeName.StartsWith("Deserialized.", StringComparison.Ordinal))
        {
            // From Start-Job, Receive-Job or a remote session: only a property bag arrives, never the voxels.
            string name = typeName["Deserialized.".Length..];
            // A volume read from a file names it (Source): the voxels are one Import-VoxelStack away
            // on any machine that sees the path (docs/scaling-out.md: send paths, not voxels).
            // Source is the file's path followed by the steps applied since, each as " [step]".
            string source = ((PSObject)inputData).Properties["Source"]?.Value as string ?? string.Empty;
            int cut = source.IndexOf(" [", StringComparison.Ordinal);
            string file = cut > 0 ? source[..cut] : source;
            string steps = cut > 0 ? $" (then {source[(cut + 1)..]})" : string.Empty;
            string reread = file.Length > 0 && Path.IsPathFullyQualified(file)
                ? $" It came from the file '{file}'{steps}: Import-VoxelStack -LiteralPath '{file.Replace("'", "''", StringComparison.Ordinal)}' reads it again where that path exists."
                : string.Empty;
            throw new MicroMorphException(
                WrongInputTypeId,
                MicroMorphErrorKind.InvalidArgument,
                $"The input is a deserialized {name[(name.LastIndexOf('.') + 1)..]} (from a background job or a remote session): volumes do not survive serialization, only their description does (dimensions, voxel size, source, content hash). Import or compute the volume in the session that measures it (inside the job or the remote script block; send paths, not volumes), or use ForEach-Object -Parallel, which passes the objects themselves.{reread}",
                inputData);
        }

        throw new MicroMorphException(WrongInputTypeId, MicroMorphErrorKind.InvalidArgument, Message(value), value);
    }

    private string Message(object value)
    {
        string needed = Describe(Expected);
        return value switch
        {
            string or FileSystemInfo =>
                $"{Passed(value)} is a path, not a volume; this command needs {needed}. Read it first and pipe the volume on: Import-VoxelStack -LiteralPath '{PathOf(value)}' | ...",
            VoxelStack when Expected == typeof(PhaseImage) =>
                $"{Passed(value)} holds grey values (or unnamed labels); this command needs {needed}. Pipe it through ConvertTo-PhaseImage (a stack of integer labels, e.g. -Phase @{{ 0 = 'Pore'; 1 = 'Solid' }}) or Invoke-Trinarization (grey values) first.",
            PhaseImage when Expected == typeof(VoxelStack) =>
                $"{Passed(value)} is already a phase image; this command needs {needed}. Pipe the grey-value VoxelStack it was made from.",
            ParticleImage when Expected == typeof(PhaseImage) =>
                $"{Passed(value)} holds particle labels; this command needs {needed}. Pipe its .PhaseImage (the phases the particles were found in).",
            ParticleImage =>
                $"{Passed(value)} holds particle labels; this command needs {needed}. Pipe its .Labels (the UInt32 label volume) or its .PhaseImage.",
            Volume when Expected == typeof(ParticleImage) =>
                $"{Passed(value)} is not labelled into particles; this command needs {needed}. Pipe it through Get-Particle first (e.g. Get-Particle -Phase <name>).",
            IList list =>
                $"{Passed(value)} holds {list.Count} objects; -InputObject takes one at a time ({needed}). Pipe the collection instead: $items | ...",
            _ => $"{Passed(value)} is not {needed}. This command takes {needed}, e.g. from Import-VoxelStack, ConvertTo-PhaseImage, Invoke-Trinarization or a New-*Model cmdlet.",
        };
    }

    private static string Describe(Type type) => type == typeof(PhaseImage)
        ? "a PhaseImage (a volume of labelled phases)"
        : type == typeof(VoxelStack)
            ? "a VoxelStack (grey values or labels)"
            : type == typeof(ParticleImage)
                ? "a ParticleImage (the output of Get-Particle)"
                : type == typeof(Volume)
                    ? "a volume (a VoxelStack or a PhaseImage)"
                    : "a " + type.Name;

    private static string Passed(object value) => value switch
    {
        string s => $"The input '{s}'",
        FileSystemInfo f => $"The input {f.GetType().Name} '{f.FullName}'",
        PhaseImage p => string.Create(CultureInfo.InvariantCulture, $"The input PhaseImage ({p.Dimensions})"),
        VoxelStack v => string.Create(CultureInfo.InvariantCulture, $"The input VoxelStack ({v.Dimensions} {v.DataType})"),
        ParticleImage p => string.Create(CultureInfo.InvariantCulture, $"The input ParticleImage ({p.Dimensions}, {p.Count} particles)"),
        _ => $"The input {value.GetType().Name}",
    };

    private static string PathOf(object value) => value is FileSystemInfo f ? f.FullName : (string)value;
}
