namespace MicroMorph.Core.Morphology;

/// <summary>The axis along which a transport descriptor is measured: from the face at 0 (inlet) to the opposite face (outlet).</summary>
public enum FlowDirection
{
    X,
    Y,
    Z,
}
