using MicroMorph.Core.Morphology;

namespace MicroMorph.Core.Descriptors;

/// <summary>The volume fraction of one phase in one slice perpendicular to an axis (002 Fig. 10).</summary>
public sealed record PhaseProfilePoint(string Phase, FlowDirection Axis, int Slice, double Position, string Unit, long VoxelCount, double VolumeFraction);
