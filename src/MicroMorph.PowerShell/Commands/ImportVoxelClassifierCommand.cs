using System.Management.Automation;
using MicroMorph.Core.Classification;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>Import-VoxelClassifier: loads a classifier written by Export-VoxelClassifier.</summary>
[Cmdlet(VerbsData.Import, "VoxelClassifier")]
[OutputType(typeof(VoxelClassifier))]
public sealed class ImportVoxelClassifierCommand : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    protected override void ProcessRecord()
    {
        IReadOnlyList<string> files;
        try
        {
            files = PathResolver.ResolveExisting(this, Path, literal: false);
        }
        catch (Core.Errors.MicroMorphException ex)
        {
            WriteError(ex, Path);
            return;
        }

        foreach (string file in files)
        {
            if (TryRun("Importing " + file, _ => VoxelClassifierFile.Load(file), Path, out var classifier))
            {
                WriteObject(classifier);
            }
        }
    }
}
