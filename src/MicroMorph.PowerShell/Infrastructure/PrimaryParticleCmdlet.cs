using System.Management.Automation;
using MicroMorph.Core.Mixing;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Base of the cmdlets that take the primary particle sizes of carbon-silica hetero-aggregates
/// (000, Section 2): mean diameters and their standard deviations, in the length unit of the map.
/// </summary>
public abstract class PrimaryParticleCmdlet : MicroMorphCmdlet
{
    /// <summary>Mean carbon primary particle diameter.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(double.Epsilon, double.MaxValue)]
    public double CarbonDiameter { get; set; }

    /// <summary>Mean silica primary particle diameter.</summary>
    [Parameter(Mandatory = true)]
    [ValidateRange(double.Epsilon, double.MaxValue)]
    public double SilicaDiameter { get; set; }

    /// <summary>Standard deviation of the carbon diameters (gamma distributed).</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double CarbonDiameterSpread { get; set; }

    /// <summary>Standard deviation of the silica diameters (gamma distributed).</summary>
    [Parameter]
    [ValidateRange(0, double.MaxValue)]
    public double SilicaDiameterSpread { get; set; }

    /// <summary>The four parameters as the core's record.</summary>
    protected PrimaryParticleSizes Sizes => new(CarbonDiameter, SilicaDiameter, CarbonDiameterSpread, SilicaDiameterSpread);
}
