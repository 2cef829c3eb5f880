using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace MicroMorph.PowerShell.Infrastructure;

/// <summary>
/// Helpers for the -Verbose lines of the cmdlets: what was read, decided and solved, written on the
/// pipeline thread after a core run from what the run returned (the core knows nothing of PowerShell).
/// </summary>
internal static class VerboseMessages
{
    /// <summary>
    /// Whether verbose output is shown (-Verbose, or $VerbosePreference other than SilentlyContinue/Ignore):
    /// for lines that cost an extra pass over a volume.
    /// </summary>
    public static bool IsEnabled(PSCmdlet cmdlet)
    {
        if (cmdlet.MyInvocation.BoundParameters.TryGetValue("Verbose", out object? given))
        {
            return LanguagePrimitives.IsTrue(given);
        }

        object? preference = cmdlet.GetVariableValue("VerbosePreference", ActionPreference.SilentlyContinue);
        return LanguagePrimitives.TryConvertTo(preference, out ActionPreference value)
            && value is not (ActionPreference.SilentlyContinue or ActionPreference.Ignore);
    }

    /// <summary>Elapsed time as "0.42 s".</summary>
    public static string Seconds(Stopwatch clock) =>
        clock.Elapsed.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + " s";

    /// <summary>A count with thousands separators, invariant ("1,234,567").</summary>
    public static string Count(long n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>A number as the views show it, invariant, six significant digits.</summary>
    public static string Number(double x) => x.ToString("G6", CultureInfo.InvariantCulture);
}
