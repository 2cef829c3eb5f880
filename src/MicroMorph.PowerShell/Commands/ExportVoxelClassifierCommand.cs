using System.Management.Automation;
using MicroMorph.Core.Classification;
using MicroMorph.Core.Errors;
using MicroMorph.PowerShell.Infrastructure;

namespace MicroMorph.PowerShell.Commands;

/// <summary>Export-VoxelClassifier: saves a trained classifier (.mmclf) atomically; -Force to overwrite.</summary>
[Cmdlet(VerbsData.Export, "VoxelClassifier", SupportsShouldProcess = true)]
[OutputType(typeof(FileInfo))]
public sealed class ExportVoxelClassifierCommand : MicroMorphCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipeline = true)]
    [ValidateNotNull]
    public VoxelClassifier InputObject { get; set; } = null!;

    /// <summary>The file to write (customarily *.mmclf).</summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (!TryResolveOutputPath(Path, Force, out string target) || !ShouldProcess(target, "Write voxel classifier"))
        {
            return;
        }

        if (TryRun("Exporting " + target, o => { VoxelClassifierFile.Save(InputObject, target, Force, o.CancellationToken); return target; }, Path, out var written) && PassThru)
        {
            WriteFileItem(written);
        }
    }
}
