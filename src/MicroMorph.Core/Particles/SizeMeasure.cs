namespace MicroMorph.Core.Particles;

/// <summary>The particle size that size classes are defined on.</summary>
public enum SizeMeasure
{
    /// <summary>Particle volume (unit cubed), as in 004 Eq. 2 and Fig. 10.</summary>
    Volume,

    /// <summary>Equivalent spherical diameter (unit), as in 004 Figs. 9 and 12.</summary>
    EquivalentDiameter,
}
