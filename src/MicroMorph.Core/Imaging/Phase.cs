namespace MicroMorph.Core.Imaging;

/// <summary>One entry of a phase table: the label stored in the voxels, its name and display colour.</summary>
public sealed record Phase(byte Label, string Name, RgbColor Color)
{
    public override string ToString() => $"{Label} {Name}";
}
