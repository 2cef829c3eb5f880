namespace MicroMorph.Core.Mixing;

/// <summary>
/// How the size-spread terms sigma^2_SD of 000 Eq. 5 are read for polydisperse species
/// (docs/methods/mixing-quality.md, "Eq. 5 for polydisperse species": the evidence).
/// </summary>
public enum SizeSpreadReading
{
    /// <summary>
    /// Default. sigma^2 is the squared coefficient of variation of the projected particle area (the 2-D
    /// analogue of Stange's particle-mass variance), from the diameter mean and spread assuming gamma
    /// diameters; the size factor uses the mean areas. Matches fixed-area Monte Carlo within a few per cent.
    /// </summary>
    Area,

    /// <summary>
    /// sigma^2 is the squared coefficient of variation of the diameter (MicroMorph's reading up to
    /// 2026-12): the random-mixture variance comes out 10-20 % low at cv 0.2-0.25.
    /// </summary>
    Diameter,
}
