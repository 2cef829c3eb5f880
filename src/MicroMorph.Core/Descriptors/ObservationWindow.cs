namespace MicroMorph.Core.Descriptors;

/// <summary>How the border of the image is treated by window-based estimators.</summary>
public enum ObservationWindow
{
    /// <summary>
    /// The image is a window into a larger stationary structure (a tomogram of a material):
    /// only 2x2x2 configurations fully inside the image count, and densities refer to the
    /// volume they cover (edge-corrected, unbiased densities).
    /// </summary>
    Stationary,

    /// <summary>
    /// The image holds whole objects surrounded by background: the image is padded with
    /// background, so the results are the object's totals (divided by the image volume for densities).
    /// </summary>
    Background,
}
