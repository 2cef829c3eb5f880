namespace MicroMorph.Core.Mixing;

/// <summary>
/// The four pixel classes of a two-element map (000 Section 2.3.2): bit 0 is the carbon signal,
/// bit 1 the silicon (silica) signal. [1,0] has carbon concentration 1, [0,1] 0 and [1,1] 0.5;
/// [0,0] is background and is ignored.
/// </summary>
public enum PixelClass : byte
{
    Background = 0,
    CarbonOnly = 1,
    SilicaOnly = 2,
    Both = 3,
}
