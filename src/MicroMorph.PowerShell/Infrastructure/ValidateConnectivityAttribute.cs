using System.Management.Automation;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Accepts the voxel connectivities 6, 18 and 26 only. It stands in for <c>[ValidateSet("6", "18", "26")]</c>,
/// which PowerShell completes sorted as text (18 26 6) in place of <see cref="ConnectivityCompleter"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
public sealed class ValidateConnectivityAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        object value = arguments is PSObject wrapped ? wrapped.BaseObject : arguments;
        if (value is int connectivity && Array.Exists(ConnectivityCompleter.Neighbourhoods, n => n.Value == connectivity))
        {
            return;
        }

        throw new ValidationMetadataException(
            $"The connectivity {value} is not one of 6 (faces), 18 (faces and edges) or 26 (faces, edges and corners).");
    }
}
